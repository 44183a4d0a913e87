/**
 * Argument helpers of the CallClient methods: the optional options object
 * before the completion (either may be left out), and strict option checks.
 * @internal
 * @module
 */
import { InvalidArgumentError } from '../errors';
import { describe, isPlainObject } from '../signaling/validation';
import { checkCompletion } from './completion';

/** Splits `(options?, completion?)`, accepting `(completion)` alone. */
export function optionsAndCompletion<O extends object, C>(
  options: O | C | undefined | null,
  completion: C | undefined | null,
  field = 'options',
): { options: Partial<O>; completion: C | undefined } {
  if (typeof options === 'function') {
    if (completion !== undefined && completion !== null) {
      throw new InvalidArgumentError(field, 'must be an object (the completion comes after it)');
    }
    return { options: {}, completion: options as C };
  }
  checkCompletion(completion);
  if (options === undefined || options === null) return { options: {}, completion: completion ?? undefined };
  if (!isPlainObject(options)) throw new InvalidArgumentError(field, `must be an object, got ${describe(options)}`);
  return { options: options as Partial<O>, completion: completion ?? undefined };
}

/** Refuses keys of `options` that are not in `known`. */
export function checkKeys(options: object, known: readonly string[], field = 'options'): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError(`${field}.${key}`, `is not a known option (known: ${known.join(', ')})`);
    }
  }
}

export function checkString(value: unknown, field: string, rules: { min?: number; max?: number } = {}): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(field, `must be a string, got ${describe(value)}`);
  if (rules.min !== undefined && value.length < rules.min) throw new InvalidArgumentError(field, 'must not be empty');
  if (rules.max !== undefined && value.length > rules.max) {
    throw new InvalidArgumentError(field, `must be at most ${rules.max} characters, got ${value.length}`);
  }
  return value;
}

export function checkOptionalString(value: unknown, field: string, rules: { min?: number; max?: number } = {}): string | undefined {
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
