/**
 * Chat between the call page and an SDK bot in both directions (Daily
 * Prebuilt's chat format), and an owner in the page muting and ejecting the
 * bot from the people list. Real server, Janus and Chromium; one of each.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Bot } from './helpers/bot';
import { pageParticipantId, TestBrowser } from './helpers/browser';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { Daily, type Participant } from './helpers/sdk';

const ROOM = 'browser-chat';

let server: TestServer;
let browser: TestBrowser | undefined;
let owner: Page;
let ownerId: string;
let bot: Bot;

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  const url = await createRoom(server, ROOM);
  bot = new Bot('bot');
  bot.client.setUserName('Chat bot');
  Daily.createMicrophoneDevice('bot-mic', { sampleRate: 16000 });
  const microphone = { isEnabled: true, settings: { deviceId: 'bot-mic' } };
  await bot.client.join(url, { clientSettings: { inputs: { camera: false, microphone } } });
  browser = await TestBrowser.launch();
  const token = await meetingToken(server, { room_name: ROOM, is_owner: true });
  owner = await browser.joinCall(`${url}?t=${token}`, 'Olga');
  ownerId = await pageParticipantId(owner);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

/** Opens a side panel with its control button unless it is open already. */
async function openPanel(page: Page, button: string): Promise<void> {
  if ((await page.getAttribute(button, 'aria-pressed')) !== 'true') await page.click(button);
}

describe('chat', () => {
  it("a bot's sendPrebuiltChatMessage shows in the page with its name, as text", async () => {
    await openPanel(owner, '#chat-button');
    const text = 'Hello <b>people</b> & welcome';
    await bot.client.sendPrebuiltChatMessage(text, { userName: 'Chat bot' });
    const message = owner.locator('[data-testid="chat-message"]', { hasText: 'welcome' });
    await message.waitFor({ timeout: 10_000 });
    expect(await message.locator('[data-testid="chat-text"]').textContent()).toBe(text);
    expect(await message.locator('[data-testid="chat-from"]').textContent()).toContain('Chat bot');
    expect(await message.locator('b').count()).toBe(0);
  });

  it("chat typed in the page reaches the bot as a Prebuilt chat app-message from the page's participant", async () => {
    await openPanel(owner, '#chat-button');
    const from = bot.mark;
    await owner.fill('#chat-input', 'Hi bot, can you hear me?');
    await owner.click('#chat-send');
    const [message, sender] = await bot.waitEvent(
      'app-message',
      (m) => (m as { event?: string }).event === 'chat-msg',
      10_000,
      from,
    );
    expect(message).toMatchObject({ event: 'chat-msg', message: 'Hi bot, can you hear me?', name: 'Olga', room: ROOM });
    expect(Date.now() - Date.parse((message as { date: string }).date)).toBeLessThan(60_000);
    expect(sender).toBe(ownerId);
    await owner.locator('[data-testid="chat-message"]', { hasText: 'can you hear me' }).waitFor({ timeout: 5000 });
  });
});

describe('owner actions in the people list', () => {
  const person = (): string => `#people-panel [data-testid="person"][data-participant-id="${bot.id}"]`;

  it('a guest without an owner token sees the people but no owner actions', async () => {
    const guest = await browser!.joinCall(owner.url().split('?')[0]!, 'Guest');
    try {
      await openPanel(guest, '#people-button');
      await guest.waitForSelector(person(), { timeout: 10_000 });
      expect(await guest.locator('#people-panel button[data-action]').count()).toBe(0);
    } finally {
      await guest.close();
    }
  });

  it('muting the bot from the page turns its microphone off with reason remoteMute', async () => {
    const from = bot.mark;
    await openPanel(owner, '#people-button');
    await owner.click(`${person()} button[data-action="mute"]`);
    await bot.waitEvent(
      'participant-updated',
      (p) => p.info.isLocal && p.media.microphone.offReasons.includes('remoteMute'),
      10_000,
      from,
    );
  });

  it('revoking and giving back sending from the page reaches the bot as its canSend permission', async () => {
    await openPanel(owner, '#people-button');
    let from = bot.mark;
    await owner.click(`${person()} button[data-action="revoke-send"]`);
    const sends = (p: Participant): boolean => p.info.permissions.canSend.length > 0;
    await bot.waitEvent('participant-updated', (p) => p.info.isLocal && !sends(p), 10_000, from);
    await owner.waitForSelector(`${person()} [data-action="revoke-send"][aria-pressed="true"]`, { timeout: 5000 });
    from = bot.mark;
    await owner.click(`${person()} button[data-action="revoke-send"]`);
    await bot.waitEvent('participant-updated', (p) => p.info.isLocal && sends(p), 10_000, from);
  });

  it('ejecting the bot from the page ends its call (error: ejected; state left) and removes its tile', async () => {
    const botId = bot.id;
    await openPanel(owner, '#people-button');
    const from = bot.mark;
    await owner.click(`${person()} button[data-action="eject"]`);
    const [message] = await bot.waitEvent('error', (m) => /ejected/.test(m), 10_000, from);
    expect(message).toMatch(/ejected/);
    await bot.waitEvent('call-state-updated', (s) => s === 'left');
    await owner.waitForSelector(`[data-testid="tile"][data-participant-id="${botId}"]`, {
      state: 'detached',
      timeout: 10_000,
    });
  });
});
