/**
 * How a failed publish is reported to the app.
 * @internal
 * @module
 */
import { DailyError } from '../../errors';
import { TransportError } from '../../transport/transport-error';
import type { EventDispatcher } from './event-dispatcher';

/**
 * Reports a failed publish as an `error` event, unless the signaling
 * connection closed under it: a dropped socket is resumed and the publish
 * sent again then, and a session the server ended (an ejection) has its own
 * `error` event. A "publishing failed: the signaling connection is closed"
 * ahead of that one would only hide the real reason. Nor when the call ended
 * before the publish went out (`not-joined`: the app left, or a transfer or
 * ejection ended the session): there is nothing left to publish to.
 */
export function reportPublishFailure(dispatcher: EventDispatcher, err: Error): void {
  if (err instanceof TransportError && err.code === 'disconnected') return;
  if (err instanceof DailyError && err.code === 'not-joined') return;
  dispatcher.dispatch('error', `publishing failed: ${err.message}`);
}
