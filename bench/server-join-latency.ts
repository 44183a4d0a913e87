/**
 * Join latency of the meeting server: 50 joins into one room, one after the
 * other, each timed from the WebSocket being open to the `join` response
 * (token-less public room; the room grows to 50 participants).
 *
 * Run: npm run bench:server-join
 */
import { performance } from 'node:perf_hooks';
import { BenchClient, createRoom, fmt, percentile, startServerProcess } from './server-bench-lib';

const JOINS = 50;

async function main(): Promise<void> {
  const server = await startServerProcess();
  try {
    const url = await createRoom(server, 'bench-join');
    const clients: BenchClient[] = [];
    const joinMs: number[] = [];
    const connectAndJoinMs: number[] = [];
    // Warm-up join (first-use costs: JIT, SQLite page cache), not counted.
    const warm = await BenchClient.open(url);
    await warm.join(url, 'warm-up');
    warm.close();
    for (let i = 0; i < JOINS; i++) {
      const t0 = performance.now();
      const c = await BenchClient.open(url);
      const t1 = performance.now();
      await c.join(url, `bot-${i}`);
      const t2 = performance.now();
      joinMs.push(t2 - t1);
      connectAndJoinMs.push(t2 - t0);
      clients.push(c);
    }
    console.log(`join latency over ${JOINS} joins (socket open → joined):`);
    console.log(
      `  p50 ${fmt(percentile(joinMs, 0.5))}  p95 ${fmt(percentile(joinMs, 0.95))}  max ${fmt(Math.max(...joinMs))}`,
    );
    console.log(`including the WebSocket connect:`);
    console.log(`  p50 ${fmt(percentile(connectAndJoinMs, 0.5))}  p95 ${fmt(percentile(connectAndJoinMs, 0.95))}`);
    for (const c of clients) c.close();
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
