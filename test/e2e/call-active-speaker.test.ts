/**
 * Active speaker and custom audio tracks, as in daily-python: a custom audio
 * track counts like a microphone unless it was added with ignoreAudioLevel.
 * Q plays a loud tone on a custom track with ignoreAudioLevel; T plays one on a
 * custom track without it; L listens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tone } from '../helpers/audio';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { measureTone } from './helpers/media';
import { CustomAudioSource, CustomAudioTrack, Daily } from './helpers/sdk';

let server: TestServer;
let url: string;
const bots: Bot[] = [];

/** A bot that joins without devices and plays `hz` on the custom audio track `name`. */
async function player(botName: string, name: string, hz: number, ignoreAudioLevel: boolean | null): Promise<Bot> {
  const bot = new Bot(botName);
  bots.push(bot);
  await bot.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
  const source = new CustomAudioSource(16000, 1);
  // Written ahead; the engine paces it. Cut short by Daily.deinit() at the end.
  source.writeFrames(tone(hz, 60_000, 16000, 0.4)).catch(() => undefined);
  await bot.client.addCustomAudioTrack(name, new CustomAudioTrack(source), { ignoreAudioLevel });
  return bot;
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, 'speaker');
}, 30_000);

afterAll(async () => {
  for (const bot of bots) await bot.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

describe('active speaker', () => {
  it('ignores a custom track added with ignoreAudioLevel: true, follows one added without it', async () => {
    const listener = new Bot('L');
    bots.push(listener);
    await listener.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    const quiet = await player('Q', 'music', 600, true);
    // One second of Q's loud tone heard: well past Janus's talking window (25 packets, 500 ms).
    const heard = await measureTone(listener.client, quiet.id, 'music', 600, 1000);
    expect(Math.abs(heard.frequency - 600)).toBeLessThan(20);
    expect(listener.all('active-speaker-changed').filter(([p]) => p !== null)).toEqual([]);

    const talker = await player('T', 'tts', 900, false);
    const [first] = await listener.waitEvent('active-speaker-changed', (p) => p !== null, 15_000);
    expect(first?.id).toBe(talker.id);
    expect(listener.client.activeSpeaker()?.id).toBe(talker.id);
  });
});
