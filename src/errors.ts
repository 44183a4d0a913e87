/**
 * Error classes of the SDK.
 * @module
 */

import type { EngineErrorCode } from './engine/protocol/engine-core';
import type { SignalingErrorCode } from './signaling/protocol';

/**
 * Every `code` an SDK error may carry: the SDK's own, the media engine's
 * ({@link EngineErrorCode}) and the meeting server's ({@link SignalingErrorCode}).
 */
export type DailyErrorCode =
  | 'error'
  | 'invalid-argument'
  | 'invalid-state'
  | 'engine-exited'
  | 'engine-error'
  | 'timeout'
  | 'not-joined'
  | 'already-joined'
  | 'not-available'
  | 'disconnected'
  | 'connect-failed'
  | 'connection-failed'
  | 'left'
  | 'ejected'
  | 'read-failed'
  | EngineErrorCode
  | SignalingErrorCode;

/** Base class of every error the SDK throws or rejects with. */
export class DailyError extends Error {
  /** A stable machine-readable code, e.g. `invalid-argument`, `engine-exited`. */
  readonly code: DailyErrorCode;
  /** The argument or settings key the error is about, when there is one. */
  readonly field: string | undefined;

  constructor(message: string, code: DailyErrorCode = 'error', field?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.field = field;
  }
}

/** A call was made with a bad argument: the message names the field and the reason. */
export class InvalidArgumentError extends DailyError {
  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`, 'invalid-argument', field);
  }
}

/** A call was made in a state where it cannot work (after release, before init, ...). */
export class InvalidStateError extends DailyError {
  constructor(message: string) {
    super(message, 'invalid-state');
  }
}

/** The media engine answered a request with an error. */
export class EngineError extends DailyError {}

/** The media engine process exited while a request was pending or before it could be made. */
export class EngineExitedError extends DailyError {
  readonly exitCode: number | null;
  readonly signal: string | null;

  constructor(message: string, exitCode: number | null, signal: string | null) {
    super(message, 'engine-exited');
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

/**
 * A CallClient operation failed: the Promise form rejects with it and the
 * completion form receives it. `code` tells why (`not-joined`, `forbidden`,
 * `not-available`, `timeout`, `disconnected`, or a server error code); `field`
 * names the argument or settings key when the server or the SDK could tell.
 */
export class CallClientError extends DailyError {
  constructor(message: string, code: DailyErrorCode = 'error', field?: string) {
    super(message, code, field);
  }
}
