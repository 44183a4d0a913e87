/**
 * The meeting server for SDK end-to-end tests (embedded Janus, temporary
 * data folder), with helpers for rooms and tokens.
 */
import { startTestServer, type TestServer } from '../../../server/test/helpers/server-fixture';

export type { TestServer };

export function startCallServer(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  return startTestServer(options);
}

/** Creates a room and returns its meeting URL. */
export async function createRoom(
  server: TestServer,
  name: string,
  properties: Record<string, unknown> = {},
): Promise<string> {
  const res = await server.rest('POST', '/v1/rooms', { name, properties });
  if (res.status !== 200) throw new Error(`creating room ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return server.meetingUrl(name);
}

/** A meeting token with these properties (`is_owner`, `user_name`, `permissions`, ...). */
export async function meetingToken(server: TestServer, properties: Record<string, unknown>): Promise<string> {
  const res = await server.rest('POST', '/v1/meeting-tokens', { properties });
  if (res.status !== 200) throw new Error(`creating a token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}
