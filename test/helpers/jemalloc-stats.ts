/**
 * Reads a running process's jemalloc figures (gdb attaches and calls
 * `mallctl`): what the program holds (`allocated`), the pages those objects
 * sit on (`active`), jemalloc's own bookkeeping (`metadata`) and what is
 * resident. With them a growing RSS can be told apart: a real hold grows
 * `allocated`, fragmentation grows `active` alone, and bookkeeping grows
 * `metadata`. glibc's malloc_trim tells nothing under jemalloc, so this is the
 * diagnostic for Janus, which the server starts on jemalloc. A soak-suite tool.
 */
import { gdbBatch } from './gdb-batch';

/** jemalloc's `stats.*` figures, in bytes. */
export interface JemallocStats {
  allocated: number;
  active: number;
  metadata: number;
  resident: number;
  mapped: number;
  retained: number;
}

const STATS: (keyof JemallocStats)[] = ['allocated', 'active', 'metadata', 'resident', 'mapped', 'retained'];

/**
 * gdb commands: a scratch buffer in the process, a new epoch (jemalloc
 * refreshes its statistics only then), each figure into its slot, one line
 * printed, and, when asked, a heap profile dump (it only writes a file when the
 * process runs with MALLOC_CONF `prof:true`; `prof_prefix` names it).
 */
function commands(dumpProfile: boolean): string[] {
  const reads = STATS.map((name, i) => `call (int) mallctl("stats.${name}", &$v[${i + 1}], $len, 0, 0)`);
  const slots = STATS.map((_n, i) => `$v[${i + 1}]`).join(', ');
  return [
    'set $v = (unsigned long *) malloc(8 * 8)',
    'set $len = (unsigned long *) malloc(8)',
    'set *$len = 8',
    'set $v[0] = 1',
    'call (int) mallctl("epoch", 0, 0, $v, 8)',
    ...reads,
    `printf "JEMALLOC ${STATS.map(() => '%lu').join(' ')}\\n", ${slots}`,
    'call (void) free($v)',
    'call (void) free($len)',
    ...(dumpProfile ? ['call (int) mallctl("prof.dump", 0, 0, 0, 0)'] : []),
  ];
}

/**
 * `pid`'s jemalloc figures, or undefined when gdb is missing, cannot attach,
 * or the process has no jemalloc. The process stops for the moment gdb is attached.
 */
export function jemallocStats(pid: number, { dumpProfile = false } = {}): JemallocStats | undefined {
  const line = gdbBatch(pid, commands(dumpProfile))
    ?.split('\n')
    .find((l) => l.startsWith('JEMALLOC '));
  if (!line) return undefined;
  const values = line.split(' ').slice(1).map(Number);
  if (values.length !== STATS.length || values.some((v) => !Number.isFinite(v))) return undefined;
  return Object.fromEntries(STATS.map((name, i) => [name, values[i]!])) as unknown as JemallocStats;
}

/** One line for a log: "allocated 6.21 active 12.50 ... (MiB)". */
export function formatJemallocStats(s: JemallocStats): string {
  return STATS.map((name) => `${name} ${(s[name] / 1048576).toFixed(2)}`).join(' ') + ' (MiB)';
}
