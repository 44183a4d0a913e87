/**
 * A bot that speaks as soon as `join()` resolves is heard from its first
 * words, by a participant already in the call. The speaker sends a "stepped"
 * tone (a new pitch every 100 ms); the pitch of the first audio the listener
 * gets tells how much of the beginning was lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { afterOnset, channelSamples, tone, toneAmplitude } from '../helpers/audio';
import { waitFor } from '../helpers/process';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { CallClient, Daily } from './helpers/sdk';

const RATE = 16000;
const STEP_MS = 100;
const STEPS = 20;
const stepHz = (k: number): number => 300 + 100 * k;

let server: TestServer;
const clients: CallClient[] = [];

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
});

afterAll(async () => {
  for (const c of clients) await c.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

/** 20 steps of 100 ms, 300 Hz to 2200 Hz. */
function steppedTone(): Int16Array {
  const out = new Int16Array((STEPS * STEP_MS * RATE) / 1000);
  for (let k = 0; k < STEPS; k++) out.set(tone(stepHz(k), STEP_MS, RATE, 0.3), (k * STEP_MS * RATE) / 1000);
  return out;
}

/** The step whose pitch is strongest in `window`. */
function loudestStep(window: Float64Array): number {
  let best = 0;
  for (let k = 1; k < STEPS; k++)
    if (toneAmplitude(window, stepHz(k), RATE) > toneAmplitude(window, stepHz(best), RATE)) best = k;
  return best;
}

describe('the first words after join()', () => {
  it('reach a listener already in the call: at most the first 0.5 s is missing', async () => {
    const url = await createRoom(server, 'first-words');
    const mic = Daily.createMicrophoneDevice('first-words-mic', { sampleRate: RATE, channels: 1 });
    const listener = new CallClient();
    const speaker = new CallClient();
    clients.push(listener, speaker);
    const heard: Buffer[] = [];
    listener.on('participant-joined', (p) => {
      listener.setAudioRenderer(p.id, (_id, data) => heard.push(Buffer.from(data.audioFrames)), {
        sampleRate: RATE,
        callbackIntervalMs: 10,
      });
    });
    await listener.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    await speaker.join(url, {
      clientSettings: {
        inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'first-words-mic' } } },
      },
    });
    // Right away, as a bot would: the write resolves once all of it has been played out.
    await mic.writeFrames(steppedTone());
    const voiced = (): Float64Array => afterOnset(channelSamples(Buffer.concat(heard)), 0.05, RATE / 100);
    await waitFor('the listener hears the speaker', () => voiced().length >= (RATE * 60) / 1000, 10_000);
    const first = loudestStep(voiced().subarray(0, (RATE * 40) / 1000));
    // Before the receive connection's DTLS fix, the first ~1 s (10 steps) was lost.
    console.log(`first step heard: ${first} (${first * STEP_MS} ms lost)`);
    expect(first).toBeLessThanOrEqual(5);
  });
});
