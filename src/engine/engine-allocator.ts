/**
 * The malloc the media engine runs with. The engine serves every bot of this
 * Node process; bots come and go, and libwebrtc's threads free what each
 * connection used. glibc's malloc keeps those freed pages in per-thread
 * arenas, so the engine's RSS grew with churn while its heap in use stayed
 * flat (docs/reliability.md, "Churn"). jemalloc, preloaded into the engine
 * child only, gives them back to the kernel.
 * @internal
 * @module
 */
import {
  checkAllocator,
  childAllocatorEnv,
  findJemalloc,
  type Allocator,
  type ChildAllocatorEnv,
} from '../allocator/jemalloc';

/** Environment variable that picks the engine's allocator: `jemalloc` (the default) or `glibc`. */
export const ENGINE_ALLOCATOR_ENV = 'DAILY_NODE_ENGINE_ALLOCATOR';

/**
 * jemalloc's settings for the engine (an operator's own MALLOC_CONF wins):
 * a background thread gives freed pages back to the kernel about a second
 * after they were freed, so the audio threads never pay for it; 2 arenas,
 * as each engine thread keeps a small cache of its own. Giving them back at
 * once (a decay of 0, as Janus has) cost the engine 1.86x the CPU of glibc's
 * malloc at 10 rooms; a second's decay 0.91x (docs/performance.md,
 * "Engine allocator").
 */
export const ENGINE_MALLOC_CONF = 'background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:2';

/** The allocator asked for in `env`; throws naming the variable on a bad value. */
export function requestedEngineAllocator(env: NodeJS.ProcessEnv = process.env): Allocator {
  const value = env[ENGINE_ALLOCATOR_ENV];
  if (value === undefined || value === '') return 'jemalloc';
  return checkAllocator(value, ENGINE_ALLOCATOR_ENV);
}

/**
 * The engine child's environment, and the allocator it will really use.
 * `findLibrary` locates libjemalloc.so.2 (tests pass their own).
 */
export function engineChildEnv(
  base: NodeJS.ProcessEnv = process.env,
  findLibrary: () => string | undefined = findJemalloc,
): ChildAllocatorEnv {
  const allocator = requestedEngineAllocator(base);
  const library = allocator === 'jemalloc' ? findLibrary() : undefined;
  return childAllocatorEnv(allocator, base, library, ENGINE_MALLOC_CONF, 'the media engine');
}

/** `env` as the `NAME=value` list a spawned process takes. */
export function environmentList(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`);
}
