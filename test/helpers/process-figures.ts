/**
 * Resource figures of processes, read from /proc (Linux): resident memory,
 * open file descriptors, and the children of a process by command name, for
 * the churn and slow-consumer suites.
 */
import * as fs from 'node:fs';

/** Resident set size of `pid` in KiB (0 if it is gone). */
export function rssKiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * `pid`'s resident memory once it stops moving: after `minWaitMs`, read
 * every `everyMs` until two reads in a row differ by less than
 * `withinPercent` (at most `maxMs` in all). An allocator that gives freed
 * pages back over a decay time (jemalloc's background purge, 1 s for the
 * engine) is read after it has done so, not halfway; one that keeps them
 * (glibc's arenas) reads the same however long one waits, so growth is not hidden.
 */
export async function settledRssKiB(
  pid: number,
  { minWaitMs = 3000, withinPercent = 0.5, everyMs = 500, maxMs = 8000 } = {},
): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, minWaitMs));
  let last = rssKiB(pid);
  for (let waited = minWaitMs; waited < maxMs; waited += everyMs) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    const now = rssKiB(pid);
    const settled = Math.abs(now - last) <= (last * withinPercent) / 100;
    last = now;
    if (settled) break;
  }
  return last;
}

/** Number of open file descriptors of `pid` (0 if it is gone). */
export function openFds(pid: number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/** Live (not zombie) descendants of `pid`, with their command names. */
export function descendants(pid: number): Array<{ pid: number; comm: string }> {
  const byParent = new Map<number, Array<{ pid: number; comm: string }>>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const [state, ppid] = stat.slice(close + 2).split(' ');
      if (state === 'Z' || state === 'X') continue;
      const list = byParent.get(Number(ppid)) ?? [];
      list.push({ pid: Number(entry), comm });
      byParent.set(Number(ppid), list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: Array<{ pid: number; comm: string }> = [];
  const walk = (p: number): void => {
    for (const child of byParent.get(p) ?? []) {
      out.push(child);
      walk(child.pid);
    }
  };
  walk(pid);
  return out;
}

/** Growth from `before` to `after` in percent. */
export function growthPercent(before: number, after: number): number {
  return before === 0 ? 0 : ((after - before) / before) * 100;
}

/** Where a process's resident memory lives (KiB), from /proc/<pid>/smaps, and its thread count. */
export interface MemoryKinds {
  /** The main malloc arena (`[heap]`, grown by brk). */
  heapKiB: number;
  /** Anonymous mappings: other malloc arenas (threads' arenas), big mmap'd blocks, thread stacks. */
  anonKiB: number;
  /** File-backed mappings (code and data of the executable and libraries). */
  fileKiB: number;
  threads: number;
}

/** Sorts `pid`'s resident memory by kind of mapping (zeros if it is gone). */
export function memoryKinds(pid: number): MemoryKinds {
  const out: MemoryKinds = { heapKiB: 0, anonKiB: 0, fileKiB: 0, threads: 0 };
  try {
    let kind: 'heapKiB' | 'anonKiB' | 'fileKiB' = 'anonKiB';
    for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
      if (header) {
        const name = header[1]!.trim();
        kind = name === '[heap]' ? 'heapKiB' : name === '' || name.startsWith('[') ? 'anonKiB' : 'fileKiB';
        continue;
      }
      const rss = /^Rss:\s+(\d+) kB/.exec(line);
      if (rss) out[kind] += Number(rss[1]);
    }
    out.threads = Number(/^Threads:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    // the process ended while we looked
  }
  return out;
}

/** CPU time `pid` has used so far (user + system), in seconds (0 if it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after "pid (comm)"), in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
