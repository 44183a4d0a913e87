/**
 * Meeting tokens: JWTs (HS256, `jose`) whose payload holds Daily's meeting-token
 * properties. Verification maps every failure to a specific reason.
 */
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { permissionsUpdate, validation, type PermissionsUpdate } from 'daily-node/protocol';

const { object, optional, boolean, number, string, record, json, ValidationError } = validation;

/** The properties a meeting token may carry (Daily's names). */
export interface MeetingTokenProperties {
  /** The room this token is for; absent = any room of this server. */
  room_name?: string;
  is_owner?: boolean;
  user_name?: string;
  user_id?: string;
  permissions?: PermissionsUpdate;
  /** Unix seconds: the token is refused after this. */
  exp?: number;
  /** Unix seconds: the token is refused before this. */
  nbf?: number;
  /** Eject the participant when `exp` passes. */
  eject_at_token_exp?: boolean;
  /** Eject the participant this many seconds after joining. */
  eject_after_elapsed?: number;
  start_video_off?: boolean;
  start_audio_off?: boolean;
  enable_screenshare?: boolean;
  /** Options for the recording started on join (used by the recording service). */
  start_cloud_recording?: boolean;
  start_cloud_recording_opts?: Record<string, unknown>;
  /**
   * Set only in tokens the server mints for its own service participants
   * (never accepted from the REST API): the service's name.
   */
  daily_node_service?: string;
}

const unixTime = number({ integer: true, min: 0, max: 253402300799 });

const TOKEN_SHAPE = {
  room_name: optional(
    string({ pattern: /^[A-Za-z0-9_-]{1,128}$/, patternText: 'letters, digits, _ and - (1 to 128 characters)' }),
  ),
  is_owner: optional(boolean()),
  user_name: optional(string({ max: 256 })),
  user_id: optional(string({ min: 1, max: 256 })),
  permissions: optional(permissionsUpdate),
  exp: optional(unixTime),
  nbf: optional(unixTime),
  eject_at_token_exp: optional(boolean()),
  eject_after_elapsed: optional(number({ integer: true, min: 1, max: 365 * 86400 })),
  start_video_off: optional(boolean()),
  start_audio_off: optional(boolean()),
  enable_screenshare: optional(boolean()),
  start_cloud_recording: optional(boolean()),
  start_cloud_recording_opts: optional(record(json(), { max: 32 })),
};
const restProperties = object(TOKEN_SHAPE);
const signedProperties = object({ ...TOKEN_SHAPE, daily_node_service: optional(string({ min: 1, max: 64 })) });

/** Checks the `properties` of `POST /v1/meeting-tokens` (unknown keys refused). */
export const checkTokenProperties: validation.Validator<MeetingTokenProperties> = (value, field) =>
  checkProperties(value, field, false);

/** Checks the properties of a signed token, which may also be a service participant's. */
const checkSignedProperties: validation.Validator<MeetingTokenProperties> = (value, field) =>
  checkProperties(value, field, true);

function checkProperties(value: unknown, field: string, allowService: boolean): MeetingTokenProperties {
  const props: MeetingTokenProperties = (allowService ? signedProperties : restProperties)(value, field);
  if (props.exp !== undefined && props.nbf !== undefined && props.exp <= props.nbf) {
    throw new ValidationError(`${field}.exp`, 'must be later than nbf');
  }
  return props;
}

/** Why a token was refused. */
export type TokenProblem = 'token-invalid' | 'token-expired' | 'token-not-yet-valid' | 'token-wrong-room';

export class TokenRejectedError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'TokenRejectedError';
  }
}

const ISSUER = 'daily-node-server';

/** Signs and verifies meeting tokens with one HS256 key. */
export class MeetingTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Signs validated properties. */
  async sign(props: MeetingTokenProperties): Promise<string> {
    const { exp, nbf, ...claims } = props;
    const jwt = new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setIssuer(ISSUER);
    if (exp !== undefined) jwt.setExpirationTime(exp);
    if (nbf !== undefined) jwt.setNotBefore(nbf);
    return jwt.sign(this.key);
  }

  /**
   * Verifies a token (signature, `exp`, `nbf`, and `room_name` when `roomName`
   * is given) and returns its properties.
   * @throws TokenRejectedError with the specific problem
   */
  async verify(token: string, roomName?: string): Promise<MeetingTokenProperties> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER }));
    } catch (e) {
      throw toRejection(e);
    }
    const { iat: _iat, iss: _iss, ...rest } = payload;
    let props: MeetingTokenProperties;
    try {
      props = checkSignedProperties(rest, 'token');
    } catch (e) {
      throw new TokenRejectedError('token-invalid', `meeting token has bad properties: ${(e as Error).message}`);
    }
    if (roomName !== undefined && props.room_name !== undefined && props.room_name !== roomName) {
      throw new TokenRejectedError(
        'token-wrong-room',
        `meeting token is for room "${props.room_name}", not "${roomName}"`,
      );
    }
    return props;
  }
}

function toRejection(e: unknown): TokenRejectedError {
  if (e instanceof joseErrors.JWTExpired) return new TokenRejectedError('token-expired', 'meeting token has expired');
  if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'nbf') {
    return new TokenRejectedError('token-not-yet-valid', 'meeting token is not valid yet (nbf is in the future)');
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new TokenRejectedError(
      'token-invalid',
      'meeting token signature does not verify (forged or from another server)',
    );
  }
  return new TokenRejectedError('token-invalid', 'meeting token is malformed');
}
