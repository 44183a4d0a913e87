/**
 * The error of a failed signaling request: a server error (its code and
 * field), or `timeout`, `disconnected`, `connect-failed`, `session-ended`.
 * @internal
 * @module
 */
import type { DailyErrorCode } from '../errors';

export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: DailyErrorCode,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
