/**
 * The call page marks phone participants: an owner bot dials out to a sipp
 * phone through the real server, Janus's SIP plugin and the server's phone leg;
 * the page (Chromium) shows a phone badge on the callee's tile and none on the
 * bot's or its own. The signal is the participant's `info.userId`, which for a
 * phone leg is its SIP address (see docs/architecture.md, Telephony).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Bot } from './helpers/bot';
import { pageParticipantId, TestBrowser } from './helpers/browser';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { answeringPhone, Sipp } from './helpers/sipp';
import { Daily } from './helpers/sdk';

const ROOM = 'browser-phone';
const SIP_PORT = 15_180;

let server: TestServer;
let url: string;
let browser: TestBrowser | undefined;
let page: Page;
let owner: Bot;
let sipp: Sipp | undefined;

const tile = (id: string) => page.locator(`[data-testid="tile"][data-participant-id="${id}"]`);

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer({ sip: { ringTimeoutMs: 10_000 } });
  url = await createRoom(server, ROOM, { enable_dialout: true });
  owner = new Bot('owner');
  owner.client.setUserName('Owner bot');
  await owner.client.join(url, {
    meetingToken: await meetingToken(server, { is_owner: true, room_name: ROOM }),
    clientSettings: { inputs: { camera: false, microphone: false } },
  });
  browser = await TestBrowser.launch();
  page = await browser.joinCall(url, 'Paula');
}, 60_000);

afterAll(async () => {
  await sipp?.stop();
  await browser?.close();
  await owner?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

describe('phone badge in the call page', () => {
  it("shows a phone badge on a dialled-out phone's tile, not on a bot's or the page's own", async () => {
    // sipp answers; its RTP goes to the discard port (this test is about the page, not the audio).
    sipp = await Sipp.start({ scenario: answeringPhone(), port: SIP_PORT, keys: { mport: 9 } });
    const uri = `sip:carol@127.0.0.1:${SIP_PORT}`;
    const from = owner.mark;
    const sessionId = await owner.client.startDialout({ sipUri: uri, displayName: 'Carol phone' })!;
    const [joined] = await owner.waitEvent('participant-joined', (p) => p.id === sessionId, 15_000, from);
    expect(joined.info.userId).toBe(uri);

    await tile(sessionId).waitFor({ state: 'visible', timeout: 15_000 });
    const badge = tile(sessionId).locator('[data-testid="phone-badge"]');
    await badge.waitFor({ state: 'visible', timeout: 5000 });
    expect(await badge.textContent()).toBe('Phone');
    expect(await tile(sessionId).locator('[data-testid="tile-name"]').textContent()).toBe('Carol phone');

    // The others' tiles are there, each with its badge element hidden.
    for (const id of [owner.id, await pageParticipantId(page)]) {
      await tile(id).waitFor({ state: 'visible', timeout: 5000 });
      expect(await tile(id).locator('[data-testid="phone-badge"]').count()).toBe(1);
      expect(await tile(id).locator('[data-testid="phone-badge"]').isVisible()).toBe(false);
    }

    await owner.client.stopDialout(sessionId);
    await tile(sessionId).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await sipp.done, sipp.log).toBe(0);
  });
});
