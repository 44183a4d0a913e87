/**
 * Waiting on what a test client records (events seen so far): the search runs
 * at once, again each time something new is recorded, and gives up after a
 * timeout. Waiting on records rather than on the next event means an event
 * that came before the wait started is found too.
 */
export class RecordWaiter {
  private readonly listeners = new Set<() => void>();

  /** Tells the waits that something was recorded. */
  notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves with what `find` returns once it returns something; rejects after `timeoutMs`. */
  until<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const found = find();
      if (found !== undefined) return resolve(found);
      const listener = (): void => {
        const value = find();
        if (value === undefined) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}
