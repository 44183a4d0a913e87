/**
 * The two forms of every CallClient operation with a completion: pass a
 * callback (daily-python's arguments: `(error)` or `(result, error)`) and get
 * nothing back, or pass none and get a Promise that rejects with a
 * {@link CallClientError}.
 * @module
 */
import { CallClientError, DailyError, InvalidArgumentError } from '../../errors';
import { TransportError } from '../../transport/transport-error';

/** Completion of an operation without a result: `error` is null on success. */
export type Completion = (error: CallClientError | null) => void;

/** Completion of an operation with a result: `(result, null)` or `(null, error)`. */
export type ResultCompletion<T> = (result: T | null, error: CallClientError | null) => void;

/** Any failure as a CallClientError (server codes and fields kept). */
export function toCallClientError(err: unknown): CallClientError {
  if (err instanceof CallClientError) return err;
  if (err instanceof TransportError) return new CallClientError(err.message, err.code, err.field);
  if (err instanceof DailyError) return new CallClientError(err.message, err.code, err.field);
  return new CallClientError(err instanceof Error ? err.message : String(err));
}

/** Checks that `completion` is a function or absent. */
export function checkCompletion(completion: unknown, field = 'completion'): void {
  if (completion !== undefined && completion !== null && typeof completion !== 'function') {
    throw new InvalidArgumentError(field, `must be a function, got ${typeof completion}`);
  }
}

/** Runs a user callback; an exception in it is reported, never thrown into the SDK. */
export function runCallback(what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    process.emitWarning(`daily-node: a ${what} threw: ${(err as Error)?.stack ?? String(err)}`);
  }
}

/** Settles an operation without a result in the form the caller chose. */
export function complete(op: Promise<unknown>, completion: Completion | undefined | null): Promise<void> | undefined {
  const done = op.then(
    () => undefined,
    (err: unknown) => {
      throw toCallClientError(err);
    },
  );
  if (!completion) return done;
  done.then(
    () => runCallback('completion callback', () => completion(null)),
    (err: CallClientError) => runCallback('completion callback', () => completion(err)),
  );
  return undefined;
}

/** Settles an operation with a result in the form the caller chose. */
export function completeWith<T>(
  op: Promise<T>,
  completion: ResultCompletion<T> | undefined | null,
): Promise<T> | undefined {
  const done = op.catch((err: unknown) => {
    throw toCallClientError(err);
  });
  if (!completion) return done;
  done.then(
    (result) => runCallback('completion callback', () => completion(result, null)),
    (err: CallClientError) => runCallback('completion callback', () => completion(null, err)),
  );
  return undefined;
}
