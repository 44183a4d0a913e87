/**
 * Argument helpers of the CallClient methods: the optional options object
 * before the completion (either may be left out), strings, integers, functions.
 * @internal
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { checkOptionsObject } from '../../options-object';
import { describe } from '../../signaling/validation';
import { checkCompletion } from './completion';

/**
 * Splits `(options?, completion?)`, accepting `(completion)` alone; the
 * options are checked as every options object is (an object, known keys).
 * @param what the method, for the error
 */
export function optionsAndCompletion<O extends object, C>(
  options: O | C | undefined | null,
  completion: C | undefined | null,
  known: readonly (keyof O & string)[],
  what: string,
): { options: Partial<O>; completion: C | undefined } {
  if (typeof options === 'function') {
    if (completion !== undefined && completion !== null) {
      throw new InvalidArgumentError('options', 'must be an object (the completion comes after it)');
    }
    return { options: {}, completion: options as C };
  }
  checkCompletion(completion);
  return {
    options: checkOptionsObject(options as O | null | undefined, known, what),
    completion: completion ?? undefined,
  };
}

export function checkString(value: unknown, field: string, rules: { min?: number; max?: number } = {}): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(field, `must be a string, got ${describe(value)}`);
  if (rules.min !== undefined && value.length < rules.min) throw new InvalidArgumentError(field, 'must not be empty');
  if (rules.max !== undefined && value.length > rules.max) {
    throw new InvalidArgumentError(field, `must be at most ${rules.max} characters, got ${value.length}`);
  }
  return value;
}

export function checkOptionalString(
  value: unknown,
  field: string,
  rules: { min?: number; max?: number } = {},
): string | undefined {
  return value === undefined || value === null ? undefined : checkString(value, field, rules);
}

export function checkInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(field, `must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

export function checkFunction(value: unknown, field: string): void {
  if (typeof value !== 'function') throw new InvalidArgumentError(field, `must be a function, got ${describe(value)}`);
}

/** A boolean option; null/undefined = not given. */
export function checkOptionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError(field, `must be true or false, got ${describe(value)}`);
  }
  return value;
}

/** The same object without its undefined keys (requests carry only what was given). */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
