/**
 * Operations the meeting server does not offer yet (dial-out and
 * SIP): they fail with a clear
 * CallClientError (code `not-available`), never succeed silently.
 * @internal
 * @module
 */
import { CallClientError } from '../errors';
import { complete, completeWith, type Completion, type ResultCompletion } from './completion';

const FEATURES = {
  dialout: 'dial-out and SIP',
} as const;

export type Feature = keyof typeof FEATURES;

export function notAvailableError(feature: Feature, method: string): CallClientError {
  return new CallClientError(`${method}: ${FEATURES[feature]} is not available on this server`, 'not-available');
}

export function notAvailable(
  feature: Feature,
  method: string,
  completion: Completion | undefined,
): Promise<void> | undefined {
  return complete(Promise.reject(notAvailableError(feature, method)), completion);
}

export function notAvailableWith<T>(
  feature: Feature,
  method: string,
  completion: ResultCompletion<T> | undefined,
): Promise<T> | undefined {
  return completeWith<T>(Promise.reject(notAvailableError(feature, method)), completion);
}
