/**
 * `npm run demo -- --wait`: after the demo, bot A stays in the call and a
 * person talks with it from the browser call page. Headless Chromium (fake
 * camera, a flite WAV as its microphone) opens the URL the demo prints, joins,
 * hears A's welcome, chats and speaks; A answers both. Ctrl-C ends the demo
 * with its usual result.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { readPcmWav } from '../helpers/wav-file';
import { writeWav } from '../../examples/wav';
import { ExampleProcess } from './helpers/example-process';

let dir: string;
let wav: string;
let demo: ExampleProcess | undefined;
let browser: Browser | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-demo-wait-'));
  const speech = path.join(dir, 'speech.wav');
  execFileSync('flite', ['-voice', 'rms', '-t', 'Hello bot, can you hear me?', '-o', speech]);
  const { pcm, sampleRate } = readPcmWav(speech);
  // Chromium loops the file: 1.5 s of silence after the words ends each utterance for the bot's VAD.
  wav = path.join(dir, 'mic.wav');
  writeWav(wav, { sampleRate, channels: 1, pcm: Buffer.concat([pcm, Buffer.alloc(sampleRate * 3)]) });
});

afterAll(async () => {
  await browser?.close();
  await demo?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('keeps the call open for a browser: A welcomes, answers chat and speech, and Ctrl-C ends it', async () => {
  demo = new ExampleProcess('demo', ['--wait', path.join(dir, 'received.wav')]);
  const url = /meeting URL: (http\S+)/.exec(await demo.line(/meeting URL: http/, 60_000))![1]!;
  expect(await demo.line(/nsenter --target \d+ --net/, 1000)).toContain(url);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${url}?name=Ada`);
  await page.click('#join-button');
  await page.waitForSelector('body[data-state="in-call"]', { timeout: 15_000 });
  await demo.line(/A\s+Ada joined/, 10_000);

  // A's spoken welcome moves the level meter of its tile.
  const meter = page.locator('[data-testid="tile"][data-local="false"] [data-testid="audio-level"]');
  const level = (): Promise<number> => meter.evaluate((m) => (m as unknown as { value: number }).value);
  await expect.poll(level, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0.2);

  await page.click('#chat-button');
  await page.fill('#chat-input', 'hi bot');
  await page.click('#chat-send');
  await expect
    .poll(() => page.locator('[data-testid="chat-text"]').allTextContents(), { timeout: 10_000 })
    .toEqual(['hi bot', 'Bot A got your message (6 characters).']);
  expect(await page.locator('[data-testid="chat-from"]').nth(1).textContent()).toBe('Bot A');
  await demo.line(/A\s+chat from Ada: hi bot/, 5000);

  const heard = /heard Ada speak for (\d+\.\d) s/.exec(await demo.line(/heard Ada speak for/, 30_000))!;
  expect(Number(heard[1])).toBeGreaterThan(0.5);

  demo.child.kill('SIGINT');
  expect(await demo.exit(20_000)).toBe(0);
  expect(demo.stdout.join('\n')).toMatch(/^OK: B heard A speak/m);
}, 120_000);
