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
export function checkOptionsObject<T extends object>(options: T | null | undefined, known: readonly (keyof T & string)[], what: string): Partial<T> {
  if (options === undefined || options === null) return {};
  const keys = known.join(', ');
  if (!isPlainObject(options)) {
    throw new InvalidArgumentError('options', `${what} takes its options as an object ({ ${keys} }), got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!(known as readonly string[]).includes(key)) {
      throw new InvalidArgumentError(`options.${key}`, `is not an option of ${what} (known: ${keys})`);
    }
  }
  return options as Partial<T>;
}
