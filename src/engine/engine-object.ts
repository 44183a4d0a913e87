/**
 * Base of SDK objects that live in the media engine (video sources, tracks,
 * renderers, ...): made there when constructed, made again in the next engine
 * after the engine died, and released on request.
 * @internal
 * @module
 */
import { EngineExitedError, InvalidStateError } from '../errors';
import type { EngineChannel, RequestOptions } from './engine-channel';
import { engineHost, type EngineResident } from './engine-host';
import type { EngineMethod, EngineParams, EngineResult } from './protocol';

export abstract class EngineObject implements EngineResident {
  /** The engine this object was last created in (its create request is sent). */
  private home: EngineChannel | undefined;
  private created: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private released = false;
  private readonly session: number;
  private removeResident: () => void = () => undefined;
  /** Requests waiting for an engine to (re)start, sent in call order. */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;

  /** @param what names the object in error messages, e.g. `CustomVideoSource` */
  protected constructor(protected readonly what: string) {
    if (!engineHost.initialized) {
      throw new InvalidStateError(`${what}: the SDK is not initialized; call Daily.init() first`);
    }
    this.session = engineHost.session;
  }

  /**
   * @internal
   * Sends the requests that make this object in `channel`. The first request
   * must be sent before the first `await`, so that data frames sent after
   * this call returns reach the engine after it.
   */
  protected abstract createIn(channel: EngineChannel): Promise<void>;

  /** @internal Sends the requests that remove this object from `channel`. */
  protected abstract releaseIn(channel: EngineChannel): Promise<void>;

  /** @internal Subclasses call this at the end of their constructor, once their arguments are checked. */
  protected start(): void {
    this.removeResident = engineHost.addResident(this);
    const live = engineHost.channel;
    if (live) {
      // Send the create request now, so that any request made after this
      // constructor returns (a peer connection adding this track, ...) finds
      // the object in the engine.
      this.created = this.createAt(live);
      this.created.catch(() => undefined);
      return;
    }
    this.created = engineHost.ensure().then((channel) => {
      // A restart may have made it already.
      if (this.home !== channel && !this.released) return this.createAt(channel);
    });
    this.created.catch(() => undefined); // reported by ready() and the next use
  }

  /** Resolves once the object exists in the engine; rejects with the reason it could not be made. */
  ready(): Promise<void> {
    return this.created;
  }

  /** @internal Called by the engine host after a restart; never rejects. */
  async restore(channel: EngineChannel): Promise<void> {
    if (this.released || this.home === channel) return;
    this.created = this.createAt(channel);
    await this.created.catch(() => undefined);
  }

  /** True once {@link release} was called. */
  get isReleased(): boolean {
    return this.released;
  }

  /**
   * Removes the object from the engine. Later uses throw; a second call does
   * nothing.
   */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.removeResident();
    const channel = this.home;
    if (!channel?.alive || engineHost.session !== this.session) return;
    const made = await this.created.then(
      () => true,
      () => false,
    );
    if (!made) return;
    await this.releaseIn(channel).catch((err: unknown) => {
      if (!(err instanceof EngineExitedError)) throw err;
    });
  }

  /** @internal Throws if the object was released or belongs to an SDK session that ended. */
  protected checkUsable(): void {
    if (this.released) throw new InvalidStateError(`this ${this.what} has been released`);
    if (!engineHost.initialized || engineHost.session !== this.session) {
      throw new InvalidStateError(
        `this ${this.what} was made before Daily.deinit(); make a new one after Daily.init()`,
      );
    }
  }

  /**
   * @internal
   * The engine that holds this object now, for data frames that need no
   * answer. If that engine died, starts the next one (which makes this object
   * again) and returns undefined. Throws if the engine refused to make it.
   */
  protected liveChannel(): EngineChannel | undefined {
    this.checkUsable();
    const channel = this.home;
    if (channel?.alive) {
      if (this.failure) throw this.failure;
      return channel;
    }
    engineHost.ensure().catch(() => undefined);
    return undefined;
  }

  /**
   * @internal
   * Sends a request about this object, keeping call order. It leaves at once
   * when the engine holding the object is alive (so it goes out even if the
   * event loop blocks right after); otherwise once the next engine has made
   * the object again.
   */
  protected request<M extends EngineMethod>(
    method: M,
    params: EngineParams<M>,
    options?: RequestOptions,
  ): Promise<EngineResult<M>> {
    this.checkUsable();
    const home = this.home;
    if (home?.alive && this.queued === 0) {
      return this.failure ? Promise.reject(this.failure) : home.request(method, params, options);
    }
    this.queued++;
    const sent = this.queue.then(() => this.homeWhenReady());
    const result = sent.then((channel) => channel.request(method, params, options));
    this.queue = sent.then(
      () => undefined,
      () => undefined,
    );
    void this.queue.then(() => {
      this.queued--;
    });
    return result;
  }

  /** The engine holding this object, after starting one (which makes it again) if needed. */
  private async homeWhenReady(): Promise<EngineChannel> {
    const channel = await engineHost.ensure();
    this.checkUsable();
    if (this.home !== channel) await this.created.catch(() => undefined);
    if (this.home !== channel) throw new InvalidStateError(`this ${this.what} could not be made in the media engine`);
    if (this.failure) throw this.failure;
    return channel;
  }

  private createAt(channel: EngineChannel): Promise<void> {
    this.home = channel;
    this.failure = undefined;
    const made = this.createIn(channel);
    made.catch((err: Error) => {
      if (this.home === channel && channel.alive) this.failure = err;
    });
    return made;
  }
}
