/**
 * What a person sees when joining goes wrong (unknown room, forged token,
 * full room), and names that look like HTML shown as the characters typed,
 * with no script run. Real server, Janus and Chromium.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { Bot } from './helpers/bot';
import { errorReason, fillNameAndJoin, pageParticipantId, TestBrowser } from './helpers/browser';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { Daily } from './helpers/sdk';

const XSS = '<img src=x onerror=alert(1)>';

let server: TestServer;
let browser: TestBrowser | undefined;
const bots: Bot[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  browser = await TestBrowser.launch();
}, 60_000);

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
  for (const bot of bots.splice(0)) await bot.client.release().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Daily.deinit();
});

/** A tab at `url`, closed after the test. */
async function open(url: string): Promise<Page> {
  const page = await browser!.open(url);
  pages.push(page);
  return page;
}

async function joinBot(url: string, name: string): Promise<Bot> {
  const bot = new Bot(name);
  bots.push(bot);
  bot.client.setUserName(name);
  await bot.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
  return bot;
}

describe('error pages', () => {
  it('an unknown room says the room does not exist', async () => {
    const page = await open(server.meetingUrl('no-such-room'));
    expect(await errorReason(page)).toBe('room-not-found');
    expect(await page.locator('[data-testid="error-page"]').textContent()).toMatch(/does not exist/i);
    expect(await page.locator('#join-button').count()).toBe(0);
  });

  it('a forged meeting token (signature changed) is refused', async () => {
    const url = await createRoom(server, 'forged');
    const token = await meetingToken(server, { room_name: 'forged', is_owner: true });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const page = await open(`${url}?t=${token.slice(0, -1)}${last}`);
    await fillNameAndJoin(page, 'Mallory');
    expect(await errorReason(page)).toBe('token-refused');
    expect(await page.locator('[data-testid="tile"]').count()).toBe(0);
  });

  it('a full room says so', async () => {
    const url = await createRoom(server, 'full', { max_participants: 1 });
    await joinBot(url, 'First');
    const page = await open(url);
    await fillNameAndJoin(page, 'Second');
    expect(await errorReason(page)).toBe('room-full');
    expect(await page.locator('[data-testid="error-page"]').textContent()).toMatch(/full/i);
  });
});

describe('names are text, never HTML', () => {
  it('a name like an HTML tag shows as its characters to its owner, pages and bots; no script runs', async () => {
    const url = await createRoom(server, 'names');
    const bot = await joinBot(url, XSS);
    const page = await open(url);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await fillNameAndJoin(page, XSS);
    await page.waitForSelector('body[data-state="in-call"]', { timeout: 20_000 });
    const id = await pageParticipantId(page);
    const [joined] = await bot.waitEvent('participant-joined', (p) => p.id === id);
    expect(joined.info.userName).toBe(XSS);
    const tileName = (who: string): string =>
      `[data-testid="tile"][data-participant-id="${who}"] [data-testid="tile-name"]`;
    await page.waitForSelector(tileName(bot.id));
    expect((await page.textContent(tileName(bot.id)))?.trim()).toBe(XSS);
    // The local tile adds " (you)" after the name.
    expect((await page.textContent(tileName(id)))?.trim().startsWith(XSS)).toBe(true);
    expect(await page.locator('[data-testid="tile"] img, #people-panel img').count()).toBe(0);
    // An <img src=x> that had been created would have requested /x and fired onerror by now.
    expect(dialogs).toEqual([]);
    expect(browser!.pageErrors.filter((e) => e.includes('alert'))).toEqual([]);
  });
});
