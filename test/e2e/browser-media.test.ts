/**
 * A person in Chromium's call page and an SDK bot, through the real server
 * and Janus: the bot hears the person speak (NativeVad on its audio renderer),
 * the person hears the bot's tone and sees its camera's colour, and the
 * person's camera and screen share reach the bot at their sizes.
 * One server, one Chromium and one bot for the whole file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tone } from '../helpers/audio';
import { waitFor } from '../helpers/process';
import type { Rgb } from '../helpers/video-pixels';
import { Bot } from './helpers/bot';
import { pageParticipantId, speechWav, TestBrowser } from './helpers/browser';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { frameWriter } from './helpers/media';
import { waitHeard } from './helpers/page-audio';
import { screenshotColour } from './helpers/page-pixels';
import { Daily } from './helpers/sdk';
import { SpeechListener } from './helpers/speech-listener';

const BOT_COLOUR: Rgb = [40, 120, 220];

let server: TestServer;
let dir: string;
let browser: TestBrowser | undefined;
let page: Page;
let pageId: string;
let bot: Bot;
let camera: ReturnType<typeof frameWriter> | undefined;

beforeAll(async () => {
  await Daily.init();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-browser-media-'));
  const wav = speechWav(dir, 'Hello bot. This is the browser speaking to you through the meeting server.');
  server = await startCallServer();
  const url = await createRoom(server, 'browser-media');
  const mic = Daily.createMicrophoneDevice('bot-mic', { sampleRate: 16000 });
  const cam = Daily.createCameraDevice('bot-cam', 320, 240);
  camera = frameWriter((f) => cam.writeFrame(f), 320, 240, BOT_COLOUR);
  bot = new Bot('bot');
  bot.client.setUserName('Voice bot');
  await bot.client.join(url, {
    clientSettings: {
      inputs: {
        camera: { isEnabled: true, settings: { deviceId: 'bot-cam' } },
        microphone: { isEnabled: true, settings: { deviceId: 'bot-mic' } },
      },
    },
  });
  // Written ahead; the engine paces it. Cut short by Daily.deinit() at the end.
  mic.writeFrames(tone(440, 120_000, 16000, 0.3)).catch(() => undefined);
  browser = await TestBrowser.launch({ microphoneWav: wav });
  page = await browser.joinCall(url, 'Ada');
  pageId = await pageParticipantId(page);
}, 60_000);

afterAll(async () => {
  camera?.stop();
  await browser?.close();
  await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a person in the call page and a bot', () => {
  it("the bot hears the person's speech (fake microphone playing a flite WAV)", async () => {
    const listener = new SpeechListener(bot.client, pageId);
    const speech = await listener.waitSpeech(500);
    expect(speech).toBeGreaterThanOrEqual(500);
  });

  it("the person hears the bot's 440 Hz tone", async () => {
    const heard = await waitHeard(page, bot.id, 'microphone', 0.05);
    expect(Math.abs(heard.peakHz - 440)).toBeLessThanOrEqual(20);
    expect(heard.rms).toBeGreaterThan(0.05);
  });

  it("the person sees the bot's camera colour in its tile", async () => {
    const video = `[data-testid="tile"][data-participant-id="${bot.id}"] video`;
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLVideoElement | null)?.videoWidth, video, {
      timeout: 15_000,
    });
    let seen: Rgb = [0, 0, 0];
    const close = (c: Rgb): boolean => c.every((v, i) => Math.abs(v - BOT_COLOUR[i]!) <= 10);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !close(seen)) seen = await screenshotColour(page, video);
    expect(
      seen.map((v, i) => Math.abs(v - BOT_COLOUR[i]!)).every((d) => d <= 10),
      `tile shows ${seen}`,
    ).toBe(true);
  });

  it("the person's camera reaches the bot's video renderer at its size", async () => {
    const size = await page.evaluate(() => {
      const video = document.querySelector('[data-testid="tile"][data-local="true"] video') as HTMLVideoElement | null;
      const track = (video?.srcObject as MediaStream | null)?.getVideoTracks()[0];
      const { width, height } = track?.getSettings() ?? {};
      return { width, height };
    });
    expect(size.width).toBeGreaterThan(0);
    const frames = renderFrames(pageId, 'camera');
    const same = (f: FrameSize): boolean => f.width === size.width && f.height === size.height;
    await waitFor(`a ${size.width}x${size.height} camera frame at the bot`, () => frames.some(same), 20_000).catch(
      () => undefined,
    );
    expect(sizesSeen(frames)).toContain(`${size.width}x${size.height}`);
  });

  it("the person's screen share reaches the bot as screenVideo", async () => {
    const from = bot.mark;
    const frames = renderFrames(pageId, 'screenVideo');
    await page.click('#screen-button');
    await page.waitForSelector('#screen-button[aria-pressed="true"]', { timeout: 10_000 });
    await bot.waitEvent(
      'participant-updated',
      (p) => p.id === pageId && p.media.screenVideo.state === 'playable',
      15_000,
      from,
    );
    // Chromium's fake screen is 1280x720; the page asks its camera for 640x360: the size tells them apart.
    const screen = (f: FrameSize): boolean => f.width === 1280 && f.height === 720;
    await waitFor('a 1280x720 screen frame at the bot', () => frames.some(screen), 20_000).catch(() => undefined);
    expect(sizesSeen(frames)).toContain('1280x720');
  });
});

interface FrameSize {
  width: number;
  height: number;
}

/** The size of every frame the bot renders of `participantId`'s `source`, as they arrive. */
function renderFrames(participantId: string, source: string): FrameSize[] {
  const frames: FrameSize[] = [];
  bot.client.setVideoRenderer(participantId, (_id, f) => frames.push({ width: f.width, height: f.height }), {
    videoSource: source,
  });
  return frames;
}

function sizesSeen(frames: FrameSize[]): string {
  return [...new Set(frames.map((f) => `${f.width}x${f.height}`))].join(', ') || 'no frames';
}
