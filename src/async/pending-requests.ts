/**
 * Requests that wait for their answer, by id: the correlation that the engine
 * channel, the signaling connection and the server's Janus connection share
 * (the server imports it as `daily-node/pending-requests`).
 * @internal
 * @module
 */

/** How {@link PendingRequests} allocates ids and bounds itself. */
export interface PendingRequestsOptions<Id, Info> {
  /** Allocates the id of a new request (default: 1, 2, 3, …, which then must be the `Id` type). */
  nextId?: () => Id;
  /** Most requests that may wait at once (default 10 000); a request beyond it is refused at once. */
  maxPending?: number;
  /** The error a refused request rejects with. */
  tooManyError: (info: Info, maxPending: number) => Error;
}

/** How long one request may wait, and what it rejects with when that time is up. */
export interface PendingTimeout<Info> {
  /** 0 (or less) waits forever. */
  timeoutMs: number;
  timeoutError: (info: Info) => Error;
}

interface Entry<Info> {
  info: Info;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

const DEFAULT_MAX_PENDING = 10_000;

/**
 * Each request is settled exactly once: by its answer, its timeout, a failed
 * send, or {@link rejectAll} when the connection closes, whichever comes
 * first; later attempts are ignored and report false.
 */
export class PendingRequests<Id, Info> {
  private readonly entries = new Map<Id, Entry<Info>>();
  private readonly nextId: () => Id;
  private readonly maxPending: number;
  private counter = 0;

  constructor(private readonly options: PendingRequestsOptions<Id, Info>) {
    this.nextId = options.nextId ?? (() => ++this.counter as Id);
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  }

  /** Requests waiting now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Registers a request under a fresh id, then calls `send(id)`. Resolves with
   * the value given to {@link resolve}; rejects on timeout, on {@link reject}
   * or {@link rejectAll}, or with what `send` throws.
   */
  start<T>(info: Info, timeout: PendingTimeout<Info>, send: (id: Id) => void): Promise<T> {
    if (this.entries.size >= this.maxPending) {
      return Promise.reject(this.options.tooManyError(info, this.maxPending));
    }
    const id = this.nextId();
    const promise = new Promise<T>((resolve, reject) => {
      const timer =
        timeout.timeoutMs > 0
          ? setTimeout(() => this.reject(id, timeout.timeoutError(info)), timeout.timeoutMs)
          : undefined;
      this.entries.set(id, { info, resolve: resolve as (value: unknown) => void, reject, timer });
    });
    try {
      send(id);
    } catch (err) {
      this.reject(id, err as Error);
    }
    return promise;
  }

  /** What the request `id` was started with, while it waits. */
  info(id: Id): Info | undefined {
    return this.entries.get(id)?.info;
  }

  /** Resolves the request `id`; false when it is not waiting (unknown, or already settled). */
  resolve(id: Id, value: unknown): boolean {
    const entry = this.take(id);
    entry?.resolve(value);
    return entry !== undefined;
  }

  /** Rejects the request `id`; false when it is not waiting (unknown, or already settled). */
  reject(id: Id, err: Error): boolean {
    const entry = this.take(id);
    entry?.reject(err);
    return entry !== undefined;
  }

  /** Rejects every waiting request, each with the error `errorFor` makes from its info. */
  rejectAll(errorFor: (info: Info) => Error): void {
    for (const id of [...this.entries.keys()]) {
      const entry = this.take(id);
      entry?.reject(errorFor(entry.info));
    }
  }

  private take(id: Id): Entry<Info> | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.timer) clearTimeout(entry.timer);
    return entry;
  }
}
