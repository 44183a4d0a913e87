/**
 * Live captions in the call page: an owner bot starts the room's
 * transcription (the server's pocketsphinx, over Janus), a bot speaks a flite
 * sentence, and the page shows the line under the bot's name; a page joining
 * while it runs shows the captions at once; stopping hides them. Real server,
 * Janus, pocketsphinx and Chromium; one of each.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fliteSpeech } from '../helpers/pcm-signals';
import { waitFor } from '../helpers/process';
import { Bot } from './helpers/bot';
import { TestBrowser } from './helpers/browser';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { Daily, type VirtualMicrophoneDevice } from './helpers/sdk';

const ROOM = 'browser-captions';
const RATE = 16000;
const SPEAKER = 'Rita Speaker';
const SENTENCE = 'the quick brown fox jumps over the lazy dog';

let server: TestServer;
let url: string;
let browser: TestBrowser | undefined;
let wavDir: string;
let page: Page;
let owner: Bot;
let speaker: Bot;
let mic: VirtualMicrophoneDevice;

const captions = (p: Page) => p.locator('[data-testid="captions"]');
const indicator = (p: Page) => p.locator('[data-testid="transcribing-indicator"]');

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, ROOM, { enable_transcription: true });
  owner = new Bot('owner');
  owner.client.setUserName('Owner bot');
  await owner.client.join(url, {
    meetingToken: await meetingToken(server, { is_owner: true, room_name: ROOM }),
    clientSettings: { inputs: { camera: false, microphone: false } },
  });
  speaker = new Bot('speaker');
  speaker.client.setUserName(SPEAKER);
  mic = Daily.createMicrophoneDevice('captions-mic', { sampleRate: RATE, channels: 1 });
  const microphone = { isEnabled: true, settings: { deviceId: 'captions-mic' } };
  await speaker.client.join(url, { clientSettings: { inputs: { camera: false, microphone } } });
  // The page's fake microphone plays silence, so the only speech in the room is the bot's.
  wavDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-captions-'));
  const silence = path.join(wavDir, 'silence.wav');
  execFileSync('sox', ['-n', '-r', String(RATE), '-c', '1', '-b', '16', silence, 'trim', '0', '1']);
  browser = await TestBrowser.launch({ microphoneWav: silence });
  page = await browser.joinCall(url, 'Paula');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const b of [owner, speaker]) await b?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
  if (wavDir) fs.rmSync(wavDir, { recursive: true, force: true });
});

describe('captions in the call page', () => {
  it('appear when an owner starts transcription and show what a bot said under its name', async () => {
    expect(await captions(page).isHidden()).toBe(true);
    expect(await indicator(page).isHidden()).toBe(true);

    await owner.client.startTranscription();
    await indicator(page).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await indicator(page).textContent()).toContain('Transcribing');
    await captions(page).waitFor({ state: 'visible', timeout: 5000 });
    expect(await captions(page).locator('[aria-live="polite"]').count()).toBe(1);

    const transcription = server.rooms.get(ROOM)!.transcription;
    const streaming = (): boolean => transcription.service?.participantIds.includes(speaker.id) ?? false;
    await waitFor('a transcription stream for the speaker', streaming, 10_000);
    const pcm = Buffer.concat([fliteSpeech(SENTENCE, RATE), Buffer.alloc(RATE)]);
    await mic.writeFrames(new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2));

    const line = page.locator('[data-testid="caption"]', { hasText: 'fox' });
    await line.waitFor({ timeout: 20_000 });
    expect(await line.locator('[data-testid="caption-name"]').textContent()).toBe(SPEAKER);
    const text = (await line.locator('[data-testid="caption-text"]').textContent()) ?? '';
    console.log(`caption: "${text}"`);
    expect(text).toMatch(/quick/);
    expect(text).toMatch(/dog/);
    // Text only: the line holds the name and the text spans and nothing else.
    expect(await line.locator('*').count()).toBe(2);
  });

  it('show at once in a page that joins while the transcription runs', async () => {
    const late = await browser!.joinCall(url, 'Lena');
    await indicator(late).waitFor({ state: 'visible', timeout: 5000 });
    expect(await captions(late).isVisible()).toBe(true);
    await late.close();
  });

  it('disappear, with their lines, when the transcription stops', async () => {
    await owner.client.stopTranscription();
    await captions(page).waitFor({ state: 'hidden', timeout: 10_000 });
    expect(await indicator(page).isHidden()).toBe(true);
    expect(await page.locator('[data-testid="caption"]').count()).toBe(0);
  });
});
