/**
 * Asks a running process's malloc to give its free memory back (gdb attaches
 * and calls glibc's malloc_trim): what its RSS drops by is memory the
 * allocator kept, not memory in use. A diagnostic for the soak suites.
 */
import { gdbBatch } from './gdb-batch';
import { rssKiB } from './process-figures';

/** `pid`'s RSS in KiB after malloc_trim(0), or undefined when gdb is missing or cannot attach. */
export function trimmedRssKiB(pid: number): number | undefined {
  if (gdbBatch(pid, ['call (int) malloc_trim(0)']) === undefined) return undefined;
  return rssKiB(pid);
}
