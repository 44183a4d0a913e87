/**
 * Small runtime validators used by the signaling protocol (and the meeting
 * server's REST API). A validator checks an unknown value and returns it typed,
 * or throws a {@link ValidationError} that names the field and the reason.
 * Objects are strict: unknown keys are refused, so a typo never passes silently.
 * @module
 */

/** A value failed validation: `field` is a dotted path (`params.tracks[0].mid`). */
export class ValidationError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'ValidationError';
  }
}

/** Checks `value` (found at `field`) and returns it typed, or throws {@link ValidationError}. */
export type Validator<T> = (value: unknown, field: string) => T;

/** A validator for an object key that may be absent (or `undefined`). */
export interface OptionalValidator<T> {
  (value: unknown, field: string): T | undefined;
  readonly optional: true;
}

type AnyValidator = Validator<unknown> | OptionalValidator<unknown>;
/** The shape of an object validator: a validator per key. */
export type Shape = Record<string, AnyValidator>;

type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalValidator<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalValidator<unknown> ? K : never }[keyof S];
type Out<V> = V extends (value: unknown, field: string) => infer T ? T : never;
/** The type an object validator of shape `S` returns. */
export type Infer<S extends Shape> = { [K in RequiredKeys<S>]: Out<S[K]> } & {
  [K in OptionalKeys<S>]?: Exclude<Out<S[K]>, undefined>;
};

/** Describes a value for error messages without dumping large inputs. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** True for plain JSON objects (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Marks a key as optional; `undefined` passes, anything else goes to `inner`. */
export function optional<T>(inner: Validator<T>): OptionalValidator<T> {
  const check = (value: unknown, field: string): T | undefined =>
    value === undefined ? undefined : inner(value, field);
  return Object.assign(check, { optional: true as const });
}

/** Accepts `null` (returned as `null`) besides what `inner` accepts. */
export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return (value, field) => (value === null ? null : inner(value, field));
}

/** Options of {@link string}. */
export interface StringRules {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** Words used in the error when `pattern` does not match, e.g. "letters, digits, _ and -". */
  patternText?: string;
}

/** A string, with optional length bounds (in UTF-16 units) and pattern. */
export function string(rules: StringRules = {}): Validator<string> {
  return (value, field) => {
    if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${describe(value)}`);
    if (rules.min !== undefined && value.length < rules.min) {
      throw new ValidationError(
        field,
        rules.min === 1 ? 'must not be empty' : `must be at least ${rules.min} characters`,
      );
    }
    if (rules.max !== undefined && value.length > rules.max) {
      throw new ValidationError(field, `must be at most ${rules.max} characters, got ${value.length}`);
    }
    if (rules.pattern && !rules.pattern.test(value)) {
      throw new ValidationError(
        field,
        `may only contain ${rules.patternText ?? `text matching ${String(rules.pattern)}`}`,
      );
    }
    return value;
  };
}

/** A boolean. */
export function boolean(): Validator<boolean> {
  return (value, field) => {
    if (typeof value !== 'boolean') throw new ValidationError(field, `must be true or false, got ${describe(value)}`);
    return value;
  };
}

/** Options of {@link number}. */
export interface NumberRules {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** A finite number, optionally an integer within bounds. */
export function number(rules: NumberRules = {}): Validator<number> {
  const kind = rules.integer ? 'an integer' : 'a number';
  return (value, field) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ValidationError(field, `must be ${kind}, got ${describe(value)}`);
    }
    if (rules.integer && !Number.isInteger(value)) throw new ValidationError(field, `must be an integer, got ${value}`);
    if (rules.min !== undefined && value < rules.min)
      throw new ValidationError(field, `must be at least ${rules.min}, got ${value}`);
    if (rules.max !== undefined && value > rules.max)
      throw new ValidationError(field, `must be at most ${rules.max}, got ${value}`);
    return value;
  };
}

/** One of the given string values. */
export function oneOf<T extends string>(...values: readonly T[]): Validator<T> {
  return (value, field) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new ValidationError(
        field,
        `must be one of ${values.map((v) => `"${v}"`).join(', ')}, got ${describe(value)}`,
      );
    }
    return value as T;
  };
}

/** An array of items, each checked by `item`, with an optional maximum length. */
export function array<T>(item: Validator<T>, rules: { max?: number; min?: number } = {}): Validator<T[]> {
  return (value, field) => {
    if (!Array.isArray(value)) throw new ValidationError(field, `must be an array, got ${describe(value)}`);
    if (rules.max !== undefined && value.length > rules.max) {
      throw new ValidationError(field, `must have at most ${rules.max} items, got ${value.length}`);
    }
    if (rules.min !== undefined && value.length < rules.min) {
      throw new ValidationError(field, `must have at least ${rules.min} item${rules.min === 1 ? '' : 's'}`);
    }
    return value.map((v, i) => item(v, `${field}[${i}]`));
  };
}

/** An object whose keys are free (checked by `key`) and whose values are checked by `item`. */
export function record<T>(
  item: Validator<T>,
  rules: { max?: number; key?: Validator<string> } = {},
): Validator<Record<string, T>> {
  return (value, field) => {
    if (!isPlainObject(value)) throw new ValidationError(field, `must be an object, got ${describe(value)}`);
    const keys = Object.keys(value);
    if (rules.max !== undefined && keys.length > rules.max) {
      throw new ValidationError(field, `must have at most ${rules.max} keys, got ${keys.length}`);
    }
    const out: Record<string, T> = {};
    for (const k of keys) {
      if (rules.key) rules.key(k, `${field} key "${k.slice(0, 40)}"`);
      out[k] = item(value[k], `${field}.${k}`);
    }
    return out;
  };
}

/** A strict object: every key of `shape` is checked, other keys are refused. */
export function object<S extends Shape>(shape: S): Validator<Infer<S>> {
  return (value, field) => {
    if (!isPlainObject(value)) throw new ValidationError(field, `must be an object, got ${describe(value)}`);
    for (const k of Object.keys(value)) {
      if (!(k in shape)) throw new ValidationError(field ? `${field}.${k}` : k, 'is not a known field');
    }
    const out: Record<string, unknown> = {};
    for (const [k, check] of Object.entries(shape)) {
      const path = field ? `${field}.${k}` : k;
      const v = value[k];
      if (v === undefined && !('optional' in check)) throw new ValidationError(path, 'is required');
      const checked = check(v, path);
      if (checked !== undefined) out[k] = checked;
    }
    return out as Infer<S>;
  };
}

/** Tries each validator in turn; the error of the last one is thrown if none accepts. */
export function either<A, B>(a: Validator<A>, b: Validator<B>, what: string): Validator<A | B> {
  return (value, field) => {
    try {
      return a(value, field);
    } catch {
      try {
        return b(value, field);
      } catch (e) {
        if (e instanceof ValidationError && e.field !== field) throw e;
        throw new ValidationError(field, `must be ${what}, got ${describe(value)}`);
      }
    }
  };
}

/** Any JSON value (as parsed by `JSON.parse`), with no further checks. */
export function json(): Validator<unknown> {
  return (value, field) => {
    if (value === undefined) throw new ValidationError(field, 'is required');
    return value;
  };
}
