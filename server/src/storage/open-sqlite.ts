/**
 * Opens an SQLite file with libsql (SQLite with a better-sqlite3-style
 * synchronous API). Its native library comes prebuilt in a per-platform npm
 * package (`@libsql/linux-x64-gnu`, ...), an optional dependency npm picks by
 * platform: no compiler and no install script. A platform with no such
 * package gets one clear message here instead of a module-not-found trace.
 */
import type Database from 'libsql';

/** An open libsql database. */
export type SqliteDatabase = Database.Database;

/** The platforms libsql ships prebuilt libraries for (its optional dependencies). */
const SUPPORTED = 'linux x64/arm64 (glibc or musl), linux arm, macOS x64/arm64, Windows x64';

function isMissingNative(e: unknown): boolean {
  const message = e instanceof Error ? e.message : '';
  const code = (e as { code?: string } | undefined)?.code;
  return (code === 'MODULE_NOT_FOUND' && message.includes('@libsql/')) || code === 'ERR_DLOPEN_FAILED';
}

/** Loads libsql at first use, so that a missing native library fails with a clear message where storage opens. */
function loadLibsql(): typeof Database {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('libsql') as typeof Database;
  } catch (e) {
    if (!isMissingNative(e)) throw e;
    const reason = `SQLite storage: libsql has no native library for ${process.platform}-${process.arch} here`;
    throw new Error(`${reason} (prebuilt for ${SUPPORTED}; reinstall without --no-optional).`, { cause: e });
  }
}

/** `new Database(file)` on libsql, with a clear error when its native library is missing or unloadable. */
export function openSqlite(file: string): SqliteDatabase {
  const Libsql = loadLibsql();
  return new Libsql(file);
}

/** The database's `PRAGMA user_version` (libsql's `pragma(..., { simple: true })` returns the row, not the value). */
export function userVersion(db: SqliteDatabase): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}
