/**
 * Runs async jobs one after another, in call order; a failed job does not
 * stop the next one. The SDK's media session and the server's room media
 * (`daily-node/serial-queue`) share it.
 * @internal
 * @module
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every job queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
