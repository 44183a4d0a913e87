/**
 * Log verbosity of the SDK and its media engine, as in daily-python's `LogLevel`.
 * Engine log lines at or above the level are written to stderr.
 */
export enum LogLevel {
  Off = 0,
  Error = 1,
  Warn = 2,
  Info = 3,
  Debug = 4,
  Trace = 5,
}

/** @internal */
export function logLevelName(level: LogLevel): string {
  return LogLevel[level] ?? String(level);
}
