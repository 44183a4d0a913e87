/**
 * The malloc the embedded Janus runs with. Under bot churn glibc's malloc
 * keeps the memory Janus's per-handle threads freed in their own arenas, so
 * Janus's RSS creeps up although it holds nothing more (docs/architecture.md,
 * "Janus memory under churn"). jemalloc, preloaded into the Janus child only,
 * hands freed pages back to the kernel within a second. The server and the
 * media engine keep glibc: only the environment built here gets the preload.
 */
import * as fs from 'node:fs';

/** `jemalloc` (default; glibc when the library is missing) or `glibc` (Janus's own malloc). */
export type JanusAllocator = 'jemalloc' | 'glibc';

export const JANUS_ALLOCATORS: readonly JanusAllocator[] = ['jemalloc', 'glibc'];

/** Environment variable that picks the allocator when the server options do not. */
export const JANUS_ALLOCATOR_ENV = 'DAILY_NODE_JANUS_ALLOCATOR';

/** The Debian package that provides the library. */
export const JEMALLOC_PACKAGE = 'libjemalloc2';

/**
 * jemalloc's settings for Janus (an operator's own MALLOC_CONF wins): freed
 * pages go back to the kernel at once (no dirty or lazily freed "muzzy"
 * stage: with a 1 s decay Janus's RSS still swung ±3 MiB with the churn), and
 * 2 arenas suffice for Janus's mostly idle threads.
 */
export const JANUS_MALLOC_CONF = 'background_thread:true,dirty_decay_ms:0,muzzy_decay_ms:0,narenas:2';

/** Where Debian and Ubuntu put libjemalloc.so.2, per Node architecture, then generic places. */
function jemallocCandidates(arch: string): string[] {
  const multiarch: Record<string, string> = {
    x64: 'x86_64-linux-gnu',
    arm64: 'aarch64-linux-gnu',
    arm: 'arm-linux-gnueabihf',
    ppc64: 'powerpc64le-linux-gnu',
    s390x: 's390x-linux-gnu',
  };
  const triplet = multiarch[arch];
  return [
    ...(triplet ? [`/usr/lib/${triplet}/libjemalloc.so.2`] : []),
    '/usr/lib/libjemalloc.so.2',
    '/usr/local/lib/libjemalloc.so.2',
  ];
}

/** The first readable libjemalloc.so.2 on this machine, or undefined. */
export function findJemalloc(arch: string = process.arch): string | undefined {
  return jemallocCandidates(arch).find((file) => {
    try {
      fs.accessSync(file, fs.constants.R_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The allocator asked for: the option, else DAILY_NODE_JANUS_ALLOCATOR, else jemalloc. Throws on a bad value. */
export function requestedAllocator(option: unknown, env: NodeJS.ProcessEnv = process.env): JanusAllocator {
  if (option !== undefined) return checkAllocator(option, 'janus.allocator');
  const fromEnv = env[JANUS_ALLOCATOR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return checkAllocator(fromEnv, JANUS_ALLOCATOR_ENV);
  return 'jemalloc';
}

function checkAllocator(value: unknown, field: string): JanusAllocator {
  if (JANUS_ALLOCATORS.includes(value as JanusAllocator)) return value as JanusAllocator;
  throw new Error(`${field}: must be one of ${JANUS_ALLOCATORS.join(', ')} (got ${JSON.stringify(value)})`);
}

/** What the Janus child is started with. */
export interface JanusChildEnv {
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /** The allocator Janus will really use. */
  allocator: JanusAllocator;
  /** Set when jemalloc was asked for but is missing: one line for the log. */
  fallback?: string;
}

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
  const env = { ...base };
  if (allocator === 'glibc') return { env, allocator };
  if (library === undefined) {
    return {
      env,
      allocator: 'glibc',
      fallback:
        `jemalloc not found (install the Debian package ${JEMALLOC_PACKAGE}): Janus runs with glibc's malloc, ` +
        'whose RSS grows under participant churn',
    };
  }
  env.LD_PRELOAD = base.LD_PRELOAD ? `${library}:${base.LD_PRELOAD}` : library;
  env.MALLOC_CONF = base.MALLOC_CONF || JANUS_MALLOC_CONF;
  return { env, allocator };
}
