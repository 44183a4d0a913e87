/**
 * CPU time of this process and everything it started (the media engine,
 * Janus, ...), by process name, from /proc (utime + stime). Linux only.
 */
import * as fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  name: string;
  cpuS: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in parentheses and may hold spaces; the fields after it are fixed.
    const close = text.lastIndexOf(')');
    const name = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    return { pid, ppid: Number(f[1]), name, cpuS: (Number(f[11]) + Number(f[12])) / TICKS_PER_S };
  } catch {
    return undefined; // exited meanwhile
  }
}

/** CPU seconds used so far by `root` and its descendants, summed by process name. */
export function cpuByName(root = process.pid): Map<string, number> {
  const all = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is ProcStat => s !== undefined);
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of all)
      if (!tree.has(s.pid) && tree.has(s.ppid)) {
        tree.add(s.pid);
        grew = true;
      }
  }
  const out = new Map<string, number>();
  for (const s of all) if (tree.has(s.pid)) out.set(s.name, (out.get(s.name) ?? 0) + s.cpuS);
  return out;
}

/** Per-name CPU use between two samples, as a fraction of one core over `seconds`. */
export function cpuShare(
  before: Map<string, number>,
  after: Map<string, number>,
  seconds: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, s] of after) out.set(name, (s - (before.get(name) ?? 0)) / seconds);
  return out;
}
