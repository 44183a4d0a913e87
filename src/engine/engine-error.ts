/**
 * The error a request to the engine rejects with, from the engine's error
 * answer: a bad argument or a wrong state surface as the SDK's own
 * InvalidArgumentError and InvalidStateError, anything else as EngineError.
 * @internal
 * @module
 */
import { DailyError, EngineError, InvalidArgumentError, InvalidStateError } from '../errors';
import type { EngineErrorCode } from './protocol';

/** The `error` object of a failed engine response, as it arrived. */
export interface EngineErrorAnswer {
  code?: EngineErrorCode;
  message?: string;
  field?: string;
}

export function engineErrorFrom(answer: EngineErrorAnswer, method: string): DailyError {
  const message = answer.message ?? `"${method}" failed`;
  if (answer.code === 'invalid-argument' && answer.field) {
    // The engine's message already starts with the field, as ours does.
    const prefix = `${answer.field}: `;
    return new InvalidArgumentError(answer.field, message.startsWith(prefix) ? message.slice(prefix.length) : message);
  }
  if (answer.code === 'invalid-state') return new InvalidStateError(message);
  return new EngineError(message, answer.code ?? 'engine-error', answer.field);
}
