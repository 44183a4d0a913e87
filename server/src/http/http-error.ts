/**
 * An error answered as `{ error, info, field? }` with an HTTP status (Daily's
 * REST error shape, plus the offending field).
 */
export type RestErrorKind =
  | 'invalid-request-error'
  | 'authentication-error'
  | 'authorization-error'
  | 'not-found'
  | 'already-exists'
  | 'payload-too-large'
  | 'method-not-allowed'
  | 'server-error';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly kind: RestErrorKind,
    readonly info: string,
    readonly field?: string,
  ) {
    super(info);
    this.name = 'HttpError';
  }

  body(): Record<string, string> {
    return { error: this.kind, info: this.info, ...(this.field ? { field: this.field } : {}) };
  }
}

/** 400 for a bad field. */
export function badRequest(field: string, reason: string): HttpError {
  return new HttpError(400, 'invalid-request-error', `${field}: ${reason}`, field);
}

/** 404 with the reason. */
export function notFound(info: string): HttpError {
  return new HttpError(404, 'not-found', info);
}
