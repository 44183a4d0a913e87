/**
 * Audio written at rates the engine does not run at (22050 and 11025 Hz, as
 * TTS engines produce) is resampled in the engine and heard right at the far
 * end: the tone keeps its pitch and its level, and writes complete on time
 * with the frame counts of the written rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tone } from '../helpers/audio';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { measureTone } from './helpers/media';
import { CustomAudioSource, CustomAudioTrack, Daily, type VirtualMicrophoneDevice } from './helpers/sdk';

let server: TestServer;
let a: Bot;
let b: Bot;
let mic: VirtualMicrophoneDevice;
let tts: CustomAudioSource;

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
});
