/**
 * Which refusals of a `subscriberAnswer` mean only that the server moved on.
 * @internal
 * @module
 */
import { TransportError } from '../../transport/transport-error';

/**
 * True when the server refused our answer because the offer it answered was
 * replaced meanwhile: a newer offer (of the same or a new connection) is
 * waiting, or the server gave up waiting and made a new connection. Nothing
 * is lost, since the newer offer comes (or came) and is answered in turn, so
 * the app need not hear of it (a 50-bot churn run reported two such
 * refusals as `error` events). Any other refusal is a real failure.
 */
export function isStaleAnswer(err: unknown): boolean {
  if (!(err instanceof TransportError) || err.code !== 'bad-request') return false;
  if (err.field === 'params.connectionId') return true;
  return err.field === 'params.jsep' && err.message.includes('no subscriber offer is waiting');
}
