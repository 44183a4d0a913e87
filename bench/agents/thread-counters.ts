/**
 * Context switches of a process from /proc, by thread: a count of wake-ups
 * that, unlike CPU time, hardly moves with the machine's load (the hardware
 * instruction counters that would be the other such count are not exposed on
 * this VM: `perf stat -e instructions` says "not supported").
 */
import * as fs from 'node:fs';

/** Voluntary + involuntary context switches of one thread so far (0 if it ended). */
function threadSwitches(pid: number, tid: string): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    let n = 0;
    for (const m of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)/gm)) n += Number(m[1]);
    return n;
  } catch {
    return 0; // The thread ended while we read it.
  }
}

/** Context switches so far of a process's first thread (Node's JS thread) and of its other threads. */
export function mainAndOtherSwitches(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    if (Number(tid) === pid) main += threadSwitches(pid, tid);
    else others += threadSwitches(pid, tid);
  }
  return { main, others };
}

/** Context switches so far of all the live threads of a process. */
export function contextSwitches(pid: number): number {
  const { main, others } = mainAndOtherSwitches(pid);
  return main + others;
}
