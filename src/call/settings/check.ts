/**
 * Runs a protocol validator on an SDK argument and turns its ValidationError
 * into the SDK's InvalidArgumentError (same field path and reason).
 * @internal
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { ValidationError, type Validator } from '../../signaling/validation';

export function check<T>(validator: Validator<T>, value: unknown, field: string): T {
  try {
    return validator(value, field);
  } catch (err) {
    if (err instanceof ValidationError) throw new InvalidArgumentError(err.field, err.reason);
    throw err;
  }
}

/** A deep copy of plain settings data, so callers never share objects with the cache. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
