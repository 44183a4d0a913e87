/**
 * The call page's recording indicator: an owner bot with a camera starts a
 * cloud recording (the server's compositor, over Janus, into ffmpeg) and the
 * page shows "Recording" in its top bar; a page joining while it runs shows it
 * at once; with two recordings running, stopping one leaves it on, stopping
 * the last hides it. A live stream to nginx-rtmp shows "Live" the same way.
 * Real server, Janus, ffmpeg, nginx and Chromium; one of each.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Bot } from './helpers/bot';
import { TestBrowser } from './helpers/browser';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { frameWriter } from './helpers/media';
import { startRtmpServer, type RtmpServer } from './helpers/rtmp-server';
import { Daily } from './helpers/sdk';

const ROOM = 'browser-recording';

let server: TestServer;
let url: string;
let browser: TestBrowser | undefined;
let page: Page;
let owner: Bot;
let stopCamera: (() => void) | undefined;
let rtmp: RtmpServer | undefined;

const recording = (p: Page) => p.locator('[data-testid="recording-indicator"]');
const live = (p: Page) => p.locator('[data-testid="live-indicator"]');

/** Waits until the page has received the chat line `text` (the chat panel may be closed). */
async function processed(p: Page, text: string): Promise<void> {
  const line = p.locator('[data-testid="chat-message"]', { hasText: text });
  await line.waitFor({ state: 'attached', timeout: 10_000 });
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, ROOM, { enable_recording: 'cloud' });
  const camera = Daily.createCameraDevice('indicator-cam', 320, 240);
  stopCamera = frameWriter((f) => camera.writeFrame(f), 320, 240, [220, 40, 40]).stop;
  owner = new Bot('owner');
  owner.client.setUserName('Owner bot');
  await owner.client.join(url, {
    meetingToken: await meetingToken(server, { is_owner: true, room_name: ROOM }),
    clientSettings: {
      inputs: { camera: { isEnabled: true, settings: { deviceId: 'indicator-cam' } }, microphone: false },
    },
  });
  browser = await TestBrowser.launch();
  page = await browser.joinCall(url, 'Paula');
}, 60_000);

afterAll(async () => {
  stopCamera?.();
  await browser?.close();
  await owner?.client.release().catch(() => undefined);
  await server?.close();
  await rtmp?.stop();
  await Daily.deinit();
});

describe('recording and live indicators in the call page', () => {
  it('shows "Recording" while a recording runs, to present and late joiners, until the last one stops', async () => {
    expect(await recording(page).isHidden()).toBe(true);
    expect(await live(page).isHidden()).toBe(true);

    const first = await owner.client.startRecording({ streamingSettings: { maxDuration: 60 } });
    await recording(page).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await recording(page).textContent()).toBe('Recording');
    // A recording is not a live stream.
    expect(await live(page).isHidden()).toBe(true);

    const late = await browser!.joinCall(url, 'Lena');
    // From the join result, with no recording-started event after it.
    expect(await recording(late).isVisible()).toBe(true);

    const second = await owner.client.startRecording({ forceNew: true, streamingSettings: { maxDuration: 60 } });
    expect(second).not.toBe(first);
    const from = owner.events.length;
    await owner.client.stopRecording({ streamId: first });
    await owner.waitEvent('recording-stopped', (id) => id === first, 10_000, from);
    // Signaling is ordered: once a page shows this chat line it has handled the first recording's end.
    await owner.client.sendPrebuiltChatMessage('first recording stopped');
    await processed(page, 'first recording stopped');
    await processed(late, 'first recording stopped');
    // The second recording still runs, so both pages keep saying so.
    expect(await recording(page).isVisible()).toBe(true);
    expect(await recording(late).isVisible()).toBe(true);

    await owner.client.stopRecording({ streamId: second });
    await recording(page).waitFor({ state: 'hidden', timeout: 10_000 });
    await recording(late).waitFor({ state: 'hidden', timeout: 5000 });
    expect(browser!.pageErrors).toEqual([]);
  }, 40_000);

  it('shows "Live" while a live stream runs, and hides it when it stops', async () => {
    rtmp = await startRtmpServer();
    await owner.client.startLiveStreamWithRtmpUrls([rtmp.url('page')]);
    await live(page).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await live(page).textContent()).toBe('Live');
    expect(await recording(page).isHidden()).toBe(true);
    await owner.client.stopLiveStream();
    await live(page).waitFor({ state: 'hidden', timeout: 10_000 });
    expect(browser!.pageErrors).toEqual([]);
  }, 30_000);
});
