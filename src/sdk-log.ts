/**
 * Log lines of the SDK's own (JavaScript) side: written to stderr beside the
 * engine's (`[daily-node sdk] debug: ...`), when Daily's log level lets them
 * through.
 * @internal
 * @module
 */
import { engineHost } from './engine/engine-host';
import { LogLevel } from './log-level';

/** Where SDK log lines go; tests pass their own. */
export interface LogSink {
  /** Whether a line at `level` would be written now. */
  enabled(level: LogLevel): boolean;
  write(level: LogLevel, message: string): void;
}

/** stderr, filtered by the level given to `Daily.init` / `Daily.setLogLevel`. */
export const stderrSink: LogSink = {
  enabled: (level) => level !== LogLevel.Off && level <= engineHost.logLevel,
  write: (level, message) => {
    process.stderr.write(`[daily-node sdk] ${LogLevel[level].toLowerCase()}: ${message}\n`);
  },
};
