import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { MeetingTokens, TokenRejectedError, checkTokenProperties } from '../../src/tokens/meeting-token';

const tokens = new MeetingTokens('secret-a');
const now = (): number => Math.floor(Date.now() / 1000);

async function problem(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TokenRejectedError) return `${e.problem}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe('MeetingTokens', () => {
  it('carries the service claim of tokens the server mints, which the REST API refuses', async () => {
    const t = await tokens.sign({ room_name: 'r', daily_node_service: 'transcription' });
    expect(await tokens.verify(t, 'r')).toEqual({ room_name: 'r', daily_node_service: 'transcription' });
    const fromRest = (): unknown => checkTokenProperties({ daily_node_service: 'transcription' }, 'properties');
    expect(fromRest).toThrow(/properties\.daily_node_service/);
  });

  it('round-trips properties', async () => {
    const t = await tokens.sign({ room_name: 'r', is_owner: true, exp: now() + 60 });
    expect(await tokens.verify(t, 'r')).toEqual({ room_name: 'r', is_owner: true, exp: expect.any(Number) });
  });

  it('names the problem of each bad token', async () => {
    expect(await problem(tokens.verify(await tokens.sign({ exp: now() - 10 })))).toBe(
      'token-expired: meeting token has expired',
    );
    expect(await problem(tokens.verify(await tokens.sign({ nbf: now() + 600 })))).toMatch(/^token-not-yet-valid/);
    expect(await problem(tokens.verify(await new MeetingTokens('secret-b').sign({})))).toMatch(
      /^token-invalid: .*signature/,
    );
    expect(await problem(tokens.verify(await tokens.sign({ room_name: 'a' }), 'b'))).toBe(
      'token-wrong-room: meeting token is for room "a", not "b"',
    );
    expect(await problem(tokens.verify('not-a-jwt'))).toBe('token-invalid: meeting token is malformed');
    // Signed with our key but carrying a property we do not know.
    const odd = await new SignJWT({ colour: 'red' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('daily-node-server')
      .sign(new TextEncoder().encode('secret-a'));
    expect(await problem(tokens.verify(odd))).toMatch(/^token-invalid: .*colour/);
  });

  it('accepts a token without room_name in any room', async () => {
    expect(await problem(tokens.verify(await tokens.sign({ user_name: 'x' }), 'any'))).toBe('accepted');
  });
});
