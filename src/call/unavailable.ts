/**
 * Operations the meeting server does not offer yet (recording, live
 * streaming, dial-out and SIP): they fail with a clear
 * CallClientError (code `not-available`), never succeed silently.
 * @internal
 * @module
 */
import { CallClientError } from '../errors';
import { optionsAndCompletion } from './arguments';
import { complete, completeWith, type Completion, type ResultCompletion } from './completion';

const FEATURES = {
  recording: 'recording',
  liveStreaming: 'live streaming',
  dialout: 'dial-out and SIP',
} as const;

export type Feature = keyof typeof FEATURES;

export function notAvailableError(feature: Feature, method: string): CallClientError {
  return new CallClientError(`${method}: ${FEATURES[feature]} is not available on this server`, 'not-available');
}

export function notAvailable(feature: Feature, method: string, completion: Completion | undefined): Promise<void> | undefined {
  return complete(Promise.reject(notAvailableError(feature, method)), completion);
}

export function notAvailableWith<T>(feature: Feature, method: string, completion: ResultCompletion<T> | undefined): Promise<T> | undefined {
  return completeWith<T>(Promise.reject(notAvailableError(feature, method)), completion);
}

/** Checks the options (known keys only, completion where it may be), then fails as not available. */
export function notAvailableAfterOptions(
  feature: Feature,
  method: string,
  options: Record<string, unknown> | Completion | null | undefined,
  completion: Completion | undefined,
  keys: readonly string[],
): Promise<void> | undefined {
  const split = optionsAndCompletion<Record<string, unknown>, Completion>(options, completion, keys, method);
  return notAvailable(feature, method, split.completion);
}
