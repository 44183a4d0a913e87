/**
 * Resume across a server restart: participants that were in calls when the
 * server stopped (or crashed) come back with the same id, identity and
 * permissions within the grace period counted from the new server's start;
 * tokens that must not bring anyone back are refused with the reason.
 */
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type JoinResult } from 'daily-node/protocol';
import { freePort } from '../../src/janus/free-port';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { expectFailure, TestClient } from '../helpers/signaling-client';
import { runServerCli } from '../helpers/server-cli';
import { startTestServer, tempDataDir, type TestServer } from '../helpers/server-fixture';

const GRACE_MS = 4000;
const clients: TestClient[] = [];

async function join(
  server: TestServer,
  room: string,
  opts: Parameters<typeof TestClient.join>[1] = {},
): Promise<TestClient> {
  const c = await TestClient.join(server.meetingUrl(room), opts);
  clients.push(c);
  return c;
}

/** A new socket to `server` that resumes with `token` for `room`. */
async function resume(
  server: TestServer,
  room: string,
  token: string,
): Promise<{ client: TestClient; result: Promise<JoinResult> }> {
  const client = await TestClient.connect(server.meetingUrl(room));
  clients.push(client);
  return {
    client,
    result: client.request('resume', { protocolVersion: PROTOCOL_VERSION, resumeToken: token, roomName: room }),
  };
}

afterAll(() => {
  for (const c of clients) c.close();
});

describe('graceful restart', () => {
  let before: TestServer;
  let after: TestServer;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let meetingSessionId: string;
  let joinedAt: string;
  /** The guest's socket on the new server. */
  let guest: TestClient;

  beforeAll(async () => {
    before = await startTestServer({ resumeGraceMs: GRACE_MS });
    for (const name of ['rr-main', 'rr-other', 'rr-gone-while-down', 'rr-gone-after']) {
      expect((await before.rest('POST', '/v1/rooms', { name })).status).toBe(200);
    }
    const ownerToken = (
      await before.rest('POST', '/v1/meeting-tokens', {
        properties: { room_name: 'rr-main', is_owner: true, user_name: 'Olga' },
      })
    ).body.token;
    const owner = await join(before, 'rr-main', { token: ownerToken });
    const guest = await join(before, 'rr-main', { userName: 'Gus' });
    const leaver = await join(before, 'rr-main');
    const ejected = await join(before, 'rr-main');
    const late = await join(before, 'rr-main');
    const elsewhere = await join(before, 'rr-other');
    const goneWhileDown = await join(before, 'rr-gone-while-down');
    const goneAfter = await join(before, 'rr-gone-after');
    for (const [k, c] of Object.entries({ owner, guest, leaver, ejected, late, elsewhere, goneWhileDown, goneAfter })) {
      tokens[k] = c.joined!.resumeToken;
      ids[k] = c.id;
    }
    meetingSessionId = owner.joined!.joinData.meetingSession.id;
    joinedAt = guest.joined!.joinData.participants.local.info.joinedAt;
    // Changes made during the call must hold after the restart.
    await guest.request('setUserName', { userName: 'Gustav' });
    await owner.request('updateRemoteParticipants', {
      updates: { [guest.id]: { permissions: { canSend: ['camera'] }, inputsEnabled: { microphone: false } } },
    });
    await leaver.request('leave', {});
    await owner.request('ejectRemoteParticipants', { ids: [ejected.id] });
    await owner.waitEvent('participant-left', (d) => d.participant.id === ejected.id);

    await before.close();
    // The room is deleted while no server runs (another instance, or by hand).
    const storage = new SqliteStorage(path.join(before.dataDir, 'daily-node.sqlite'));
    expect(await storage.deleteRoom('rr-gone-while-down')).toBe(true);
    await storage.close();
    after = await startTestServer({ dataDir: before.dataDir, resumeGraceMs: GRACE_MS });
  });

  afterAll(async () => {
    await after?.close();
  });

  it('brings a participant back with the same id, identity, permissions and meeting session; others that are not back yet are still present', async () => {
    const { client, result } = await resume(after, 'rr-main', tokens.guest!);
    const r = await result;
    expect(r).toMatchObject({ participantId: ids.guest, resumed: true, serverRestarted: true });
    expect(r.joinData.meetingSession.id).toBe(meetingSessionId);
    const local = r.joinData.participants.local;
    expect(local.info).toMatchObject({ userName: 'Gustav', joinedAt, isOwner: false });
    expect(local.info.permissions.canSend).toEqual(['camera']);
    expect(local.media.microphone.offReasons).toEqual(expect.arrayContaining(['sendPermission', 'remoteMute']));
    // The owner and the late one are held for their grace; who left or was ejected is not.
    expect(Object.keys(r.joinData.participants).sort()).toEqual(['local', ids.owner!, ids.late!].sort());
    expect(r.counts).toEqual({ present: 3, hidden: 0 });
    // A second resume of the same participant is an ordinary one.
    client.close();
    await client.waitClosed();
    const again = await resume(after, 'rr-main', tokens.guest!);
    expect(await again.result).toMatchObject({ participantId: ids.guest, resumed: true, serverRestarted: false });
    guest = again.client;
  });

  it('the owner comes back with its rights; the others see no one leave or join', async () => {
    const { client: owner, result } = await resume(after, 'rr-main', tokens.owner!);
    const r = await result;
    expect(r.participantId).toBe(ids.owner);
    expect(r.joinData.participants.local.info).toMatchObject({ isOwner: true, userName: 'Olga' });
    await owner.request('updateRemoteParticipants', { updates: { [ids.guest!]: { permissions: { canSend: true } } } });
    await guest.waitEvent(
      'participant-updated',
      (d) => d.participant.info.isLocal && d.participant.info.permissions.canSend.length === 6,
    );
    await owner.request('sendAppMessage', { data: 'welcome back', to: ids.guest });
    await guest.waitEvent('app-message', (d) => d.data === 'welcome back' && d.from === ids.owner);
    expect(guest.eventsOf('participant-joined')).toEqual([]);
    expect(guest.eventsOf('participant-left')).toEqual([]);
  });

  it('restores rooms independently', async () => {
    const { result } = await resume(after, 'rr-other', tokens.elsewhere!);
    expect((await result).participantId).toBe(ids.elsewhere);
  });

  it('refuses a token that left, was ejected, is for another room, or is forged', async () => {
    await expectFailure((await resume(after, 'rr-main', tokens.leaver!)).result, 'resume-left', 'params.resumeToken');
    const ejected = await expectFailure(
      (await resume(after, 'rr-main', tokens.ejected!)).result,
      'ejected',
      'params.resumeToken',
    );
    expect(ejected.error.message).toMatch(/was ejected/);
    const wrongRoom = await expectFailure(
      (await resume(after, 'rr-main', tokens.elsewhere!)).result,
      'resume-wrong-room',
      'params.resumeToken',
    );
    expect(wrongRoom.error.message).toMatch(/for room "rr-other", not "rr-main"/);
    // Same claims, signed with another key.
    const forged = await new SignJWT({ room: 'rr-main', rid: after.rooms.get('rr-main')!.record.id })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(ids.late!)
      .setIssuedAt()
      .setIssuer('daily-node-server/resume')
      .sign(new TextEncoder().encode('not the server key'));
    const bad = await expectFailure(
      (await resume(after, 'rr-main', forged)).result,
      'resume-token-invalid',
      'params.resumeToken',
    );
    expect(bad.error.message).toMatch(/signature does not verify/);
    await expectFailure(
      (await resume(after, 'rr-main', 'not-a-token')).result,
      'resume-token-invalid',
      'params.resumeToken',
    );
  });

  it('refuses participants of a room deleted while the server was down, or after it restarted', async () => {
    await expectFailure(
      (await resume(after, 'rr-gone-while-down', tokens.goneWhileDown!)).result,
      'resume-room-deleted',
      'params.resumeToken',
    );
    expect((await after.rest('DELETE', '/v1/rooms/rr-gone-after')).status).toBe(200);
    await expectFailure(
      (await resume(after, 'rr-gone-after', tokens.goneAfter!)).result,
      'resume-room-deleted',
      'params.resumeToken',
    );
    // Made again under the same name, it is another room.
    expect((await after.rest('POST', '/v1/rooms', { name: 'rr-gone-after' })).status).toBe(200);
    await expectFailure(
      (await resume(after, 'rr-gone-after', tokens.goneAfter!)).result,
      'resume-room-deleted',
      'params.resumeToken',
    );
  });

  it('removes whoever does not come back within the grace period counted from the start, and refuses it later', async () => {
    const left = await guest.waitEvent('participant-left', (d) => d.participant.id === ids.late, GRACE_MS + 3000);
    expect(left.detail).toBe('connection-lost');
    await expectFailure((await resume(after, 'rr-main', tokens.late!)).result, 'resume-expired', 'params.resumeToken');
  });
});

describe('crash', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGKILL'));

  /** Runs the CLI and resolves once it listens. */
  const runCli = (port: number, dataDir: string): Promise<ChildProcess> =>
    runServerCli(port, dataDir, 'crash-key', ['--resume-grace-ms', String(GRACE_MS)]);

  it('a participant of a killed server resumes on the next one', async () => {
    const port = await freePort();
    const dataDir = tempDataDir();
    child = await runCli(port, dataDir);
    const base = `http://127.0.0.1:${port}`;
    const created = await fetch(`${base}/v1/rooms`, {
      method: 'POST',
      headers: { authorization: 'Bearer crash-key', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'crash' }),
    });
    expect(created.status).toBe(200);
    const a = await TestClient.join(`${base}/crash`, { userName: 'survivor' });
    clients.push(a);
    child.kill('SIGKILL');
    expect(await a.waitClosed()).toBe(1006);
    child = await runCli(port, dataDir);
    const again = await TestClient.connect(`${base}/crash`);
    clients.push(again);
    const r = await again.request('resume', {
      protocolVersion: PROTOCOL_VERSION,
      resumeToken: a.joined!.resumeToken,
      roomName: 'crash',
    });
    expect(r).toMatchObject({ participantId: a.id, resumed: true, serverRestarted: true });
    expect(r.joinData.participants.local.info.userName).toBe('survivor');
  });
});
