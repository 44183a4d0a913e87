/**
 * Resume tokens: JWTs (HS256, `jose`) that name a participant and its room,
 * signed with a key the server keeps in its storage, so they stay valid across
 * restarts. They prove the holder is that participant; whether it may come
 * back is decided by the roster (is it still in the call?), never by the token
 * alone. Clients treat them as opaque; they hold no Janus ids or secrets.
 */
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';

/** What a resume token says. */
export interface ResumeClaims {
  participantId: string;
  roomName: string;
  /** The room's id: a room deleted and made again under the same name is another room. */
  roomId: string;
}

/** Why a resume token was refused. */
export type ResumeTokenProblem = 'resume-token-invalid' | 'resume-wrong-room';

export class ResumeTokenRejectedError extends Error {
  constructor(
    readonly problem: ResumeTokenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ResumeTokenRejectedError';
  }
}

/** Not the meeting-token issuer: a resume token never passes as a meeting token (the keys differ too). */
const ISSUER = 'daily-node-server/resume';

export class ResumeTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(claims: ResumeClaims): Promise<string> {
    return new SignJWT({ room: claims.roomName, rid: claims.roomId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.participantId)
      .setIssuedAt()
      .setIssuer(ISSUER)
      .sign(this.key);
  }

  /**
   * Checks the signature and that the token is for `roomName`.
   * @throws ResumeTokenRejectedError with the specific problem
   */
  async verify(token: string, roomName: string): Promise<ResumeClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER }));
    } catch (e) {
      const forged = e instanceof joseErrors.JWSSignatureVerificationFailed;
      throw new ResumeTokenRejectedError(
        'resume-token-invalid',
        forged
          ? 'resume token signature does not verify (forged, or from another server)'
          : 'resume token is malformed',
      );
    }
    const { sub, room, rid } = payload;
    if (typeof sub !== 'string' || typeof room !== 'string' || typeof rid !== 'string') {
      throw new ResumeTokenRejectedError('resume-token-invalid', 'resume token lacks its participant or room');
    }
    if (room !== roomName) {
      throw new ResumeTokenRejectedError('resume-wrong-room', `resume token is for room "${room}", not "${roomName}"`);
    }
    return { participantId: sub, roomName: room, roomId: rid };
  }
}
