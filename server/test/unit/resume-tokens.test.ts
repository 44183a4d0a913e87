/** Resume tokens: what they carry, and why one is refused. */
import { describe, expect, it } from 'vitest';
import { MeetingTokens } from '../../src/tokens/meeting-token';
import { ResumeTokenRejectedError, ResumeTokens } from '../../src/tokens/resume-token';

const tokens = new ResumeTokens('resume-secret');
const claims = {
  participantId: '8c1f2a62-2f0e-4b4e-9a51-7e1f1d2c3b4a',
  roomName: 'standup',
  roomId: 'a6f0c1de-1b2c-4d3e-8f9a-0b1c2d3e4f50',
};

async function problem(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ResumeTokenRejectedError) return `${e.problem}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe('ResumeTokens', () => {
  it('round-trips participant, room and room id', async () => {
    expect(await tokens.verify(await tokens.sign(claims), 'standup')).toEqual(claims);
  });

  it('names the problem of each bad token', async () => {
    const t = await tokens.sign(claims);
    expect(await problem(tokens.verify(t, 'retro'))).toBe(
      'resume-wrong-room: resume token is for room "standup", not "retro"',
    );
    expect(await problem(tokens.verify(await new ResumeTokens('other-secret').sign(claims), 'standup'))).toMatch(
      /^resume-token-invalid: .*signature does not verify/,
    );
    expect(await problem(tokens.verify(`${t}x`, 'standup'))).toMatch(/^resume-token-invalid/);
    expect(await problem(tokens.verify('abc', 'standup'))).toBe('resume-token-invalid: resume token is malformed');
  });

  it('a meeting token signed with the same key is not a resume token, nor the reverse', async () => {
    const meeting = new MeetingTokens('resume-secret');
    expect(await problem(tokens.verify(await meeting.sign({ room_name: 'standup' }), 'standup'))).toMatch(
      /^resume-token-invalid/,
    );
    await expect(meeting.verify(await tokens.sign(claims), 'standup')).rejects.toMatchObject({
      problem: 'token-invalid',
    });
  });
});
