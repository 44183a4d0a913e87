/**
 * How the media layer sends signaling requests (the session's `request`).
 * @internal
 * @module
 */
import type { SignalingMethod, SignalingParams, SignalingResult } from '../../signaling/messages';

export type SignalingRequester = <M extends SignalingMethod>(
  method: M,
  params: SignalingParams<M>,
  timeoutMs?: number,
) => Promise<SignalingResult<M>>;
