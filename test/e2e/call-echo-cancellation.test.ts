/**
 * Echo cancellation on a virtual microphone (daily-python's
 * `customConstraints: { echoCancellation: ... }`): bot A bridges a "room" in
 * which its speaker is heard by its microphone. The test makes that room: it
 * reads A's selected speaker and writes what it plays, 6 dB down, back into
 * A's microphone about 60 ms later. B plays a tone. Without echo
 * cancellation B hears its own tone back from A; with it (libwebrtc's AEC3,
 * the speaker's playout as the reference) the echo is at least 20 dB lower.
 * A's own voice (white noise the bot mixes into what its microphone hears)
 * still reaches B. updateInputs switches it live both ways, and join's
 * clientSettings switch it on.
 *
 * The voice is noise, not a tone: the process has one speaker, so A's voice
 * as B receives it is in the speaker's mix too, and so in the echo reference
 * and (through the room) in A's microphone. A tone is the same tone a moment
 * later, so AEC3 could rightly take A's voice for its own echo and remove it
 * (a clean-clone run saw it 40 dB down); noise a moment later is other noise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { channelSamples, tone, toneAmplitude } from '../helpers/audio';
import { silence, whiteNoise } from '../helpers/pcm-signals';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { Daily, type CallClient, type VirtualMicrophoneDevice, type VirtualSpeakerDevice } from './helpers/sdk';

const RATE = 16000;
const ECHO_GAIN = 0.5;
const ECHO_DELAY_MS = 40;
/** A's own voice: white noise of this RMS (-20 dBFS), 8 s before it repeats (longer than any echo AEC3 models). */
const VOICE_LEVEL = 0.1;
const VOICE = new Int16Array(new Uint8Array(whiteNoise(RATE, 8, 20 * Math.log10(VOICE_LEVEL))).buffer);

let server: TestServer;
let url: string;
let a: Bot;
let b: Bot;
let echoLoop: { stop(): Promise<void> } | undefined;

/**
 * The room: what A's speaker plays reaches A's microphone, attenuated and
 * late, together with A's own voice.
 */
function startEchoLoop(speaker: VirtualSpeakerDevice, mic: VirtualMicrophoneDevice): { stop(): Promise<void> } {
  let running = true;
  let at = 0;
  void mic.writeFrames(silence(RATE, ECHO_DELAY_MS / 1000));
  const loop = (async () => {
    while (running) {
      const played = await speaker.readFrames(RATE / 50);
      if (!running || played.byteLength === 0) break;
      const pcm = new Int16Array(played.buffer, played.byteOffset, played.byteLength / 2);
      const heard = Int16Array.from(pcm, (v, i) => Math.round(v * ECHO_GAIN + VOICE[(at + i) % VOICE.length]));
      at = (at + pcm.length) % VOICE.length;
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

/**
 * What B hears of A's microphone, over `ms` after `settleMs`: the amplitude
 * of its own tone (the echo) and the RMS of everything else (A's voice).
 */
async function levels(
  client: CallClient,
  participantId: string,
  settleMs: number,
  ms = 1000,
): Promise<{ echo: number; voice: number }> {
  const stream = client.audioFrames(participantId, { sampleRate: RATE, intervalMs: 20 });
  const chunks: Buffer[] = [];
  let seenMs = 0;
  for await (const frame of stream) {
    seenMs += 20;
    if (seenMs > settleMs) chunks.push(Buffer.from(frame.audioData.audioFrames));
    if (seenMs >= settleMs + ms) break;
  }
  await stream.return();
  const samples = channelSamples(Buffer.concat(chunks));
  const echo = toneAmplitude(samples, 440, RATE);
  const power = samples.reduce((sum, v) => sum + v * v, 0) / Math.max(samples.length, 1);
  // A sine of amplitude `echo` has power echo²/2; what is left is the voice.
  return { echo, voice: Math.sqrt(Math.max(0, power - (echo * echo) / 2)) };
}

function microphoneWith(echoCancellation: boolean): object {
  return { isEnabled: true, settings: { deviceId: 'mic-a', customConstraints: { echoCancellation } } };
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, 'echo');
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
  let withoutAec = { echo: 0, voice: 0 };

  it('without echoCancellation, B hears its tone back from A, and A', async () => {
    withoutAec = await levels(b.client, a.id, 2000);
    expect(withoutAec.echo).toBeGreaterThan(0.05);
    expect(withoutAec.voice).toBeGreaterThan(VOICE_LEVEL / 3); // Opus keeps about 0.7 of white noise's RMS
  });

  it('updateInputs({ echoCancellation: { exact: true } }): the echo drops by at least 20 dB, A still heard', async () => {
    await a.client.updateInputs({
      microphone: { settings: { deviceId: 'mic-a', customConstraints: { echoCancellation: { exact: true } } } },
    });
    const withAec = await levels(b.client, a.id, 4000);
    const dropDb = 20 * Math.log10(withoutAec.echo / Math.max(withAec.echo, 1e-6));
    expect(dropDb).toBeGreaterThanOrEqual(20);
    // AEC3 holds the near end down a little while the far end talks too (measured: -8 dB); the echo is gone.
    expect(withAec.voice).toBeGreaterThan(VOICE_LEVEL / 10); // AEC3 ducks double talk by 8-15 dB; echo is 60 dB down
  });

  it('switched off again, the echo comes back', async () => {
    await a.client.updateInputs({ microphone: microphoneWith(false) as never });
    expect((await levels(b.client, a.id, 2000)).echo).toBeGreaterThan(withoutAec.echo / 3);
  });

  it('a constraint it does not apply is refused, naming the key; the call goes on', async () => {
    expect(() =>
      a.client.updateInputs({
        microphone: { settings: { deviceId: 'mic-a', customConstraints: { echoCanceller: true } } },
      }),
    ).toThrow(
      'inputSettings.microphone.settings.customConstraints.echoCanceller: is not a constraint a virtual ' +
        'microphone applies (known: echoCancellation, noiseSuppression, autoGainControl)',
    );
    expect(a.client.inputs().microphone?.settings).toEqual({
      deviceId: 'mic-a',
      customConstraints: { echoCancellation: false },
    });
  });

  it("join's clientSettings switch it on too ({ ideal: true })", async () => {
    await a.client.leave();
    const microphone = {
      isEnabled: true,
      settings: { deviceId: 'mic-a', customConstraints: { echoCancellation: { ideal: true } } },
    };
    const mark = b.mark;
    await a.client.join(url, { clientSettings: { inputs: { camera: false, microphone } } });
    await b.waitEvent('participant-joined', (p) => p.id === a.id, 15_000, mark);
    const rejoined = await levels(b.client, a.id, 4000);
    expect(20 * Math.log10(withoutAec.echo / Math.max(rejoined.echo, 1e-6))).toBeGreaterThanOrEqual(20);
    expect(rejoined.voice).toBeGreaterThan(VOICE_LEVEL / 10);
  });
});
