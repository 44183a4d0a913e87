/**
 * `Daily`: process-wide setup of the SDK, as in daily-python.
 * @module
 */
import { InvalidArgumentError } from './errors';
import { engineHost } from './engine/engine-host';
import type { EngineExitInfo, EngineInfo } from './engine/protocol';
import { LogLevel } from './log-level';

/** Options of {@link Daily.init}. */
export interface DailyInitOptions {
  /** Threads the media engine may use for its work (default 2). Raise it for many concurrent clients. */
  workerThreads?: number;
  /** Log verbosity of the SDK and its engine (default {@link LogLevel.Off}). */
  logLevel?: LogLevel;
}

/** Facts about the running media engine, returned by {@link Daily.init}. */
export type EngineDetails = EngineInfo;

/**
 * Process-wide entry point. Call {@link Daily.init} once before anything else
 * and {@link Daily.deinit} when done; only static methods.
 */
export class Daily {
  private constructor() {}

  /**
   * Starts the media engine process and completes its handshake.
   * Other calls made before the returned promise settles wait for it.
   */
  static async init(options: DailyInitOptions = {}): Promise<EngineDetails> {
    const workerThreads = options.workerThreads ?? 2;
    const logLevel = options.logLevel ?? LogLevel.Off;
    if (!Number.isInteger(workerThreads) || workerThreads < 1 || workerThreads > 64) {
      throw new InvalidArgumentError('workerThreads', `must be an integer from 1 to 64, got ${String(workerThreads)}`);
    }
    checkLogLevel(logLevel, 'logLevel');
    const channel = await engineHost.start({ workerThreads, logLevel });
    return channel.info as EngineInfo;
  }

  /** Stops the media engine. Safe to call more than once. */
  static async deinit(): Promise<void> {
    await engineHost.stop();
  }

  /** Changes the log verbosity of the SDK and the engine. */
  static setLogLevel(logLevel: LogLevel): void {
    checkLogLevel(logLevel, 'logLevel');
    engineHost.setLogLevel(logLevel);
  }

  /**
   * Registers a listener for the death of the media engine (beyond
   * daily-python). Pending operations fail with `EngineExitedError`; the next
   * operation starts a new engine.
   * @returns a function that removes the listener
   */
  static onEngineExit(listener: (info: EngineExitInfo) => void): () => void {
    return engineHost.onExit((info) => listener(info));
  }
}

function checkLogLevel(level: unknown, field: string): void {
  if (typeof level !== 'number' || !(level in LogLevel)) {
    throw new InvalidArgumentError(field, `must be a LogLevel (Off, Error, Warn, Info, Debug, Trace), got ${String(level)}`);
  }
}
