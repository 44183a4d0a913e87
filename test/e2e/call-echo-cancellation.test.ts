/**
 * Echo cancellation on a virtual microphone (daily-python's
 * `customConstraints: { echoCancellation: ... }`): bot A bridges a "room" in
 * which its speaker is heard by its microphone. The test makes that room: it
 * reads A's selected speaker and writes what it plays, 6 dB down, back into
 * A's microphone about 60 ms later. B plays a tone. Without echo
 * cancellation B hears its own tone back from A; with it (libwebrtc's AEC3,
 * the speaker's playout as the reference) the echo is at least 20 dB lower.
 * updateInputs switches it live both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { channelSamples, tone, toneAmplitude } from '../helpers/audio';
import { silence } from '../helpers/pcm-signals';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { Daily, type CallClient, type VirtualMicrophoneDevice, type VirtualSpeakerDevice } from './helpers/sdk';

const RATE = 16000;
const ECHO_GAIN = 0.5;
const ECHO_DELAY_MS = 40;

let server: TestServer;
let a: Bot;
let b: Bot;
let echoLoop: { stop(): Promise<void> } | undefined;

/** The room: what A's speaker plays reaches A's microphone, attenuated and late. */
function startEchoLoop(speaker: VirtualSpeakerDevice, mic: VirtualMicrophoneDevice): { stop(): Promise<void> } {
  let running = true;
  void mic.writeFrames(silence(RATE, ECHO_DELAY_MS / 1000));
  const loop = (async () => {
    while (running) {
      const played = await speaker.readFrames(RATE / 50);
      if (!running || played.byteLength === 0) break;
      const pcm = new Int16Array(played.buffer, played.byteOffset, played.byteLength / 2);
      const heard = Int16Array.from(pcm, (v) => Math.round(v * ECHO_GAIN));
      void mic.writeFrames(heard);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** The level of B's 440 Hz tone in what B hears of A's microphone, over `ms`, after `settleMs`. */
async function echoLevel(client: CallClient, participantId: string, settleMs: number, ms = 1000): Promise<number> {
  const stream = client.audioFrames(participantId, { sampleRate: RATE, intervalMs: 20 });
  const chunks: Buffer[] = [];
  let seenMs = 0;
  for await (const frame of stream) {
    seenMs += 20;
    if (seenMs > settleMs) chunks.push(Buffer.from(frame.audioData.audioFrames));
    if (seenMs >= settleMs + ms) break;
  }
  await stream.return();
  return toneAmplitude(channelSamples(Buffer.concat(chunks)), 440, RATE);
}

function microphoneWith(echoCancellation: boolean): object {
  return { isEnabled: true, settings: { deviceId: 'mic-a', customConstraints: { echoCancellation } } };
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  const url = await createRoom(server, 'echo');
  const micA = Daily.createMicrophoneDevice('mic-a', { sampleRate: RATE, nonBlocking: true });
  const speakerA = Daily.createSpeakerDevice('speaker-a', { sampleRate: RATE });
  await Daily.selectSpeakerDevice('speaker-a');
  const micB = Daily.createMicrophoneDevice('mic-b', { sampleRate: RATE });
  a = new Bot('A');
  b = new Bot('B');
  await a.client.join(url, { clientSettings: { inputs: { camera: false, microphone: microphoneWith(false) } } });
  const microphoneB = { isEnabled: true, settings: { deviceId: 'mic-b' } };
  await b.client.join(url, { clientSettings: { inputs: { camera: false, microphone: microphoneB } } });
  // B talks: a steady tone, written ahead (cut short by Daily.deinit() at the end).
  micB.writeFrames(tone(440, 60_000, RATE, 0.3)).catch(() => undefined);
  echoLoop = startEchoLoop(speakerA, micA);
}, 60_000);

afterAll(async () => {
  await echoLoop?.stop().catch(() => undefined);
  for (const bot of [a, b]) await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

describe('echo cancellation on a virtual microphone', () => {
  let withoutAec = 0;

  it('without echoCancellation, B hears its tone back from A', async () => {
    withoutAec = await echoLevel(b.client, a.id, 2000);
    expect(withoutAec).toBeGreaterThan(0.05);
  });

  it('updateInputs({ echoCancellation: { exact: true } }): the echo B hears drops by at least 20 dB', async () => {
    await a.client.updateInputs({
      microphone: { settings: { deviceId: 'mic-a', customConstraints: { echoCancellation: { exact: true } } } },
    });
    const withAec = await echoLevel(b.client, a.id, 4000);
    const dropDb = 20 * Math.log10(withoutAec / Math.max(withAec, 1e-6));
    expect(dropDb).toBeGreaterThanOrEqual(20);
  });

  it('switched off again, the echo comes back', async () => {
    await a.client.updateInputs({ microphone: microphoneWith(false) as never });
    expect(await echoLevel(b.client, a.id, 2000)).toBeGreaterThan(withoutAec / 3);
  });
});
