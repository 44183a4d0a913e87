/** Catching the error a bad argument must throw, to assert on its field and message. */
import { expect } from 'vitest';

import { InvalidArgumentError } from '../../src/errors';

/** The InvalidArgumentError `fn` throws; fails the test when it throws nothing or something else. */
export function argError(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('no error thrown');
}
