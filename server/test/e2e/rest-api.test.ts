/**
 * REST API against a real server (SQLite, embedded Janus): rooms CRUD, auth,
 * validation with field names, meeting tokens, persistence across restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server-fixture';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('auth', () => {
  it('refuses a missing or wrong API key with 401 and a reason', async () => {
    const missing = await fetch(`${server.url}/v1/rooms`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({
      error: 'authentication-error',
      info: expect.stringContaining('missing Authorization'),
    });
    const wrong = await server.rest('GET', '/v1/rooms', undefined, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.info).toContain('not valid');
  });

  it('serves /healthz without a key', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true, janus: 'up' });
  });
});

describe('rooms', () => {
  it("creates, reads, lists, updates and deletes a room in Daily's shape", async () => {
    const created = await server.rest('POST', '/v1/rooms', {
      name: 'crud-room',
      privacy: 'private',
      properties: { max_participants: 5, enable_chat: true, start_video_off: true, exp: 4102444800 },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'crud-room',
      api_created: true,
      privacy: 'private',
      url: `${server.url}/crud-room`,
      config: { max_participants: 5, enable_chat: true, start_video_off: true, exp: 4102444800 },
    });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(created.body.created_at)).toBeGreaterThan(0);

    expect((await server.rest('GET', '/v1/rooms/crud-room')).body).toEqual(created.body);

    const updated = await server.rest('POST', '/v1/rooms/crud-room', {
      privacy: 'public',
      properties: { max_participants: 7, exp: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.privacy).toBe('public');
    expect(updated.body.config).toEqual({ max_participants: 7, enable_chat: true, start_video_off: true });

    const deleted = await server.rest('DELETE', '/v1/rooms/crud-room');
    expect(deleted.body).toEqual({ deleted: true, name: 'crud-room' });
    const gone = await server.rest('GET', '/v1/rooms/crud-room');
    expect(gone.status).toBe(404);
    expect(gone.body.info).toBe('room "crud-room" does not exist');
    expect((await server.rest('DELETE', '/v1/rooms/crud-room')).status).toBe(404);
  });

  it('generates a name when none is given and refuses a taken one with 409', async () => {
    const a = await server.rest('POST', '/v1/rooms', {});
    expect(a.status).toBe(200);
    expect(a.body.name).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(a.body.privacy).toBe('public');
    const dup = await server.rest('POST', '/v1/rooms', { name: a.body.name });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ error: 'already-exists', field: 'name' });
  });

  it('lists newest first with paging', async () => {
    for (const n of ['page-a', 'page-b', 'page-c'])
      expect((await server.rest('POST', '/v1/rooms', { name: n })).status).toBe(200);
    const first = await server.rest('GET', '/v1/rooms?limit=2');
    expect(first.body.data.map((r: { name: string }) => r.name)).toEqual(['page-c', 'page-b']);
    expect(first.body.total_count).toBeGreaterThanOrEqual(3);
    const next = await server.rest('GET', '/v1/rooms?limit=1&starting_after=page-b');
    expect(next.body.data.map((r: { name: string }) => r.name)).toEqual(['page-a']);
    const before = await server.rest('GET', '/v1/rooms?limit=1&ending_before=page-b');
    expect(before.body.data.map((r: { name: string }) => r.name)).toEqual(['page-c']);
    const bad = await server.rest('GET', '/v1/rooms?limit=1000');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('limit');
  });

  it('answers bad input with 400 naming the field and the reason', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ name: 'has space' }, 'name', 'may only contain letters'],
      [{ name: 'v1' }, 'name', 'reserved'],
      [{ privacy: 'secret' }, 'privacy', 'must be one of "public", "private"'],
      [{ properties: { max_participants: 'ten' } }, 'properties.max_participants', 'must be an integer'],
      [{ properties: { max_participants: 0 } }, 'properties.max_participants', 'at least 1'],
      [{ properties: { colour: 'red' } }, 'properties.colour', 'is not a known field'],
      [{ properties: { enable_recording: 'tape' } }, 'properties.enable_recording', '"cloud"'],
      [{ properties: { nbf: 200, exp: 100 } }, 'properties.exp', 'later than nbf'],
      [
        { properties: { permissions: { canSend: ['smell'] } } },
        'properties.permissions.canSend[0]',
        'must be one of "camera"',
      ],
      [{ properties: { permissions: { canSend: 3 } } }, 'properties.permissions.canSend', 'true, false or a list'],
      [{ extra: 1 }, 'extra', 'is not a known field'],
    ];
    for (const [body, field, reason] of cases) {
      const res = await server.rest('POST', '/v1/rooms', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.field, JSON.stringify(body)).toBe(field);
      expect(res.body.info, JSON.stringify(body)).toContain(reason);
    }
  });

  it('refuses malformed JSON, oversized bodies and wrong methods', async () => {
    const badJson = await server.rest('POST', '/v1/rooms', '{"name": ');
    expect(badJson.status).toBe(400);
    expect(badJson.body.info).toContain('not valid JSON');
    const big = await server.rest('POST', '/v1/rooms', { name: 'big', pad: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
    const wrongMethod = await server.rest('PUT', '/v1/rooms/x');
    expect(wrongMethod.status).toBe(405);
    const unknown = await server.rest('GET', '/v1/nothing');
    expect(unknown.status).toBe(404);
  });

  it('answers a meeting URL with the call page (404 for unknown rooms, which the page explains)', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'page-room' });
    const page = await fetch(`${server.url}/page-room?t=abc`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('name="daily-node-room" content="found"');
    const missing = await fetch(`${server.url}/no-such-room`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('name="daily-node-room" content="not-found"');
  });
});

describe('meeting tokens', () => {
  it('signs Daily token properties and validates them back', async () => {
    const properties = {
      room_name: 'tok-room',
      is_owner: true,
      user_name: 'Ada',
      user_id: 'u-1',
      permissions: {
        hasPresence: false,
        canSend: ['microphone'],
        canAdmin: ['participants'],
        canReceive: { base: false },
      },
      exp: Math.floor(Date.now() / 1000) + 3600,
      eject_at_token_exp: true,
      start_video_off: true,
    };
    const created = await server.rest('POST', '/v1/meeting-tokens', { properties });
    expect(created.status).toBe(200);
    expect(created.body.token.split('.')).toHaveLength(3);
    const header = JSON.parse(Buffer.from(created.body.token.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('HS256');
    const checked = await server.rest('GET', `/v1/meeting-tokens/${created.body.token}`);
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual(properties);
  });

  it('refuses bad properties and reports bad tokens with the reason', async () => {
    const bad = await server.rest('POST', '/v1/meeting-tokens', { properties: { is_owner: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('properties.is_owner');
    const unknown = await server.rest('POST', '/v1/meeting-tokens', { properties: { owner: true } });
    expect(unknown.body.field).toBe('properties.owner');
    const missing = await server.rest('POST', '/v1/meeting-tokens', {});
    expect(missing.body.field).toBe('properties');

    const expired = await server.rest('POST', '/v1/meeting-tokens', { properties: { exp: 1000 } });
    const res = await server.rest('GET', `/v1/meeting-tokens/${expired.body.token}`);
    expect(res.status).toBe(400);
    expect(res.body.info).toBe('meeting token has expired');
    const garbage = await server.rest('GET', '/v1/meeting-tokens/abc.def.ghi');
    expect(garbage.body.info).toBe('meeting token is malformed');
  });
});

describe('persistence', () => {
  it('keeps rooms, the generated API key and token validity across a restart', async () => {
    const own = await startTestServer();
    await own.rest('POST', '/v1/rooms', { name: 'durable', privacy: 'private', properties: { enable_dialout: true } });
    const token = (await own.rest('POST', '/v1/meeting-tokens', { properties: { room_name: 'durable' } })).body.token;
    const { apiKey, dataDir } = own;
    await own.close();

    const again = await startTestServer({ dataDir });
    try {
      expect(again.apiKey).toBe(apiKey);
      const room = await again.rest('GET', '/v1/rooms/durable');
      expect(room.status).toBe(200);
      expect(room.body).toMatchObject({ name: 'durable', privacy: 'private', config: { enable_dialout: true } });
      expect((await again.rest('GET', `/v1/meeting-tokens/${token}`)).body).toEqual({ room_name: 'durable' });
    } finally {
      await again.close();
    }
  });
});
