/**
 * Signaling against a real server (no media): join and presence, the
 * participant model, hidden participants, counts, app and chat messages,
 * tokens, owner-only operations, ejection, resume, and REST presence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailure, TestClient } from '../helpers/signaling-client';
import { startTestServer, type TestServer } from '../helpers/server-fixture';

let server: TestServer;
const clients: TestClient[] = [];
let roomSeq = 0;

beforeAll(async () => {
  server = await startTestServer({ resumeGraceMs: 400, limits: { appMessagesPerSecond: 5, maxAppMessageBytes: 1024 } });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.close();
});

async function room(properties: Record<string, unknown> = {}, privacy = 'public'): Promise<string> {
  const name = `sig-${++roomSeq}`;
  const res = await server.rest('POST', '/v1/rooms', { name, privacy, properties });
  expect(res.status).toBe(200);
  return server.meetingUrl(name);
}

async function token(properties: Record<string, unknown>): Promise<string> {
  const res = await server.rest('POST', '/v1/meeting-tokens', { properties });
  expect(res.status).toBe(200);
  return res.body.token;
}

async function join(url: string, opts: Parameters<typeof TestClient.join>[1] = {}): Promise<TestClient> {
  const c = await TestClient.join(url, opts);
  clients.push(c);
  return c;
}

const offMedia = { state: 'off', offReasons: ['user'], subscribed: 'unsubscribed' };

describe('join and presence', () => {
  it("returns JoinData with the local participant in daily-python's shape", async () => {
    const url = await room();
    const a = await join(url, { userName: 'Alice' });
    const jd = a.joined!;
    expect(jd.joinData.meetingSession.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(jd.counts).toEqual({ present: 1, hidden: 0 });
    expect(jd.resumed).toBe(false);
    expect(Object.keys(jd.joinData.participants)).toEqual(['local']);
    expect(jd.joinData.participants.local).toEqual({
      id: jd.participantId,
      info: {
        userName: 'Alice',
        userId: jd.participantId,
        isLocal: true,
        isOwner: false,
        joinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        permissions: {
          hasPresence: true,
          canSend: ['camera', 'microphone', 'screenVideo', 'screenAudio', 'customVideo', 'customAudio'],
          canReceive: { base: true },
          canAdmin: [],
        },
      },
      media: {
        microphone: { state: 'off', offReasons: ['user'], subscribed: 'unsubscribed' },
        camera: offMedia,
        screenVideo: offMedia,
        screenAudio: offMedia,
        customAudio: {},
        customVideo: {},
      },
    });
    expect(jd.room).toMatchObject({
      name: url.split('/').pop(),
      privacy: 'public',
      startVideoOff: false,
      enableChat: true,
    });
    expect(jd.limits.maxAppMessageBytes).toBe(1024);
  });

  it('tells others about joins, updates and leaves, with counts', async () => {
    const url = await room();
    const a = await join(url, { userName: 'A' });
    const b = await join(url, { userName: 'B' });
    const joined = await a.waitEvent('participant-joined');
    expect(joined.participant).toMatchObject({ id: b.id, info: { userName: 'B', isLocal: false } });
    expect((await a.waitEvent('participant-counts-updated')).counts).toEqual({ present: 2, hidden: 0 });
    expect(b.joined!.joinData.participants[a.id]).toMatchObject({ info: { userName: 'A', isLocal: false } });

    await b.request('setUserName', { userName: 'Bea' });
    expect((await a.waitEvent('participant-updated', (d) => d.participant.id === b.id)).participant.info.userName).toBe(
      'Bea',
    );

    await b.request('leave', {});
    const left = await a.waitEvent('participant-left');
    expect(left).toMatchObject({ participant: { id: b.id }, reason: 'leftCall', detail: 'left' });
    await a.waitEvent('participant-counts-updated', (d) => d.counts.present === 1);
    const presence = await server.rest('GET', `/v1/rooms/${url.split('/').pop()}/presence`);
    expect(presence.body).toMatchObject({ total_count: 1, data: [{ id: a.id, userName: 'A', userId: a.id }] });
  });

  it('counts hidden participants without showing them', async () => {
    const url = await room();
    const name = url.split('/').pop()!;
    const a = await join(url);
    const hidden = await join(url, { token: await token({ room_name: name, permissions: { hasPresence: false } }) });
    expect(hidden.joined!.joinData.participants[a.id]).toBeDefined();
    expect(hidden.joined!.counts).toEqual({ present: 1, hidden: 1 });
    await a.waitEvent('participant-counts-updated', (d) => d.counts.hidden === 1 && d.counts.present === 1);
    expect(a.eventsOf('participant-joined')).toEqual([]);
    const presence = await server.rest('GET', `/v1/rooms/${name}/presence`);
    expect(presence.body.total_count).toBe(1);
  });

  it('refuses unknown rooms, full rooms and bad versions with the reason', async () => {
    const c = await TestClient.connect(server.meetingUrl('x'));
    clients.push(c);
    await expectFailure(
      c.request('join', { protocolVersion: 1, roomName: 'no-such-room' }),
      'room-not-found',
      'params.roomName',
    );
    await expectFailure(
      c.request('join', { protocolVersion: 99, roomName: 'x' }),
      'unsupported-version',
      'params.protocolVersion',
    );
    await expectFailure(c.request('sendAppMessage', { data: 1 }), 'not-joined');
    const full = await room({ max_participants: 1 });
    await join(full);
    const e = await expectFailure(TestClient.join(full), 'room-full');
    expect(e.message).toContain('max_participants 1');
    await expectFailure(TestClient.join(await room({ exp: Math.floor(Date.now() / 1000) - 5 })), 'room-expired');
    await expectFailure(TestClient.join(await room({ nbf: Math.floor(Date.now() / 1000) + 600 })), 'room-not-yet-open');
  });
});

describe('meeting tokens at join', () => {
  it('needs a valid token for a private room and says what is wrong with a bad one', async () => {
    const url = await room({}, 'private');
    const name = url.split('/').pop()!;
    const now = Math.floor(Date.now() / 1000);
    await expectFailure(TestClient.join(url), 'token-required', 'params.token');
    await expectFailure(
      TestClient.join(url, { token: await token({ room_name: name, exp: now - 10 }) }),
      'token-expired',
    );
    await expectFailure(
      TestClient.join(url, { token: await token({ room_name: name, nbf: now + 600 }) }),
      'token-not-yet-valid',
    );
    await expectFailure(TestClient.join(url, { token: await token({ room_name: 'other-room' }) }), 'token-wrong-room');
    const good = await token({ room_name: name, is_owner: true, user_name: 'Owner', user_id: 'u-owner' });
    const [h, , s] = good.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ room_name: name, is_owner: true, iss: 'daily-node-server' }),
    ).toString('base64url');
    const forged = await expectFailure(TestClient.join(url, { token: `${h}.${forgedPayload}.${s}` }), 'token-invalid');
    expect(forged.message).toContain('signature');
    const owner = await join(url, { token: good, userName: 'ignored' });
    expect(owner.joined!.joinData.participants.local.info).toMatchObject({
      userName: 'Owner',
      userId: 'u-owner',
      isOwner: true,
      permissions: { canAdmin: ['participants', 'streaming', 'transcription'] },
    });
  });

  it('ejects at token expiry when eject_at_token_exp is set', async () => {
    const url = await room();
    const name = url.split('/').pop()!;
    const a = await join(url);
    const b = await join(url, {
      token: await token({ room_name: name, exp: Math.floor(Date.now() / 1000) + 2, eject_at_token_exp: true }),
    });
    expect(await b.waitEvent('session-ended', undefined, 5000)).toMatchObject({ reason: 'token-expired' });
    expect(await b.waitClosed()).toBe(4001);
    expect(await a.waitEvent('participant-left', (d) => d.participant.id === b.id)).toMatchObject({
      detail: 'token-expired',
    });
  });
});

describe('app and chat messages', () => {
  it('broadcasts to others and delivers to one participant', async () => {
    const url = await room();
    const [a, b, c] = [await join(url), await join(url), await join(url)];
    await a.request('sendAppMessage', { data: { hello: 'all', n: [1, 2] } });
    expect(await b.waitEvent('app-message')).toEqual({ data: { hello: 'all', n: [1, 2] }, from: a.id });
    expect(await c.waitEvent('app-message')).toEqual({ data: { hello: 'all', n: [1, 2] }, from: a.id });
    await a.request('sendAppMessage', { data: 'just you', to: c.id });
    await c.waitEvent('app-message', (d) => d.data === 'just you');
    await b.request('sendAppMessage', { data: 'marker' });
    await c.waitEvent('app-message', (d) => d.data === 'marker');
    expect(b.eventsOf('app-message').map((m) => m.data)).toEqual([{ hello: 'all', n: [1, 2] }]);
    expect(a.eventsOf('app-message').map((m) => m.data)).toEqual(['marker']);

    await b.request('sendChatMessage', { message: 'hi there' });
    const chat = await a.waitEvent('app-message', (d) => (d.data as { event?: string }).event === 'chat-msg');
    expect(chat).toMatchObject({
      from: b.id,
      data: { event: 'chat-msg', message: 'hi there', room: url.split('/').pop() },
    });

    const rest = await server.rest('POST', `/v1/rooms/${url.split('/').pop()}/send-app-message`, {
      data: { from: 'server' },
      recipient: b.id,
    });
    expect(rest.body).toEqual({ sent: true });
    expect(await b.waitEvent('app-message', (d) => d.from === 'API')).toEqual({
      data: { from: 'server' },
      from: 'API',
    });
  });

  it('refuses unknown recipients, oversized data and floods', async () => {
    const url = await room();
    const a = await join(url);
    await expectFailure(
      a.request('sendAppMessage', { data: 1, to: '00000000-0000-4000-8000-000000000000' }),
      'participant-not-found',
      'params.to',
    );
    await expectFailure(a.request('sendAppMessage', { data: 'x'.repeat(2000) }), 'too-large', 'params.data');
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => a.request('sendAppMessage', { data: i })),
    );
    const limited = results.filter(
      (r) => r.status === 'rejected' && (r.reason as Error).message.startsWith('rate-limited'),
    );
    expect(limited.length).toBeGreaterThan(10);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(0);
  });
});

describe('owner-only operations', () => {
  async function ownedRoom(): Promise<{ url: string; owner: TestClient; guest: TestClient; other: TestClient }> {
    const url = await room();
    const name = url.split('/').pop()!;
    const owner = await join(url, { token: await token({ room_name: name, is_owner: true }) });
    const guest = await join(url);
    const other = await join(url);
    return { url, owner, guest, other };
  }

  it('refuses non-owners with the reason', async () => {
    const { owner, guest, other } = await ownedRoom();
    const e1 = await expectFailure(guest.request('ejectRemoteParticipants', { ids: [other.id] }), 'forbidden');
    expect(e1.message).toContain('owner token or canAdmin "participants"');
    await expectFailure(
      guest.request('updateRemoteParticipants', { updates: { [other.id]: { inputsEnabled: { microphone: false } } } }),
      'forbidden',
    );
    await expectFailure(guest.request('updatePermissions', { permissions: { canSend: true } }), 'forbidden');
    await expectFailure(
      owner.request('ejectRemoteParticipants', { ids: ['00000000-0000-4000-8000-000000000000'] }),
      'participant-not-found',
      'params.ids[0]',
    );
    expect(other.closeCode).toBeUndefined();
  });

  it('lets the owner change permissions, mute, and eject; canAdmin holders too, but not against owners', async () => {
    const { owner, guest, other } = await ownedRoom();
    await owner.request('updateRemoteParticipants', {
      updates: {
        [guest.id]: {
          permissions: { canSend: ['camera'], canReceive: { base: false } },
          inputsEnabled: { microphone: false },
        },
      },
    });
    const self = await guest.waitEvent(
      'participant-updated',
      (d) => d.participant.id === guest.id && d.participant.info.permissions.canSend.length === 1,
    );
    expect(self.participant.info).toMatchObject({
      isLocal: true,
      permissions: { canSend: ['camera'], canReceive: { base: false } },
    });
    expect(self.participant.media.microphone).toEqual({
      state: 'off',
      offReasons: ['sendPermission', 'remoteMute', 'user'],
      subscribed: 'unsubscribed',
    });
    const seen = await other.waitEvent('participant-updated', (d) => d.participant.id === guest.id);
    expect(seen.participant.info.isLocal).toBe(false);
    // The guest no longer may receive: others' tracks are off for it with receivePermission.
    const view = await guest.waitEvent('participant-updated', (d) => d.participant.id === other.id);
    expect(view.participant.media.camera.offReasons).toContain('receivePermission');

    await owner.request('updateRemoteParticipants', {
      updates: { [guest.id]: { permissions: { canAdmin: ['participants'] } } },
    });
    await guest.waitEvent('participant-updated', (d) =>
      d.participant.info.permissions.canAdmin.includes('participants'),
    );
    await expectFailure(guest.request('ejectRemoteParticipants', { ids: [owner.id] }), 'forbidden', 'params.ids[0]');
    await expectFailure(
      guest.request('updateRemoteParticipants', { updates: { [other.id]: { permissions: { canAdmin: true } } } }),
      'forbidden',
      `params.updates.${other.id}.permissions.canAdmin`,
    );
    await guest.request('ejectRemoteParticipants', { ids: [other.id] });
    expect(await other.waitEvent('session-ended')).toMatchObject({ reason: 'ejected' });
    expect(await other.waitClosed()).toBe(4001);
    expect(await owner.waitEvent('participant-left', (d) => d.participant.id === other.id)).toMatchObject({
      reason: 'leftCall',
      detail: 'ejected',
    });
  });

  it('lets an owner hide itself (others see it leave as hidden)', async () => {
    const { owner, guest } = await ownedRoom();
    await owner.request('updatePermissions', { permissions: { hasPresence: false } });
    expect(await guest.waitEvent('participant-left', (d) => d.participant.id === owner.id)).toMatchObject({
      reason: 'hidden',
      detail: 'became-hidden',
    });
    await guest.waitEvent('participant-counts-updated', (d) => d.counts.hidden === 1);
  });

  it('ejects through REST and when the room is deleted', async () => {
    const { url, guest, other, owner } = await ownedRoom();
    const name = url.split('/').pop()!;
    expect((await server.rest('POST', `/v1/rooms/${name}/eject`, { ids: [guest.id] })).body).toEqual({
      ejected: [guest.id],
    });
    expect(await guest.waitEvent('session-ended')).toMatchObject({ reason: 'ejected' });
    await server.rest('DELETE', `/v1/rooms/${name}`);
    expect(await other.waitEvent('session-ended')).toMatchObject({ reason: 'room-deleted' });
    expect(await owner.waitEvent('session-ended')).toMatchObject({ reason: 'room-deleted' });
  });
});

describe('reconnect', () => {
  it('resumes within the grace period with the same participant id', async () => {
    const url = await room();
    const a = await join(url);
    const b = await join(url);
    const resumeToken = b.joined!.resumeToken;
    b.drop();
    const again = await TestClient.connect(url);
    clients.push(again);
    const res = await again.request('resume', { protocolVersion: 1, resumeToken, roomName: url.split('/').pop()! });
    expect(res.resumed).toBe(true);
    expect(res.participantId).toBe(b.id);
    await a.request('sendAppMessage', { data: 'still here?' });
    await again.waitEvent('app-message', (d) => d.data === 'still here?');
    expect(a.eventsOf('participant-left')).toEqual([]);
  });

  it('removes a participant that does not come back, with the reason', async () => {
    const url = await room();
    const a = await join(url);
    const b = await join(url);
    const resumeToken = b.joined!.resumeToken;
    b.drop();
    expect(await a.waitEvent('participant-left', (d) => d.participant.id === b.id, 3000)).toMatchObject({
      detail: 'connection-lost',
    });
    const late = await TestClient.connect(url);
    clients.push(late);
    await expectFailure(
      late.request('resume', { protocolVersion: 1, resumeToken, roomName: url.split('/').pop()! }),
      'resume-expired',
      'params.resumeToken',
    );
  });
});

describe('room expiry and shutdown', () => {
  it('ejects everyone when the room expires with eject_at_room_exp', async () => {
    const url = await room({ exp: Math.floor(Date.now() / 1000) + 2, eject_at_room_exp: true });
    const a = await join(url);
    expect(await a.waitEvent('session-ended', undefined, 5000)).toMatchObject({ reason: 'room-expired' });
    expect(await a.waitClosed()).toBe(4001);
  });

  it('tells participants when the server shuts down, then stops Janus', async () => {
    const own = await startTestServer();
    await own.rest('POST', '/v1/rooms', { name: 'bye' });
    const a = await TestClient.join(own.meetingUrl('bye'));
    const janusPid = own.janus.embedded!.pid!;
    await own.close();
    expect(await a.waitEvent('session-ended')).toEqual({
      reason: 'server-shutdown',
      message: 'the server is shutting down',
    });
    expect(await a.waitClosed()).toBe(4001);
    expect(() => process.kill(janusPid, 0)).toThrow();
  });

  it('refuses new sockets and joins once shutting down (a reconnecting client must not join the old server)', async () => {
    const own = await startTestServer();
    await own.rest('POST', '/v1/rooms', { name: 'closing' });
    const early = await TestClient.connect(own.meetingUrl('closing'));
    own.signaling.stopAccepting();
    own.rooms.shutDown();
    await expect(TestClient.connect(own.meetingUrl('closing'))).rejects.toThrow(/503/);
    await expectFailure(early.request('join', { protocolVersion: 1, roomName: 'closing' }), 'shutting-down');
    early.close();
    await own.close();
  });
});
