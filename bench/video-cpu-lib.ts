/**
 * Helpers of the video CPU benchmarks: CPU time of a process from /proc (the
 * same counters getrusage reads) and a moving test picture.
 */
import * as fs from 'node:fs';

const TICKS_PER_SECOND = 100; // sysconf(_SC_CLK_TCK) on Linux

/** User + system CPU seconds used so far by process `pid`. */
export function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

/** CPU seconds of this Node process. */
export function nodeCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * RGBA frames with camera-like content: noise plus a moving bar, so the
 * encoder has real work (a still picture would cost almost nothing).
 * Frames are made ahead and cycled, so that making them costs little.
 */
export function cameraLikeFrames(width: number, height: number, count = 30): Buffer[] {
  const frames: Buffer[] = [];
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed & 0xff;
  };
  for (let f = 0; f < count; f++) {
    const buf = Buffer.alloc(width * height * 4);
    const bar = Math.floor((f / count) * width);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const onBar = Math.abs(x - bar) < 40;
        const base = onBar ? 220 : (x + y + f * 4) & 0xff;
        buf[i] = (base + (rand() & 0x1f)) & 0xff;
        buf[i + 1] = (base * 3 + (rand() & 0x1f)) & 0xff;
        buf[i + 2] = (255 - base + (rand() & 0x1f)) & 0xff;
        buf[i + 3] = 255;
      }
    }
    frames.push(buf);
  }
  return frames;
}

/** Calls `fn(i)` every `intervalMs` on an absolute schedule (no drift) until stopped. */
export function pacedLoop(intervalMs: number, fn: (i: number) => void): { stop(): void } {
  const start = performance.now();
  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    fn(i++);
    timer = setTimeout(tick, Math.max(0, start + i * intervalMs - performance.now()));
  };
  tick();
  return { stop: () => clearTimeout(timer) };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** CPU seconds of each thread of `pid`, summed by thread name (`dn-worker`, `dn-network`, ...). */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // The thread ended while we read it.
    }
  }
  return out;
}
