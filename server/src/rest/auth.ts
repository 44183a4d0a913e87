/** Bearer API-key check of the REST API (constant-time comparison). */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/http-error';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** @throws HttpError 401 when the `Authorization: Bearer <key>` header is missing or wrong */
export function requireApiKey(req: IncomingMessage, apiKey: string): void {
  const header = req.headers.authorization;
  if (!header)
    throw new HttpError(401, 'authentication-error', 'missing Authorization header (expected "Bearer <API key>")');
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) throw new HttpError(401, 'authentication-error', 'Authorization header must be "Bearer <API key>"');
  if (!timingSafeEqual(digest(match[1]!.trim()), digest(apiKey))) {
    throw new HttpError(401, 'authentication-error', 'API key is not valid');
  }
}
