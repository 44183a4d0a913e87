/**
 * Opens the call page in Chromium (playwright-core) in a call with an SDK bot
 * that sends a 440 Hz tone and a coloured camera, checks both directions of
 * audio, and optionally saves screenshots of the page (desktop 1280x720 and
 * phone 390x844). Run inside the private network namespace:
 *
 *   bash scripts/netns-run npx --no-install ts-node -T server/web/tools/call-with-bot.ts [screenshot-folder]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { startTestServer } from '../../test/helpers/server-fixture';
import { CallClient, Daily } from '../../../src';
import { tone } from '../../../test/helpers/audio';
import { chromiumArgs } from '../../../test/helpers/chromium-args';

const log = (what: string): void => console.log(`${new Date().toISOString().slice(11, 23)} ${what}`);

async function openPage(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('console', (m) => log(`page: ${m.type()} ${m.text()}`));
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  if (process.env.WS_DEBUG)
    page.on('websocket', (ws) =>
      ws
        .on('framereceived', (f) => log(`ws< ${String(f.payload).slice(0, 3000)}`))
        .on('framesent', (f) => log(`ws> ${String(f.payload).slice(0, 3000)}`)),
    );
  page.on('requestfailed', (r) => log(`failed ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) log(`${r.status()} ${r.url()}`);
  });
  await page.goto(url);
  await page.click('#join-button');
  await page.waitForSelector('body[data-state="in-call"]', { timeout: 15_000 });
  return page;
}

/** RMS and dominant frequency of the first remote microphone audio element, measured in the page. */
function measureInPage(page: Page): Promise<{ rms: number; peakHz: number }> {
  return page.evaluate(async () => {
    const audio = document.querySelector<HTMLAudioElement>('audio[data-track="microphone"]');
    if (!audio?.srcObject) return { rms: -1, peakHz: -1 };
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 8192;
    ctx.createMediaStreamSource(audio.srcObject as MediaStream).connect(analyser);
    await new Promise((r) => setTimeout(r, 1500));
    const time = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(time);
    const freq = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(freq);
    let peak = 0;
    for (let i = 1; i < freq.length; i++) if (freq[i]! > freq[peak]!) peak = i;
    const rms = Math.sqrt(time.reduce((s, v) => s + v * v, 0) / time.length);
    await ctx.close();
    return { rms, peakHz: (peak * ctx.sampleRate) / analyser.fftSize };
  });
}

async function main(): Promise<void> {
  const shots = process.argv[2];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-page-'));
  const wav = path.join(dir, 'speech.wav');
  execFileSync('flite', [
    '-voice',
    'rms',
    '-t',
    'Hello bot, this is the browser speaking to you through the meeting server.',
    '-o',
    wav,
  ]);
  const server = await startTestServer();
  await server.rest('POST', '/v1/rooms', { name: 'demo' });
  await Daily.init();
  const bot = new CallClient();
  const mic = Daily.createMicrophoneDevice('bot-mic', { sampleRate: 16000 });
  const cam = Daily.createCameraDevice('bot-cam', 320, 240);
  const frame = Buffer.alloc(320 * 240 * 4);
  for (let i = 0; i < frame.length; i += 4) frame.set([40, 120, 220, 255], i);
  const camTimer = setInterval(() => cam.writeFrame(frame), 100);
  bot.setUserName('Voice bot');
  await bot.join(server.meetingUrl('demo'), {
    clientSettings: {
      inputs: {
        camera: { isEnabled: true, settings: { deviceId: 'bot-cam' } },
        microphone: { isEnabled: true, settings: { deviceId: 'bot-mic' } },
      },
    },
  });
  mic.writeFrames(tone(440, 600_000, 16000, 0.3)).catch(() => undefined);
  const listener = new CallClient();
  listener.setUserName('Note-taker bot');
  await listener.join(server.meetingUrl('demo'), { clientSettings: { inputs: { camera: false, microphone: false } } });
  let heard = 0;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs(wav),
  });
  try {
    const page = await openPage(browser, `${server.meetingUrl('demo')}?name=${encodeURIComponent('Ada (browser)')}`, {
      width: 1280,
      height: 720,
    });
    const pid = await page.evaluate(
      () => (window as unknown as { __dailyPage: { participantId: string | null } }).__dailyPage.participantId,
    );
    log(`page joined as ${pid}`);
    bot.setAudioRenderer(pid!, (_id, data) => {
      const s = new Int16Array(data.audioFrames.buffer, data.audioFrames.byteOffset, data.audioFrames.length / 2);
      heard = Math.max(heard, Math.sqrt(s.reduce((a, v) => a + (v / 32768) ** 2, 0) / s.length));
    });
    await page.waitForSelector('audio[data-track="microphone"]', { state: 'attached', timeout: 15_000 });
    await page.waitForSelector(`[data-testid="tile"][data-local="false"] video`, { timeout: 15_000 });
    log(`page measures the bot: ${JSON.stringify(await measureInPage(page))}`);
    await new Promise((r) => setTimeout(r, 3000));
    log(`bot hears the page: peak RMS ${heard.toFixed(3)}`);
    if (shots) {
      fs.mkdirSync(shots, { recursive: true });
      await bot.sendPrebuiltChatMessage('Hi! I am the voice bot. Say something and I will answer.', {
        userName: 'Voice bot',
      });
      await page.click('#chat-button');
      await page.waitForSelector('[data-testid="chat-message"]');
      await page.screenshot({ path: path.join(shots, 'call-page-desktop.png') });
      const phone = await openPage(browser, `${server.meetingUrl('demo')}?name=Grace`, { width: 390, height: 844 });
      await phone.waitForSelector(`[data-testid="tile"][data-local="false"] video`, { timeout: 15_000 });
      await new Promise((r) => setTimeout(r, 1500));
      await phone.screenshot({ path: path.join(shots, 'call-page-phone.png') });
      log(`screenshots in ${shots}`);
    }
  } finally {
    clearInterval(camTimer);
    await browser.close();
    await bot.release();
    await listener.release();
    await Daily.deinit();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
