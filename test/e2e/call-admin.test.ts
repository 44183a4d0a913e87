/**
 * Messages, permissions and remote control between three bots and an owner:
 * app messages (broadcast, direct, REST, chat), counts, canSend revoked and
 * restored (publishing stops and resumes), remote mute, ejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tone } from '../helpers/audio';
import { Bot } from './helpers/bot';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { measureTone, waitSilence } from './helpers/media';
import { Daily } from './helpers/sdk';

let server: TestServer;
let url: string;
let owner: Bot;
let a: Bot;
let b: Bot;

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, 'admin');
  const mic = Daily.createMicrophoneDevice('mic-a');
  mic.writeFrames(tone(600, 120_000, 16000, 0.3)).catch(() => undefined);
  owner = new Bot('Owner');
  a = new Bot('A');
  b = new Bot('B');
  const quiet = { inputs: { camera: false, microphone: false } } as const;
  await owner.client.join(url, {
    meetingToken: await meetingToken(server, { room_name: 'admin', is_owner: true, user_name: 'Olga' }),
    clientSettings: quiet,
  });
  await a.client.join(url, {
    clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'mic-a' } } } },
  });
  await b.client.join(url, { clientSettings: quiet });
}, 60_000);

afterAll(async () => {
  for (const bot of [owner, a, b]) await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

describe('app messages', () => {
  it('broadcast reaches everyone else with the sender id', async () => {
    await a.client.sendAppMessage({ hello: 'all', n: 1 });
    for (const bot of [b, owner]) {
      const [message, sender] = await bot.waitEvent('app-message', (m) => (m as { hello?: string }).hello === 'all');
      expect(message).toEqual({ hello: 'all', n: 1 });
      expect(sender).toBe(a.id);
    }
    expect(a.all('app-message')).toEqual([]);
  });

  it('a direct message reaches only its recipient', async () => {
    const from = owner.mark;
    await new Promise<void>((resolve, reject) =>
      a.client.sendAppMessage('psst', { participantId: b.id }, (err) => (err ? reject(err) : resolve())),
    );
    await b.waitEvent('app-message', (m) => m === 'psst');
    // Messages from one sender arrive in order: once the marker is in, the direct one would have been too.
    await a.client.sendAppMessage('marker');
    await owner.waitEvent('app-message', (m) => m === 'marker', 10_000, from);
    expect(owner.all('app-message').map(([m]) => m)).not.toContain('psst');
  });

  it('messages from the REST API arrive from "API"; chat messages in the Prebuilt shape', async () => {
    const res = await server.rest('POST', '/v1/rooms/admin/send-app-message', { data: { from: 'rest' } });
    expect(res.status).toBe(200);
    const [, sender] = await b.waitEvent('app-message', (m) => (m as { from?: string }).from === 'rest');
    expect(sender).toBe('API');
    await a.client.sendPrebuiltChatMessage('hi there', { userName: 'Anna' });
    const [chat] = await b.waitEvent('app-message', (m) => (m as { event?: string }).event === 'chat-msg');
    expect(chat).toMatchObject({ event: 'chat-msg', message: 'hi there', name: 'Anna', room: 'admin' });
  });

  it('bad messages are refused at once, naming the field', () => {
    expect(() => a.client.sendAppMessage(undefined)).toThrow("message: invalid app message 'undefined'");
    expect(() => a.client.sendAppMessage({ n: 1n })).toThrow(/message: must be JSON-serializable/);
    expect(() => a.client.sendAppMessage('x', { participantId: 'bob' })).toThrow(
      "participantId: invalid participant ID 'bob'",
    );
    expect(() => a.client.sendAppMessage('x', { to: b.id } as never)).toThrow('options.to: is not a known option');
    expect(() => a.client.sendPrebuiltChatMessage('')).toThrow('message: must not be empty');
  });
});

describe('presence', () => {
  it('counts everyone; participants() lists the others by id', () => {
    expect(b.client.participantCounts()).toEqual({ present: 3, hidden: 0 });
    const ps = b.client.participants();
    expect(ps[owner.id]!.info).toMatchObject({ userName: 'Olga', isOwner: true, isLocal: false });
    expect(ps.local.id).toBe(b.id);
  });
});

describe('permissions', () => {
  it('canSend revoked: A stops publishing its microphone; restored: it publishes again', async () => {
    const m = await measureTone(b.client, a.id, 'microphone', 600, 500);
    expect(Math.abs(m.frequency - 600)).toBeLessThan(5);
    const from = b.mark;
    await owner.client.updateRemoteParticipants({ [a.id]: { permissions: { canSend: false } } });
    const [seen] = await b.waitEvent(
      'participant-updated',
      (p) => p.id === a.id && p.media.microphone.offReasons.includes('sendPermission'),
      10_000,
      from,
    );
    expect(seen.info.permissions.canSend).toEqual([]);
    await a.waitEvent('participant-updated', (p) => p.info.isLocal && p.info.permissions.canSend.length === 0);
    await waitSilence(b.client, a.id, 'microphone');
    await owner.client.updateRemoteParticipants({ [a.id]: { permissions: { canSend: true } } });
    const again = await measureTone(b.client, a.id, 'microphone', 600, 500);
    expect(Math.abs(again.frequency - 600)).toBeLessThan(5);
  });

  it('an owner mutes a microphone remotely (remoteMute)', async () => {
    const from = b.mark;
    await owner.client.updateRemoteParticipants({ [a.id]: { inputsEnabled: { microphone: false } } });
    await b.waitEvent(
      'participant-updated',
      (p) => p.id === a.id && p.media.microphone.offReasons.includes('remoteMute'),
      10_000,
      from,
    );
    await waitSilence(b.client, a.id, 'microphone');
  });

  it('only owners change their own permissions; non-owners cannot act on others', async () => {
    await expect(a.client.updatePermissions({ canAdmin: ['participants'] })!).rejects.toMatchObject({
      name: 'CallClientError',
      code: 'forbidden',
    });
    await expect(a.client.ejectRemoteParticipants([b.id])!).rejects.toMatchObject({ code: 'forbidden' });
    await owner.client.updatePermissions({ canAdmin: ['participants'] });
    await owner.waitEvent(
      'participant-updated',
      (p) => p.info.isLocal && p.info.permissions.canAdmin.includes('participants'),
    );
    expect(() =>
      owner.client.updateRemoteParticipants({ [a.id]: { permissions: { canSend: ['video'] } } } as never),
    ).toThrow(/remoteParticipants\..*\.permissions\.canSend\[0\]: must be one of/);
    expect(() => owner.client.updateRemoteParticipants({})).toThrow(
      'remoteParticipants: must name at least one participant',
    );
    expect(() => owner.client.ejectRemoteParticipants('x' as never)).toThrow('ids: must be an array');
  });
});

describe('ejection', () => {
  it('removes B: B is told why and ends in state left; the others see it leave, ejected', async () => {
    const id = b.id;
    // B publishes, then loses canSend and is ejected at once: its reaction to the permission change
    // (unpublishing) meets the closed socket, which must not be reported ahead of the ejection.
    await b.client.updateInputs({ microphone: { isEnabled: true, settings: { deviceId: 'mic-a' } } });
    const mark = b.mark;
    void owner.client.updateRemoteParticipants({ [id]: { permissions: { canSend: [] } } });
    await owner.client.ejectRemoteParticipants([id]);
    const [message] = await b.waitEvent('error', () => true, 15_000, mark);
    expect(message).toMatch(/ejected/);
    await b.waitEvent('call-state-updated', (s) => s === 'left');
    const [p, reason, detail] = await a.waitEvent('participant-left', (p) => p.id === id);
    expect(p.id).toBe(id);
    expect([reason, detail]).toEqual(['leftCall', 'ejected']);
    await expect(b.client.sendAppMessage('still here?')!).rejects.toMatchObject({ code: 'not-joined' });
    expect(b.all('error').slice(-1)).toEqual([[message]]);
    expect(b.events.slice(mark).filter((e) => e.event === 'error')).toHaveLength(1);
  });
});

describe('dial-out by a participant who may not', () => {
  it('is refused in the callback form, naming why; no session id', async () => {
    const [id, error] = await new Promise<[unknown, unknown]>((resolve) =>
      a.client.startDialout({ phoneNumber: '+15551234' }, (r, e) => resolve([r, e])),
    );
    expect(id).toBeNull();
    expect(error).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/startDialout needs an owner token or canAdmin "participants"/),
    });
  });
});
