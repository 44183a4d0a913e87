/**
 * The orchestrator's side of a bot worker: forks the compiled worker, waits
 * for its messages, and reads the CPU and memory of it (and of its media
 * engine, for our SDK) from /proc.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childPids, rssMiB } from '../server-bench-lib';
import { processCpuSeconds } from '../video-cpu-lib';
import type { ToWorker, WorkerArgs } from './worker-messages';

const TICKS_PER_SECOND = 100;

/** CPU seconds of a process's first thread (Node's JS thread) and of all its other threads. */
export function mainAndOtherThreads(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      if (Number(tid) === pid) main += cpu;
      else others += cpu;
    } catch {
      // The thread ended while we read it.
    }
  }
  return { main, others };
}

export class WorkerProcess {
  readonly child: ChildProcess;
  private readonly inbox: Array<Record<string, unknown>> = [];
  private wake: (() => void) | undefined;
  private exited: string | undefined;

  constructor(args: WorkerArgs) {
    // The engine inherits the worker's environment, so engine settings ride on it.
    this.child = fork(path.join(__dirname, 'worker.js'), [JSON.stringify(args)], {
      stdio: 'inherit',
      env: { ...process.env, ...args.engineEnv },
    });
    this.child.on('message', (m: Record<string, unknown>) => {
      this.inbox.push(m);
      this.wake?.();
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `worker exited (${code ?? signal})`;
      this.wake?.();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(msg: ToWorker): void {
    this.child.send(msg);
  }

  /** The next message of `type`; rejects on a `failed` message, an exit or the timeout. */
  async next<T>(type: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type || m.type === 'failed');
      if (i >= 0) {
        const [m] = this.inbox.splice(i, 1);
        if (m!.type === 'failed') throw new Error(String(m!.error));
        return m as T;
      }
      if (this.exited) throw new Error(this.exited);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no '${type}' from the worker within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.send({ type: 'stop' });
    const t = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(t);
  }
}

/** CPU seconds so far of each part of a run. */
export interface CpuSample {
  /** Node's JS thread of the worker. */
  nodeMain: number;
  /** The worker's other threads (libuv, V8 helpers; wrtc's whole libwebrtc). */
  nodeOthers: number;
  /** Our media engine process (0 for wrtc). */
  engine: number;
  server: number;
  janus: number;
}

export function sampleCpu(worker: number, engine: number | undefined, server: number): CpuSample {
  const threads = mainAndOtherThreads(worker);
  const janus = childPids(server).filter((p) => fs.readFileSync(`/proc/${p}/comm`, 'utf8').startsWith('janus'));
  return {
    nodeMain: threads.main,
    nodeOthers: threads.others,
    engine: engine ? processCpuSeconds(engine) : 0,
    server: processCpuSeconds(server),
    janus: janus.reduce((s, p) => s + processCpuSeconds(p), 0),
  };
}

/** Percent of one core used by each part between two samples over `seconds`. */
export function cpuPercent(a: CpuSample, b: CpuSample, seconds: number): CpuSample {
  const out = { ...b };
  for (const k of Object.keys(out) as Array<keyof CpuSample>) out[k] = (100 * (b[k] - a[k])) / seconds;
  return out;
}

/** RSS in MiB of the worker plus its engine. */
export function botsRssMiB(worker: number, engine: number | undefined): { node: number; engine: number } {
  return { node: rssMiB(worker), engine: engine ? rssMiB(engine) : 0 };
}
