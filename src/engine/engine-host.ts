/**
 * Owns the engine process of this Node process: starts it on Daily.init,
 * restarts it on the next use after it died, stops it on Daily.deinit, and
 * prints its log lines.
 * @internal
 * @module
 */
import * as path from 'node:path';

import { EngineExitedError, InvalidStateError } from '../errors';
import { LogLevel } from '../log-level';
import { enginePath } from '../native';
import { findJemalloc, type Allocator } from '../allocator/jemalloc';
import { engineChildEnv, environmentList } from './engine-allocator';
import { EngineChannel } from './engine-channel';
import type { EngineExitInfo } from './protocol';

export interface EngineHostOptions {
  logLevel: LogLevel;
}

/** Something that lives in the engine and must be re-created after a restart. */
export interface EngineResident {
  /** Called with the new engine after a restart. */
  restore(channel: EngineChannel): Promise<void>;
}

type ExitListener = (info: EngineExitInfo, error: EngineExitedError) => void;
type RestartListener = (channel: EngineChannel) => void;

export class EngineHost {
  private options: EngineHostOptions | undefined;
  private current: Promise<EngineChannel> | undefined;
  private starting: Promise<EngineChannel> | undefined;
  private live: EngineChannel | undefined;
  private readonly residents = new Set<EngineResident>();
  private readonly exitListeners = new Set<ExitListener>();
  private readonly restartListeners = new Set<RestartListener>();
  private starts = 0;
  private sessions = 0;
  private engineAllocator: Allocator | undefined;
  private toldFallback = false;

  get initialized(): boolean {
    return this.options !== undefined;
  }

  /**
   * Counts Daily.init() calls: objects made in the engine remember it, so
   * that one kept across Daily.deinit() and a new Daily.init() is refused.
   */
  get session(): number {
    return this.sessions;
  }

  /** The malloc the latest engine was started with (DAILY_NODE_ENGINE_ALLOCATOR; undefined before a start). */
  get allocator(): Allocator | undefined {
    return this.engineAllocator;
  }

  /** The running engine, if one is up right now. */
  get channel(): EngineChannel | undefined {
    return this.live?.alive ? this.live : undefined;
  }

  start(options: EngineHostOptions): Promise<EngineChannel> {
    if (this.options) throw new InvalidStateError('Daily.init() was already called; call Daily.deinit() first');
    this.options = options;
    this.sessions++;
    return this.ensure();
  }

  /** The engine, started again if the previous one died. */
  ensure(): Promise<EngineChannel> {
    if (!this.options) {
      return Promise.reject(new InvalidStateError('the SDK is not initialized: call Daily.init() first'));
    }
    // A start in progress (first start or restart) is shared: while it runs,
    // `live` is still the dead engine, and a second spawn would make two.
    if (this.starting) return this.starting;
    if (this.current && (!this.live || this.live.alive)) return this.current;
    const restarting = this.starts > 0;
    const options = this.options;
    const started = this.spawn(options, restarting);
    this.current = started;
    this.starting = started;
    const settled = (): void => {
      if (this.starting === started) this.starting = undefined;
    };
    // A failed start is not cached: the next call tries again.
    started.then(settled, () => {
      settled();
      if (this.current === started) this.current = undefined;
    });
    return started;
  }

  async stop(): Promise<void> {
    const pending = this.current;
    this.options = undefined;
    this.current = undefined;
    this.starting = undefined;
    this.live = undefined;
    this.starts = 0;
    this.residents.clear();
    if (!pending) return;
    const channel = await pending.catch(() => undefined);
    if (channel) await channel.shutdown();
  }

  /** The level given to Daily.init / Daily.setLogLevel (Off before init). */
  get logLevel(): LogLevel {
    return this.options?.logLevel ?? LogLevel.Off;
  }

  setLogLevel(level: LogLevel): void {
    if (this.options) this.options.logLevel = level;
    this.channel?.request('engine.setLogLevel', { logLevel: level }).catch(() => undefined);
  }

  addResident(resident: EngineResident): () => void {
    this.residents.add(resident);
    return () => this.residents.delete(resident);
  }

  onExit(listener: ExitListener): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  onRestart(listener: RestartListener): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  private async spawn(options: EngineHostOptions, restarting: boolean): Promise<EngineChannel> {
    this.starts++;
    const engineFile = enginePath();
    // A prebuilt engine carries its own jemalloc in lib/ beside it (scripts/prebuild).
    const child = engineChildEnv(process.env, () =>
      findJemalloc(process.arch, [path.join(path.dirname(engineFile), 'lib')]),
    );
    if (child.fallback && !this.toldFallback && options.logLevel >= LogLevel.Info) {
      process.stderr.write(`[daily-node sdk] info: ${child.fallback}\n`);
      this.toldFallback = true;
    }
    this.engineAllocator = child.allocator;
    const channel = await EngineChannel.open({
      enginePath: engineFile,
      environment: environmentList(child.env),
      logLevel: options.logLevel,
      onLog: (line) => process.stderr.write(`[daily-node ${line.source}] ${line.level}: ${line.message}\n`),
    });
    if (this.options !== options) {
      // deinit() ran while this engine was starting.
      await channel.shutdown();
      throw new InvalidStateError('Daily.deinit() was called while the media engine was starting');
    }
    this.live = channel;
    channel.onExit((info) => {
      if (this.live !== channel || !this.options) return; // a normal deinit
      const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
      const error = new EngineExitedError(
        `the media engine ${how}; it will restart on the next operation`,
        info.code,
        info.signal,
      );
      for (const l of [...this.exitListeners]) l(info, error);
    });
    if (restarting) {
      for (const r of [...this.residents]) await r.restore(channel);
      for (const l of [...this.restartListeners]) l(channel);
    }
    return channel;
  }
}

/** The one engine host of this Node process. */
export const engineHost = new EngineHost();
