/**
 * Hostile input on the signaling socket: every bad message gets an error
 * reply or the socket is closed; the server never crashes and other
 * participants keep working.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyJson, fuzzParams, mutate } from '../helpers/fuzz';
import { TestClient } from '../helpers/signaling-client';
import { startTestServer, type TestServer } from '../helpers/server-fixture';

let server: TestServer;
let url: string;
let bystanderA: TestClient;
let bystanderB: TestClient;

beforeAll(async () => {
  server = await startTestServer({ limits: { maxMessageBytes: 64 * 1024, requestsPerSecond: 50 } });
  await server.rest('POST', '/v1/rooms', { name: 'fuzz' });
  url = server.meetingUrl('fuzz');
  bystanderA = await TestClient.join(url, { userName: 'A' });
  bystanderB = await TestClient.join(url, { userName: 'B' });
});
afterAll(async () => {
  bystanderA?.close();
  bystanderB?.close();
  await server?.close();
});

/** The bystanders still talk to each other and the server is healthy. */
async function othersUnaffected(tag: string): Promise<void> {
  await bystanderA.request('sendAppMessage', { data: tag, to: bystanderB.id });
  await bystanderB.waitEvent('app-message', (d) => d.data === tag);
  expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true });
}

describe('malformed messages', () => {
  it('answers each with an error naming the problem', async () => {
    const c = await TestClient.join(url);
    const cases: Array<[string, string, string | undefined]> = [
      ['{not json', 'bad-json', undefined],
      ['null', 'bad-request', undefined],
      ['"text"', 'bad-request', undefined],
      ['{"method":"leave"}', 'bad-request', 'id'],
      ['{"id":-1,"method":"leave"}', 'bad-request', 'id'],
      ['{"id":1.5,"method":"leave"}', 'bad-request', 'id'],
      ['{"id":1,"method":42}', 'bad-request', 'method'],
      ['{"id":1,"method":"__proto__"}', 'unknown-method', 'method'],
      ['{"id":1,"method":"constructor"}', 'unknown-method', 'method'],
      ['{"id":1,"method":"sendAppMessage","params":[]}', 'bad-request', 'params'],
      ['{"id":1,"method":"sendAppMessage","params":{}}', 'bad-request', 'params.data'],
      ['{"id":1,"method":"setUserName","params":{"userName":7}}', 'bad-request', 'params.userName'],
      [
        '{"id":1,"method":"updateTracks","params":{"tracks":{"mic":{"enabled":"yes"}}}}',
        'bad-request',
        'params.tracks.mic.enabled',
      ],
      [
        '{"id":1,"method":"publish","params":{"jsep":{"type":"offer","sdp":""},"tracks":[]}}',
        'bad-request',
        'params.jsep.sdp',
      ],
      ['{"id":1,"method":"ejectRemoteParticipants","params":{"ids":[]}}', 'bad-request', 'params.ids'],
      [
        '{"id":1,"method":"updateSubscriptions","params":{"participants":{"x":null}}}',
        'bad-request',
        'params.participants key "x"',
      ],
      ['{"id":1,"method":"join","params":{"protocolVersion":1,"roomName":"fuzz"}}', 'already-joined', undefined],
    ];
    for (const [text, code, field] of cases) {
      const from = c.events.length;
      c.sendRaw(text);
      // Requests with a usable id get a response; others an `error` event.
      const got = await Promise.race([
        c.waitEvent('error', () => true, 3000, from).then((e) => ({ code: e.code, field: e.field })),
        new Promise<{ code: string; field?: string }>((resolve) => {
          const onMessage = (raw: WebSocket.RawData): void => {
            const msg = JSON.parse(raw.toString());
            if (msg.ok === false) {
              c.socket.off('message', onMessage);
              resolve({ code: msg.error.code, field: msg.error.field });
            }
          };
          c.socket.on('message', onMessage);
        }),
      ]);
      expect(got, text).toMatchObject({ code, ...(field ? { field } : {}) });
    }
    expect(c.closeCode).toBeUndefined();
    await othersUnaffected('after-malformed');
    c.close();
  });

  it('closes the socket on an oversized message (1009), others unaffected', async () => {
    const c = await TestClient.join(url);
    c.sendRaw(JSON.stringify({ id: 1, method: 'sendAppMessage', params: { data: 'x'.repeat(100 * 1024) } }));
    expect(await c.waitClosed()).toBe(1009);
    await othersUnaffected('after-oversized');
  });

  it('survives random garbage and binary frames', async () => {
    const c = await TestClient.join(url);
    for (let i = 0; i < 20; i++) c.sendRaw(randomBytes(50 + i * 10).toString('latin1'));
    c.sendRaw(randomBytes(64));
    await c.waitEvent('error', (e) => e.message.includes('binary'));
    await othersUnaffected('after-garbage');
    c.close();
  });

  it('answers floods with rate-limited errors, then closes the socket (1008)', async () => {
    const c = await TestClient.join(url);
    const text = JSON.stringify({ id: 1, method: 'setUserName', params: { userName: 'flood' } });
    for (let i = 0; i < 600 && c.closeCode === undefined; i++) c.sendRaw(text);
    await c.waitEvent('error', (e) => e.code === 'rate-limited');
    expect(await c.waitClosed()).toBe(1008);
    await othersUnaffected('after-flood');
  });

  it('closes sockets that never join and refuses other paths', async () => {
    const res = await fetch(`${server.url}/v1/signaling`);
    expect(res.status).toBe(401); // a plain GET is a REST request without a key
    const wrongPath = new WebSocket(`${server.url.replace('http', 'ws')}/elsewhere`);
    const err = await new Promise<string>((resolve) => wrongPath.once('error', (e) => resolve(e.message)));
    expect(err).toContain('404');
    await othersUnaffected('after-paths');
  });
});

describe('connection limit', () => {
  it('refuses sockets beyond maxConnections with 1013', async () => {
    const small = await startTestServer({ limits: { maxConnections: 2 } });
    try {
      await small.rest('POST', '/v1/rooms', { name: 'cap' });
      const a = await TestClient.connect(small.meetingUrl('cap'));
      const b = await TestClient.connect(small.meetingUrl('cap'));
      const c = await TestClient.connect(small.meetingUrl('cap'));
      expect(await c.waitClosed()).toBe(1013);
      expect(a.closeCode).toBeUndefined();
      await b.request('join', { protocolVersion: 1, roomName: 'cap' });
      a.close();
      b.close();
    } finally {
      await small.close();
    }
  });
});

/** Valid requests of every method a joined client may send (leave excepted: it ends the session). */
const VALID_REQUESTS: Array<{ method: string; params: unknown }> = [
  { method: 'setUserName', params: { userName: 'fuzzer' } },
  { method: 'sendAppMessage', params: { data: { hello: [1, 2] }, to: '*' } },
  { method: 'sendChatMessage', params: { message: 'hi', userName: 'fuzzer' } },
  { method: 'updateTracks', params: { tracks: { microphone: { enabled: false } } } },
  {
    method: 'publish',
    params: { jsep: { type: 'offer', sdp: 'v=0\r\n' }, tracks: [{ mid: '0', name: 'microphone' }] },
  },
  { method: 'unpublish', params: {} },
  {
    method: 'trickle',
    params: { target: 'publisher', candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host', sdpMid: '0' } },
  },
  { method: 'updateSubscriptions', params: { defaults: { audio: { subscribed: true } } } },
  { method: 'subscriberAnswer', params: { jsep: { type: 'answer', sdp: 'v=0\r\n' }, connectionId: 1 } },
  { method: 'resetSubscriber', params: {} },
  { method: 'updatePermissions', params: { canSend: ['microphone'] } },
  { method: 'updateRemoteParticipants', params: { updates: { someone: { inputsEnabled: { microphone: false } } } } },
  { method: 'ejectRemoteParticipants', params: { ids: ['someone'] } },
  { method: 'join', params: { protocolVersion: 1, roomName: 'fuzz' } },
  { method: 'resume', params: { resumeToken: 'x' } },
];

const fuzzMessage = fc.oneof(
  // A valid request with one value somewhere replaced by anything.
  fc
    .record({ req: fc.constantFrom(...VALID_REQUESTS), path: fc.array(fc.nat(), { maxLength: 4 }), value: anyJson() })
    .map(({ req, path, value }) => JSON.stringify(mutate({ id: 0, ...req }, path, value))),
  // Wrong types everywhere.
  fc
    .record({
      id: anyJson(),
      method: fc.oneof(fc.constantFrom(...VALID_REQUESTS.map((r) => r.method)), anyJson()),
      params: anyJson(),
    })
    .map((m) => JSON.stringify(m)),
  // Any JSON at all, and text that is not JSON.
  anyJson().map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.string({ maxLength: 300 }),
);

describe('property-based signaling fuzz', () => {
  it('every message gets a clear error or a result: no internal errors, socket kept, others unaffected', async () => {
    // No resume grace: a fuzzer closed for bad messages leaves at once (long runs would fill the room).
    const limits = { maxMessageBytes: 64 * 1024, requestsPerSecond: 100_000 };
    const roomy = await startTestServer({ resumeGraceMs: 0, limits });
    try {
      await roomy.rest('POST', '/v1/rooms', { name: 'fuzz' });
      const watcher = await TestClient.join(roomy.meetingUrl('fuzz'), { userName: 'watcher' });
      let c = await TestClient.join(roomy.meetingUrl('fuzz'), { userName: 'fuzzer' });
      const codes = new Map<string, number>();
      const closes: number[] = [];
      let probeId = 2_000_000_000;
      const seen = (raw: WebSocket.RawData): void => {
        const msg = JSON.parse(raw.toString());
        const code = msg.ok === false ? msg.error.code : msg.event === 'error' ? msg.data?.code : undefined;
        if (code) codes.set(code, (codes.get(code) ?? 0) + 1);
      };
      c.socket.on('message', seen);
      const heapBefore = process.memoryUsage().heapUsed;
      const { seed, numRuns } = fuzzParams('signaling messages', 3000);
      await fc.assert(
        fc.asyncProperty(fuzzMessage, async (text) => {
          if (c.closeCode !== undefined) {
            closes.push(c.closeCode);
            c = await TestClient.join(roomy.meetingUrl('fuzz'), { userName: 'fuzzer' });
            c.socket.on('message', seen);
          }
          // Keep fuzz ids clear of the probe's.
          c.sendRaw(text.replace(/"id":2\d{9}/, '"id":1'));
          const id = ++probeId;
          c.sendRaw(JSON.stringify({ id, method: 'setUserName', params: { userName: 'probe' } }));
          await new Promise<void>((resolve) => {
            const onMessage = (raw: WebSocket.RawData): void => {
              if (JSON.parse(raw.toString()).id !== id) return;
              c.socket.off('message', onMessage);
              c.socket.off('close', onClose);
              resolve();
            };
            const onClose = (): void => resolve();
            c.socket.on('message', onMessage);
            c.socket.once('close', onClose);
          });
        }),
        { seed, numRuns },
      );
      const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
      console.log(
        `[fuzz] signaling: error codes ${JSON.stringify(Object.fromEntries(codes))}; ` +
          `${closes.length} sockets closed for too many bad messages (${[...new Set(closes)].join()}); ` +
          `heap +${heapGrowthMb.toFixed(1)} MB`,
      );
      expect(codes.get('internal') ?? 0).toBe(0);
      for (const code of closes) expect([1008, 1009]).toContain(code);
      expect(codes.get('bad-request') ?? 0).toBeGreaterThan(0);
      await c.request('sendAppMessage', { data: 'still-here', to: watcher.id });
      await watcher.waitEvent('app-message', (d) => d.data === 'still-here');
      expect(await (await fetch(`${roomy.url}/healthz`)).json()).toMatchObject({ ok: true });
      c.close();
      watcher.close();
    } finally {
      await roomy.close();
    }
  }, 300_000);
});
