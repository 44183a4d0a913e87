/**
 * Delay and reordering of packets for the network-fault suite, where the
 * kernel has no `tc netem`: test/helpers/nfqueue-delay.py takes the packets an
 * iptables NFQUEUE rule queues and accepts each one after a random delay, a
 * share of them at once (overtaking the held ones). Linux only, inside the
 * namespace of scripts/netns-run (it needs CAP_NET_ADMIN there).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

/** What the queue did, reported when it stops. */
export interface DelayQueueFigures {
  packets: number;
  /** Packets accepted at once, ahead of those held. */
  reordered: number;
  /** Mean delay given to the packets that were held, ms. */
  meanDelayMs: number;
}

export interface DelayQueueOptions {
  queue: number;
  delayMs: number;
  /** Each held packet's delay is delayMs ± jitterMs, uniform. */
  jitterMs: number;
  /** Share of packets (0–1) accepted at once. */
  reorder: number;
  seed: number;
}

/** A running delay queue; `stop` lets held packets go and returns the figures. */
export interface DelayQueue {
  stop(): Promise<DelayQueueFigures>;
}

const SCRIPT = path.join(__dirname, 'nfqueue-delay.py');

/** Starts the queue and resolves once it is bound (before the NFQUEUE rule is added). */
export async function startDelayQueue(options: DelayQueueOptions): Promise<DelayQueue> {
  const { queue, delayMs, jitterMs, reorder, seed } = options;
  const child = spawn('python3', [SCRIPT, ...[queue, delayMs, jitterMs, reorder, seed].map(String)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = readline.createInterface({ input: child.stdout! });
  const next = nextLine(child, lines, () => stderr);
  if ((await next()) !== 'ready') throw new Error(`nfqueue-delay did not start: ${stderr}`);
  return {
    async stop() {
      child.kill('SIGTERM');
      const raw = JSON.parse(await next()) as { packets: number; reordered: number; delaySumMs: number };
      const held = raw.packets - raw.reordered;
      return { packets: raw.packets, reordered: raw.reordered, meanDelayMs: held > 0 ? raw.delaySumMs / held : 0 };
    },
  };
}

/** Reads the child's stdout line by line; rejects if it exits first (with its stderr). */
function nextLine(child: ChildProcess, lines: readline.Interface, stderr: () => string): () => Promise<string> {
  const iterator = lines[Symbol.asyncIterator]();
  return async () => {
    const result = await iterator.next();
    if (result.done) throw new Error(`nfqueue-delay exited (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    return result.value as string;
  };
}
