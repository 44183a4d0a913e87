/**
 * Links that work without the API key until they expire: the query carries
 * the expiry (Unix seconds) and an HMAC of the resource and the expiry, so a
 * link cannot be stretched or moved to another resource. Recordings and
 * transcripts hand these out as their `access-link`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../http/http-error';
import { validated } from './rooms-api';
import { validation } from 'daily-node/protocol';

/** Lifetime of a link unless `valid_for_secs` says otherwise (Daily: one hour). */
export const DEFAULT_LINK_TTL_S = 3600;
const MAX_LINK_TTL_S = 7 * 86400;

function signature(secret: string, resource: string, expires: number): string {
  return createHmac('sha256', secret).update(`${resource}:${expires}`).digest('base64url');
}

/** The expiry a request asks for with `valid_for_secs` (checked), from now. */
export function linkExpiry(query: URLSearchParams): number {
  const ttlText = query.get('valid_for_secs');
  const ttl =
    ttlText === null
      ? DEFAULT_LINK_TTL_S
      : validated(() =>
          validation.number({ integer: true, min: 1, max: MAX_LINK_TTL_S })(Number(ttlText), 'valid_for_secs'),
        );
  return Math.floor(Date.now() / 1000) + ttl;
}

/** `path?expires=…&sig=…` for `resource` (e.g. `recording:ID`). */
export function signedLink(secret: string, url: string, resource: string, expires: number): string {
  return `${url}?expires=${expires}&sig=${signature(secret, resource, expires)}`;
}

/** Throws 403 unless the query holds a valid, unexpired signature for `resource`. */
export function checkSignedLink(secret: string, resource: string, query: URLSearchParams): void {
  const expires = Number(query.get('expires'));
  const given = Buffer.from(query.get('sig') ?? '');
  const wanted = Buffer.from(signature(secret, resource, expires));
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new HttpError(403, 'authorization-error', 'invalid download link');
  }
  if (!Number.isInteger(expires) || expires < Date.now() / 1000) {
    throw new HttpError(403, 'authorization-error', 'the download link has expired');
  }
}
