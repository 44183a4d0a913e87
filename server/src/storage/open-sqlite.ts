/**
 * Opens an SQLite file with better-sqlite3, turning "its native binding was
 * never built" into one actionable message. npm 11 skips dependency install
 * scripts until approved, and without network access to GitHub the binding
 * is compiled from source, so a fresh `npm install daily-node-server` can
 * leave it missing.
 */
import Database from 'better-sqlite3';

/** The commands that build better-sqlite3's binding in the user's project. */
export const SQLITE_BUILD_HINT =
  'npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3 ' +
  '(compiling needs: sudo apt-get install -y g++ make python3)';

function isMissingBinding(e: unknown): boolean {
  const message = e instanceof Error ? e.message : '';
  const code = (e as { code?: string } | undefined)?.code;
  return message.includes('Could not locate the bindings file') || code === 'ERR_DLOPEN_FAILED';
}

/** `new Database(file)`, with a clear error when better-sqlite3's native binding is missing or unloadable. */
export function openSqlite(file: string): Database.Database {
  try {
    return new Database(file);
  } catch (e) {
    if (!isMissingBinding(e)) throw e;
    const reason = "SQLite storage: better-sqlite3's native binding is not built.";
    throw new Error(`${reason} Build it with: ${SQLITE_BUILD_HINT}`, { cause: e });
  }
}
