/**
 * Security checks (docs/security.md): forged meeting tokens (another key,
 * `alg: none`), tampered resume tokens, admin operations by non-owners,
 * oversized REST bodies, slow clients on HTTP and WebSocket (slowloris),
 * the WebSocket Origin policy, and Janus and the meeting server unreachable
 * from outside loopback. Expired, not-yet-valid, other-room and re-signed
 * payload tokens are checked in signaling.test.ts ("meeting tokens at join").
 */
import net from 'node:net';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/signaling/close-code';
import { RequestFailed, TestClient } from '../helpers/signaling-client';
import { startTestServer, type TestServer } from '../helpers/server-fixture';
import { PROTOCOL_VERSION, parseMeetingUrl } from 'daily-node/protocol';

let server: TestServer;
let privateUrl: string;

beforeAll(async () => {
  server = await startTestServer({
    limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, joinDeadlineMs: 1500 },
    allowedOrigins: ['https://app.example.com'],
  });
  await server.rest('POST', '/v1/rooms', { name: 'sec-open' });
  await server.rest('POST', '/v1/rooms', { name: 'sec-private', privacy: 'private' });
  privateUrl = server.meetingUrl('sec-private');
});
afterAll(() => server?.close());

async function failure(p: Promise<unknown>): Promise<RequestFailed['error']> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RequestFailed);
  return (e as RequestFailed).error;
}

describe('forged meeting tokens', () => {
  it('refuses a token signed with another key and an unsigned (alg: none) token, naming the problem', async () => {
    const claims = { room_name: 'sec-private', is_owner: true, iss: 'daily-node-server' };
    const otherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(Buffer.alloc(32, 7));
    expect(await failure(TestClient.join(privateUrl, { token: otherKey }))).toMatchObject({ code: 'token-invalid' });
    const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect(await failure(TestClient.join(privateUrl, { token: unsigned }))).toMatchObject({ code: 'token-invalid' });
    const noneWithSig = `${b64({ alg: 'none' })}.${b64(claims)}.${otherKey.split('.')[2]}`;
    expect(await failure(TestClient.join(privateUrl, { token: noneWithSig }))).toMatchObject({ code: 'token-invalid' });
  });
});

describe('tampered resume tokens', () => {
  it('refuses a resume token whose participant or signature was changed, and one used for another room', async () => {
    const c = await TestClient.join(server.meetingUrl('sec-open'));
    const good = c.joined!.resumeToken;
    const [h, p, s] = good.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const otherPayload = Buffer.from(
      JSON.stringify({ ...payload, participantId: 'someone-else', pid: 'someone-else' }),
    ).toString('base64url');
    const attempts = [`${h}.${otherPayload}.${s}`, `${h}.${p}.${s!.slice(0, -2)}AA`, 'not.a.token'];
    for (const resumeToken of attempts) {
      const d = await TestClient.connect(server.meetingUrl('sec-open'));
      const e = await failure(
        d.request('resume', { protocolVersion: PROTOCOL_VERSION, resumeToken, roomName: 'sec-open' }),
      );
      expect(e.code, resumeToken).toMatch(/^resume-/);
      d.close();
    }
    const d = await TestClient.connect(server.meetingUrl('sec-open'));
    const e = await failure(
      d.request('resume', { protocolVersion: PROTOCOL_VERSION, resumeToken: good, roomName: 'sec-private' }),
    );
    expect(e.code).toMatch(/^resume-/);
    d.close();
    c.close();
  });
});

describe('admin operations by a non-owner', () => {
  it('refuses ejecting, remote muting, changing permissions of others and granting itself permissions', async () => {
    const url = server.meetingUrl('sec-open');
    const victim = await TestClient.join(url, { userName: 'victim' });
    const guest = await TestClient.join(url, { userName: 'guest' });
    const id = victim.id;
    expect(await failure(guest.request('ejectRemoteParticipants', { ids: [id] }))).toMatchObject({ code: 'forbidden' });
    expect(
      await failure(
        guest.request('updateRemoteParticipants', { updates: { [id]: { inputsEnabled: { microphone: false } } } }),
      ),
    ).toMatchObject({ code: 'forbidden' });
    expect(
      await failure(guest.request('updateRemoteParticipants', { updates: { [id]: { eject: true } } })),
    ).toMatchObject({ code: 'forbidden' });
    expect(
      await failure(guest.request('updatePermissions', { permissions: { canAdmin: ['participants'] } })),
    ).toMatchObject({ code: 'forbidden' });
    // The victim is still there and was never muted.
    await guest.request('sendAppMessage', { data: 'still-here', to: id });
    await victim.waitEvent('app-message', (d) => d.data === 'still-here');
    guest.close();
    victim.close();
  });
});

describe('oversized REST bodies', () => {
  it('answers 413 with a JSON error, with or without a declared length', async () => {
    const big = JSON.stringify({ name: 'big', properties: { x: 'y'.repeat(100 * 1024) } });
    const declared = await server.rest('POST', '/v1/rooms', JSON.parse(big));
    expect(declared.status).toBe(413);
    expect(declared.body.error).toBe('payload-too-large');
    const chunked = await rawHttp(
      `POST /v1/rooms HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.apiKey}\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1.1 413/);
  });
});

describe('slow clients (slowloris)', () => {
  it('cuts off an HTTP client that sends its headers too slowly', async () => {
    const { closedAfterMs, received } = await trickleHeaders('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    expect(received).toMatch(/^HTTP\/1.1 408/);
    expect(closedAfterMs).toBeLessThan(4000);
  });

  it('cuts off a WebSocket upgrade that is sent too slowly', async () => {
    const upgrade =
      'GET /v1/signaling HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n';
    const { closedAfterMs } = await trickleHeaders(upgrade);
    expect(closedAfterMs).toBeLessThan(4000);
  });

  it('closes a WebSocket that never joins', async () => {
    const c = await TestClient.connect(server.meetingUrl('sec-open'));
    expect(await c.waitClosed(5000)).toBe(CloseCode.joinTimeout);
  });
});

describe('WebSocket Origin policy', () => {
  const open = (origin?: string): Promise<string> =>
    new Promise((resolve) => {
      const ws = new WebSocket(parseMeetingUrl(server.meetingUrl('sec-open')).signalingUrl, origin ? { origin } : {});
      ws.once('open', () => {
        ws.close();
        resolve('open');
      });
      ws.once('error', (e) => resolve(e.message));
    });

  it('lets in clients without an Origin, the server own pages, loopback pages and listed origins', async () => {
    expect(await open()).toBe('open');
    expect(await open(new URL(server.url).origin)).toBe('open');
    expect(await open('http://localhost:5173')).toBe('open');
    expect(await open('https://app.example.com')).toBe('open');
  });

  it('refuses other web pages with 403', async () => {
    for (const origin of [
      'https://evil.example',
      'null',
      'http://app.example.com',
      'https://app.example.com.evil.example',
    ]) {
      expect(await open(origin), origin).toMatch(/403/);
    }
  });
});

describe('reachable from loopback only', () => {
  it('Janus (API and admin API) and the meeting server refuse connections to a non-loopback address', async () => {
    const outside = process.env.DAILY_NODE_MEDIA_IP;
    if (!outside) throw new Error('run inside scripts/netns-run: it gives the namespace a non-loopback address to try');
    const janus = server.janus.embedded!;
    const ports = [Number(new URL(janus.node().url).port), Number(new URL(janus.admin().url).port), server.port];
    for (const port of ports) {
      expect(await tcpConnect('127.0.0.1', port), `127.0.0.1:${port}`).toBe('connected');
      expect(await tcpConnect(outside, port), `${outside}:${port}`).toBe('ECONNREFUSED');
    }
  });
});

function tcpConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

function rawHttp(request: string): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: hostname, port: Number(port) }, () => s.write(request));
    let text = '';
    s.on('data', (d) => {
      text += d.toString();
      if (text.includes('\r\n\r\n')) s.destroy();
    });
    s.once('error', reject);
    s.once('close', () => resolve(text));
    s.setTimeout(5000, () => s.destroy());
  });
}

/** Sends `start` then one more header line every 200 ms, never ending the headers. */
function trickleHeaders(start: string): Promise<{ closedAfterMs: number; received: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    const began = Date.now();
    let received = '';
    let n = 0;
    const s = net.connect({ host: hostname, port: Number(port) }, () => s.write(start));
    const drip = setInterval(() => s.writable && s.write(`X-Slow-${n++}: 1\r\n`), 200);
    const giveUp = setTimeout(() => s.destroy(), 10_000);
    s.on('data', (d) => (received += d.toString()));
    s.on('error', () => undefined);
    s.once('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - began, received });
    });
  });
}
