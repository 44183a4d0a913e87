/** Structured logging (pino, JSON lines). */
import pino from 'pino';

export type Logger = pino.Logger;
export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The levels accepted by `logLevel` options and `--log-level`. */
export const LOG_LEVELS: readonly LogLevelName[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A JSON logger writing to `destination` (default: stdout). */
export function createLogger(level: LogLevelName, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { name: 'daily-node-server' } }, destination ?? pino.destination({ sync: false }));
}
