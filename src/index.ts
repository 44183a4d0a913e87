/**
 * daily-node: the daily-python API for Node.js bots.
 *
 * ```ts
 * import { Daily, LogLevel } from 'daily-node';
 * await Daily.init({ logLevel: LogLevel.Info });
 * // ... create devices, join calls ...
 * await Daily.deinit();
 * ```
 * @packageDocumentation
 */
export { Daily, type DailyInitOptions, type EngineDetails } from './daily';
export { LogLevel } from './log-level';
export {
  DailyError,
  EngineError,
  EngineExitedError,
  InvalidArgumentError,
  InvalidStateError,
} from './errors';
export type { EngineExitInfo } from './engine/protocol';
