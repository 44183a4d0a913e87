/**
 * Two people in two Chromiums and two SDK bots in one room: everyone hears
 * everyone. The bots hear each page's speech (NativeVad) and each other's
 * tone; each page hears both bots' tones at their frequencies and the other
 * page's speech (analysers in the page). Real server, Janus and Chromium.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tone } from '../helpers/audio';
import { Bot } from './helpers/bot';
import { pageParticipantId, speechWav, TestBrowser } from './helpers/browser';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { measureTone } from './helpers/media';
import { waitHeard } from './helpers/page-audio';
import { Daily } from './helpers/sdk';
import { SpeechListener } from './helpers/speech-listener';

interface Person {
  browser: TestBrowser;
  page: Page;
  id: string;
}

interface ToneBot {
  bot: Bot;
  hz: number;
}

let server: TestServer;
let dir: string;
const people: Person[] = [];
const bots: ToneBot[] = [];

async function joinToneBot(url: string, name: string, hz: number): Promise<ToneBot> {
  const mic = Daily.createMicrophoneDevice(`mic-${name}`, { sampleRate: 16000 });
  const bot = new Bot(name);
  bot.client.setUserName(name);
  const microphone = { isEnabled: true, settings: { deviceId: `mic-${name}` } };
  await bot.client.join(url, { clientSettings: { inputs: { camera: false, microphone } } });
  // Written ahead; the engine paces it. Cut short by Daily.deinit() at the end.
  mic.writeFrames(tone(hz, 120_000, 16000, 0.3)).catch(() => undefined);
  return { bot, hz };
}

async function joinPerson(url: string, name: string, wav: string): Promise<Person> {
  const browser = await TestBrowser.launch({ microphoneWav: wav });
  try {
    const page = await browser.joinCall(url, name);
    return { browser, page, id: await pageParticipantId(page) };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

beforeAll(async () => {
  await Daily.init();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-browser-group-'));
  const wav = speechWav(dir, 'Good morning everyone. I can hear the bots and the other person in this call.');
  server = await startCallServer();
  const url = await createRoom(server, 'browser-group');
  bots.push(await joinToneBot(url, 'Bot440', 440), await joinToneBot(url, 'Bot660', 660));
  const joined = await Promise.allSettled([joinPerson(url, 'Ada', wav), joinPerson(url, 'Grace', wav)]);
  for (const j of joined) if (j.status === 'fulfilled') people.push(j.value);
  for (const j of joined) if (j.status === 'rejected') throw j.reason;
}, 90_000);

afterAll(async () => {
  for (const person of people) await person.browser.close();
  for (const { bot } of bots) await bot.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('two people and two bots in one room', () => {
  it('each bot hears each person speak', async () => {
    const listeners = bots.flatMap(({ bot }) => people.map((p) => new SpeechListener(bot.client, p.id)));
    const heard = await Promise.all(listeners.map((l) => l.waitSpeech(400)));
    for (const ms of heard) expect(ms).toBeGreaterThanOrEqual(400);
  });

  it("each person hears both bots' tones at their frequencies", async () => {
    const checks = people.flatMap(({ page }) =>
      bots.map(async ({ bot, hz }) => ({
        bot: bot.name,
        hz,
        heard: await waitHeard(page, bot.id, 'microphone', 0.05),
      })),
    );
    for (const { bot, hz, heard } of await Promise.all(checks)) {
      expect(Math.abs(heard.peakHz - hz), `${bot} at ${heard.peakHz} Hz`).toBeLessThanOrEqual(20);
    }
  });

  it('each person hears the other person', async () => {
    const [ada, grace] = people as [Person, Person];
    const heard = await Promise.all([
      waitHeard(ada.page, grace.id, 'microphone', 0.02),
      waitHeard(grace.page, ada.id, 'microphone', 0.02),
    ]);
    for (const h of heard) expect(h.rms).toBeGreaterThanOrEqual(0.02);
  });

  it("each bot hears the other bot's tone", async () => {
    const [first, second] = bots as [ToneBot, ToneBot];
    const pairs: [ToneBot, ToneBot][] = [
      [first, second],
      [second, first],
    ];
    for (const [listener, speaker] of pairs) {
      const heard = await measureTone(listener.bot.client, speaker.bot.id, 'microphone', speaker.hz);
      expect(Math.abs(heard.frequency - speaker.hz)).toBeLessThan(10);
    }
  });
});
