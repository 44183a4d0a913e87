/**
 * The malloc the embedded Janus runs with. Under bot churn glibc's malloc
 * keeps the memory Janus's per-handle threads freed in their own arenas, so
 * Janus's RSS creeps up although it holds nothing more (docs/architecture.md,
 * "Janus memory under churn"). jemalloc, preloaded into the Janus child only,
 * hands freed pages back to the kernel at once. The server keeps its own
 * malloc: only the environment built here gets the preload.
 */
import {
  ALLOCATORS,
  childAllocatorEnv,
  checkAllocator,
  type Allocator,
  type ChildAllocatorEnv,
} from 'daily-node/jemalloc';

export { findJemalloc, JEMALLOC_PACKAGE } from 'daily-node/jemalloc';

/** `jemalloc` (default; glibc when the library is missing) or `glibc` (Janus's own malloc). */
export type JanusAllocator = Allocator;

export const JANUS_ALLOCATORS: readonly JanusAllocator[] = ALLOCATORS;

/** Environment variable that picks the allocator when the server options do not. */
export const JANUS_ALLOCATOR_ENV = 'DAILY_NODE_JANUS_ALLOCATOR';

/**
 * jemalloc's settings for Janus (an operator's own MALLOC_CONF wins): freed
 * pages go back to the kernel at once (no dirty or lazily freed "muzzy"
 * stage: with a 1 s decay Janus's RSS still swung ±3 MiB with the churn), and
 * 2 arenas suffice for Janus's mostly idle threads.
 */
export const JANUS_MALLOC_CONF = 'background_thread:true,dirty_decay_ms:0,muzzy_decay_ms:0,narenas:2';

/** The allocator asked for: the option, else DAILY_NODE_JANUS_ALLOCATOR, else jemalloc. Throws on a bad value. */
export function requestedAllocator(option: unknown, env: NodeJS.ProcessEnv = process.env): JanusAllocator {
  if (option !== undefined) return checkAllocator(option, 'janus.allocator');
  const fromEnv = env[JANUS_ALLOCATOR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return checkAllocator(fromEnv, JANUS_ALLOCATOR_ENV);
  return 'jemalloc';
}

/** What the Janus child is started with. */
export type JanusChildEnv = ChildAllocatorEnv;

/**
 * The environment for the Janus child: `base` (the server's own, untouched)
 * plus, for jemalloc, LD_PRELOAD of the library (ahead of any preload already
 * there) and MALLOC_CONF. `library` is the found libjemalloc.so.2, if any.
 */
export function janusChildEnv(
  allocator: JanusAllocator,
  base: NodeJS.ProcessEnv,
  library: string | undefined,
): JanusChildEnv {
  return childAllocatorEnv(allocator, base, library, JANUS_MALLOC_CONF, 'Janus');
}
