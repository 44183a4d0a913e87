/**
 * The error of a failed signaling request: a server error (its code and
 * field), or `timeout`, `disconnected`, `connect-failed`, `session-ended`.
 * @internal
 * @module
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
