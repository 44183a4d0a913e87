/** Errors raised by the Janus client. */

/** Janus core answered `{janus:"error"}` (bad session/handle, ICE setup failed, ...). */
export class JanusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`Janus error ${code}: ${reason}`);
    this.name = 'JanusError';
  }
}

/** A plugin reported an error inside its reply (`error_code` in plugin data). */
export class JanusPluginError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`Janus plugin error ${code}: ${reason}`);
    this.name = 'JanusPluginError';
  }
}

/** The WebSocket to Janus closed (Janus died, or we closed it) before an answer came. */
export class JanusConnectionClosedError extends Error {
  constructor(message = 'connection to Janus closed') {
    super(message);
    this.name = 'JanusConnectionClosedError';
  }
}

/** Janus did not answer in time. */
export class JanusTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`Janus did not answer ${what} within ${ms} ms`);
    this.name = 'JanusTimeoutError';
  }
}

/**
 * The handle was detached (by us, by Janus, or with its session) while a
 * request on it waited: Janus drops a detached handle's pending requests
 * without a word, so waiting would only end at the request timeout.
 */
export class JanusHandleDetachedError extends Error {
  constructor(handleId: number) {
    super(`Janus handle ${handleId} was detached before it answered`);
    this.name = 'JanusHandleDetachedError';
  }
}
