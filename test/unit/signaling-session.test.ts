/**
 * SignalingSession's recovery with fake connections: a dropped socket is
 * resumed as the same participant, a refused resume joins again, events
 * arriving while a join or resume is answered come after it, requests made
 * while reconnecting wait for the new connection, and a session the server
 * ended for good is not reconnected.
 */
import { describe, expect, it } from 'vitest';

import type { AnySignalingEvent, JoinResult } from '../../src/signaling/protocol';
import { SignalingSession } from '../../src/transport/signaling-session';
import { TransportError } from '../../src/transport/transport-error';
import { fakeConnector, type FakeConnection, type FakeServer } from './fakes/fake-signaling-connection';

const endpoint = {
  roomName: 'room',
  signalingUrl: 'ws://fake/v1/signaling',
  serverUrl: 'http://fake',
  token: undefined,
};

function joinResult(participantId: string, resumeToken: string): JoinResult {
  return { participantId, resumeToken, resumeGraceMs: 30_000 } as unknown as JoinResult;
}

const chatEvent = (text: string) => ({ event: 'app-message', data: { text } }) as unknown as AnySignalingEvent;

function session(server: FakeServer) {
  const { connect, connections } = fakeConnector(server);
  const s = new SignalingSession(endpoint, { connect, joinParams: () => ({ userName: 'bot' }) as never });
  const seen: string[] = [];
  s.on('event', (e) => seen.push(`event ${JSON.stringify((e as { data: unknown }).data)}`));
  s.on('interrupted', () => seen.push('interrupted'));
  s.on('restored', (r) => seen.push(`restored ${r.rejoined ? 'rejoined' : 'resumed'} as ${r.result.participantId}`));
  s.on('ended', (e) => seen.push(`ended ${e.reason}`));
  s.on('failed', (e) => seen.push(`failed ${e.code}`));
  return { s, connections, seen };
}

/** Resolves once `pred` holds, checking after each turn of the event loop (bounded). */
async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setImmediate(r));
  expect(pred()).toBe(true);
}

describe('SignalingSession recovery (fake connections)', () => {
  it('resumes the same participant after a drop, and delivers events sent during the resume after it', async () => {
    const server: FakeServer = (method, _params, conn) => {
      if (method === 'join') return joinResult('p1', 'token-1');
      if (method === 'resume') {
        conn.push(chatEvent('during resume'));
        return joinResult('p1', 'token-2');
      }
      return {};
    };
    const { s, connections, seen } = session(server);
    await s.join(() => seen.push('joined'));
    connections[0]!.drop();
    await until(() => seen.some((e) => e.startsWith('restored')));
    expect(connections[1]!.sent[0]).toMatchObject({
      method: 'resume',
      params: { resumeToken: 'token-1', roomName: 'room' },
    });
    expect(seen).toEqual(['joined', 'interrupted', 'restored resumed as p1', 'event {"text":"during resume"}']);
    expect(s.connected).toBe(true);
  });

  it('joins again as a new participant when the server refuses the resume', async () => {
    let joins = 0;
    const server: FakeServer = (method) => {
      if (method === 'join') return joinResult(`p${++joins}`, `token-${joins}`);
      if (method === 'resume') throw new TransportError('grace period over', 'resume-expired');
      return {};
    };
    const { s, connections, seen } = session(server);
    await s.join(() => {});
    connections[0]!.drop();
    await until(() => seen.some((e) => e.startsWith('restored')));
    expect(connections[1]!.sent.map((r) => r.method)).toEqual(['resume', 'join']);
    expect(seen).toEqual(['interrupted', 'restored rejoined as p2']);
  });

  it('holds a request made while reconnecting until the session is back, then sends it on the new connection', async () => {
    let release!: () => void;
    const resumed = new Promise<void>((r) => (release = r));
    const server: FakeServer = async (method) => {
      if (method === 'join') return joinResult('p1', 't1');
      if (method === 'resume') {
        await resumed;
        return joinResult('p1', 't2');
      }
      return { echoed: method };
    };
    const { s, connections } = session(server);
    await s.join(() => {});
    connections[0]!.drop();
    const request = s.request('send-app-message' as never, { data: 1 } as never, 5000);
    await until(() => connections.length === 2);
    release();
    await expect(request).resolves.toEqual({ echoed: 'send-app-message' });
    expect(connections[1]!.sent.map((r) => r.method)).toEqual(['resume', 'send-app-message']);
    expect(connections[0]!.sent.map((r) => r.method)).toEqual(['join']);
  });

  it('does not reconnect when the server ended the session (ejected)', async () => {
    const { s, connections, seen } = session((method) => (method === 'join' ? joinResult('p1', 't1') : {}));
    await s.join(() => {});
    const conn: FakeConnection = connections[0]!;
    conn.push({ event: 'session-ended', data: { reason: 'ejected', message: 'bye' } } as unknown as AnySignalingEvent);
    conn.drop(4001, 'ejected');
    await until(() => s.closed);
    expect(seen).toEqual(['ended ejected']);
    expect(connections).toHaveLength(1);
  });

  it('gives up with the server error when a rejoin is refused for good', async () => {
    let joinCount = 0;
    const server: FakeServer = (method) => {
      if (method === 'join' && joinCount++ === 0) return joinResult('p1', 't1');
      if (method === 'resume') throw new TransportError('unknown', 'resume-failed');
      throw new TransportError('the room was deleted', 'room-not-found');
    };
    const { s, connections, seen } = session(server);
    await s.join(() => {});
    connections[0]!.drop();
    await until(() => s.closed);
    expect(seen).toEqual(['interrupted', 'failed room-not-found']);
  });
});
