/**
 * The trailing options object of the SDK's functions (daily-python's keyword
 * arguments). A value that is not an object, or a key the function does not
 * know, is refused: `new CustomVideoSource(640, 480, 'BGRA')` written as in
 * Python, or a misspelt key, would otherwise silently fall back to the
 * defaults.
 * @internal
 * @module
 */
import { InvalidArgumentError } from './errors';
import { describe, isPlainObject } from './signaling/validation';

/**
 * `options` as an object (`undefined` and `null` mean none).
 * @param what the function, for the error (`CustomVideoSource`)
 * @throws InvalidArgumentError `options` (not an object) or `options.<key>` (unknown key)
 */
export function checkOptionsObject<T extends object>(
  options: T | null | undefined,
  known: readonly (keyof T & string)[],
  what: string,
): Partial<T> {
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) {
    throw new InvalidArgumentError(
      'options',
      `${what} takes its options as an object ({ ${known.join(', ')} }), got ${describe(options)}`,
    );
  }
  checkKnownKeys(options, known, 'options', what);
  return options as Partial<T>;
}

/** Refuses keys of `value` that are not in `known`, naming `<field>.<key>`. */
export function checkKnownKeys(value: object, known: readonly string[], field: string, what?: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError(
        `${field}.${key}`,
        `is not a known option${what ? ` of ${what}` : ''} (known: ${known.join(', ')})`,
      );
    }
  }
}
