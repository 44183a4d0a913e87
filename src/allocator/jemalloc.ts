/**
 * jemalloc for a child process (the media engine, the embedded Janus),
 * preloaded through its environment. Under participant churn glibc's malloc
 * keeps the memory that short-lived threads freed in their own arenas, so a
 * long-running process's RSS creeps up although it holds nothing more;
 * jemalloc gives freed pages back to the kernel (docs/architecture.md,
 * "Memory under churn"). Only the environment built here gets the preload:
 * the parent keeps its own malloc.
 * @internal
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `jemalloc` (preloaded; glibc when the library is missing) or `glibc` (the process's own malloc). */
export type Allocator = 'jemalloc' | 'glibc';

export const ALLOCATORS: readonly Allocator[] = ['jemalloc', 'glibc'];

/** The Debian package that provides the library. */
export const JEMALLOC_PACKAGE = 'libjemalloc2';

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

/**
 * The first readable libjemalloc.so.2 in `firstDirs` (e.g. the prebuilt
 * engine's own lib/ folder), then in the system's library folders; or
 * undefined. A path with a space or a colon is skipped: LD_PRELOAD splits on both.
 */
export function findJemalloc(arch: string = process.arch, firstDirs: readonly string[] = []): string | undefined {
  const candidates = [...firstDirs.map((dir) => path.join(dir, 'libjemalloc.so.2')), ...jemallocCandidates(arch)];
  return candidates.find((file) => {
    if (/[\s:]/.test(file)) return false;
    try {
      fs.accessSync(file, fs.constants.R_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** `value` if it names an allocator; otherwise an error naming `field`. */
export function checkAllocator(value: unknown, field: string): Allocator {
  if (ALLOCATORS.includes(value as Allocator)) return value as Allocator;
  throw new Error(`${field}: must be one of ${ALLOCATORS.join(', ')} (got ${JSON.stringify(value)})`);
}

/** What a child process is started with. */
export interface ChildAllocatorEnv {
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /** The allocator the child will really use. */
  allocator: Allocator;
  /** Set when jemalloc was asked for but is missing: one line for the log. */
  fallback?: string;
}

/**
 * The environment for a child: `base` (the parent's own, untouched) plus,
 * for jemalloc, LD_PRELOAD of `library` (ahead of any preload already there)
 * and `mallocConf` as MALLOC_CONF (an operator's own MALLOC_CONF wins).
 * `who` names the child in the fallback line.
 */
export function childAllocatorEnv(
  allocator: Allocator,
  base: NodeJS.ProcessEnv,
  library: string | undefined,
  mallocConf: string,
  who: string,
): ChildAllocatorEnv {
  const env = { ...base };
  if (allocator === 'glibc') return { env, allocator };
  if (library === undefined) {
    return {
      env,
      allocator: 'glibc',
      fallback:
        `jemalloc not found (install the Debian package ${JEMALLOC_PACKAGE}): ${who} runs with glibc's malloc, ` +
        'whose RSS grows under participant churn',
    };
  }
  env.LD_PRELOAD = base.LD_PRELOAD ? `${library}:${base.LD_PRELOAD}` : library;
  env.MALLOC_CONF = base.MALLOC_CONF || mallocConf;
  return { env, allocator };
}
