/**
 * Audio written at rates the engine does not run at (22050 and 11025 Hz, as
 * TTS engines produce) is resampled in the engine and heard right at the far
 * end: the tone keeps its pitch and its level, and writes complete on time
 * with the frame counts of the written rate. Renderers and speakers at such
 * rates (22050, 11025, 17000 Hz; mono and stereo) hear the tone at its pitch
 * too, with callbacks that add up to the rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { channelSamples, rms, tone, toneAmplitude, zeroCrossingFrequency } from '../helpers/audio';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { measureTone } from './helpers/media';
import {
  CustomAudioSource,
  CustomAudioTrack,
  Daily,
  type CallClient,
  type VirtualMicrophoneDevice,
} from './helpers/sdk';

let server: TestServer;
let a: Bot;
let b: Bot;
let mic: VirtualMicrophoneDevice;
let tts: CustomAudioSource;

/**
 * One second of a participant's microphone through audioFrames at `sampleRate`,
 * once it is loud; also the frame counts of the callbacks.
 */
async function renderAt(
  client: CallClient,
  participantId: string,
  sampleRate: number,
  intervalMs: number,
): Promise<{ samples: Float64Array; frameCounts: number[] }> {
  const chunks: Buffer[] = [];
  const frameCounts: number[] = [];
  let collected = 0;
  const stream = client.audioFrames(participantId, { sampleRate, intervalMs });
  const timer = setTimeout(() => void stream.return(), 20_000);
  try {
    for await (const frame of stream) {
      const data = frame.audioData.audioFrames;
      expect(frame.audioData.sampleRate).toBe(sampleRate);
      if (collected === 0 && rms(channelSamples(data)) < 0.03) continue;
      frameCounts.push(frame.audioData.numAudioFrames);
      // The first 200 ms after the onset are skipped (resampler and jitter buffer settling).
      if (frameCounts.length * intervalMs > 200) chunks.push(Buffer.from(data));
      collected += frame.audioData.numAudioFrames;
      if (collected >= sampleRate * 1.2) break;
    }
  } finally {
    clearTimeout(timer);
    await stream.return();
  }
  return { samples: channelSamples(Buffer.concat(chunks)), frameCounts };
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  const url = await createRoom(server, 'rates');
  mic = Daily.createMicrophoneDevice('mic-22k', { sampleRate: 22050 });
  tts = new CustomAudioSource(11025, 1);
  a = new Bot('A');
  b = new Bot('B');
  const microphone = { isEnabled: true, settings: { deviceId: 'mic-22k' } };
  await a.client.join(url, { clientSettings: { inputs: { camera: false, microphone } } });
  await a.client.addCustomAudioTrack('tts', new CustomAudioTrack(tts));
  await b.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
}, 60_000);

afterAll(async () => {
  for (const bot of [a, b]) await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

describe('any sample rate', () => {
  it('a 22050 Hz microphone: B hears 440 Hz (not the 479 Hz of playing it at 24000) at the level written', async () => {
    // Written ahead; the engine paces it. Cut short by Daily.deinit() at the end.
    mic.writeFrames(tone(440, 60_000, 22050, 0.3)).catch(() => undefined);
    const heard = await measureTone(b.client, a.id, 'microphone', 440);
    expect(Math.abs(heard.frequency - 440)).toBeLessThan(10);
    expect(heard.level).toBeGreaterThan(0.2);
    expect(heard.level).toBeLessThan(0.4);
  });

  it('an 11025 Hz custom source: B hears 1000 Hz; two seconds written play in about two seconds', async () => {
    const started = performance.now();
    const played = tts.writeFrames(tone(1000, 2000, 11025, 0.3));
    const heard = await measureTone(b.client, a.id, 'tts', 1000, 500);
    expect(Math.abs(heard.frequency - 1000)).toBeLessThan(15);
    expect(heard.level).toBeGreaterThan(0.2);
    expect(await played).toBe(22050);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(1900);
    expect(elapsed).toBeLessThan(3500);
  });

  it('B renders A at 22050 Hz: 440 Hz at its pitch (not the 479 Hz of 24000 read as 22050), 441 frames per 20 ms', async () => {
    const { samples, frameCounts } = await renderAt(b.client, a.id, 22050, 20);
    expect(Math.abs(zeroCrossingFrequency(samples, 22050) - 440)).toBeLessThan(10);
    expect(toneAmplitude(samples, 440, 22050)).toBeGreaterThan(0.2);
    expect(new Set(frameCounts)).toEqual(new Set([441]));
  });

  it('B renders A at 11025 Hz in 10 ms callbacks of 110 and 111 frames that add up to the rate', async () => {
    const { samples, frameCounts } = await renderAt(b.client, a.id, 11025, 10);
    expect(Math.abs(zeroCrossingFrequency(samples, 11025) - 440)).toBeLessThan(10);
    expect(new Set(frameCounts)).toEqual(new Set([110, 111]));
    const first100 = frameCounts.slice(0, 100).reduce((sum, n) => sum + n, 0);
    expect(first100).toBe(11025);
  });

  it('B renders A at an odd rate, 17000 Hz', async () => {
    const { samples } = await renderAt(b.client, a.id, 17000, 20);
    expect(Math.abs(zeroCrossingFrequency(samples, 17000) - 440)).toBeLessThan(10);
    expect(toneAmplitude(samples, 440, 17000)).toBeGreaterThan(0.2);
  });

  it('a stereo 11025 Hz speaker plays the call at its pitch in both channels; reads keep real time', async () => {
    const speaker = Daily.createSpeakerDevice('speaker-11k', { sampleRate: 11025, channels: 2 });
    await Daily.selectSpeakerDevice('speaker-11k');
    await speaker.readFrames(5513);
    const started = performance.now();
    const pcm = await speaker.readFrames(11025);
    const elapsed = performance.now() - started;
    expect(pcm.byteLength).toBe(11025 * 4);
    for (const channel of [0, 1]) {
      const samples = channelSamples(pcm, 2, channel);
      expect(Math.abs(zeroCrossingFrequency(samples, 11025) - 440)).toBeLessThan(10);
      expect(toneAmplitude(samples, 440, 11025)).toBeGreaterThan(0.2);
    }
    expect(elapsed).toBeGreaterThan(850);
    expect(elapsed).toBeLessThan(1500);
    await speaker.release();
  });

  it('a 22050 Hz mono speaker and a 17000 Hz one hear 440 Hz', async () => {
    for (const sampleRate of [22050, 17000]) {
      const speaker = Daily.createSpeakerDevice(`speaker-${sampleRate}`, { sampleRate });
      await Daily.selectSpeakerDevice(`speaker-${sampleRate}`);
      await speaker.readFrames(sampleRate / 2);
      const samples = channelSamples(await speaker.readFrames(sampleRate));
      expect(Math.abs(zeroCrossingFrequency(samples, sampleRate) - 440)).toBeLessThan(10);
      expect(toneAmplitude(samples, 440, sampleRate)).toBeGreaterThan(0.2);
      await speaker.release();
    }
  });
});
