/**
 * Presence fan-out of the meeting server (signaling only): with 100
 * participants in a room, the time from one more participant's join request
 * until every other participant has its `participant-joined` event, and the
 * same for a broadcast app message. 20 rounds each.
 *
 * Run: npm run bench:server-fanout
 */
import { performance } from 'node:perf_hooks';
import { BenchClient, createRoom, fmt, percentile, startServerProcess } from './server-bench-lib';

const PARTICIPANTS = 100;
const ROUNDS = 20;

async function main(): Promise<void> {
  const server = await startServerProcess();
  try {
    const url = await createRoom(server, 'bench-fanout');
    const clients: BenchClient[] = [];
    for (let i = 0; i < PARTICIPANTS - 1; i++) {
      const c = await BenchClient.open(url);
      await c.join(url, `bot-${i}`);
      clients.push(c);
    }
    const joinFanout: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const newcomer = await BenchClient.open(url);
      const seen = clients.map((c) => c.next((m) => m.event === 'participant-joined'));
      const t0 = performance.now();
      await newcomer.join(url, `newcomer-${r}`);
      await Promise.all(seen);
      joinFanout.push(performance.now() - t0);
      const gone = clients.map((c) => c.next((m) => m.event === 'participant-left'));
      await newcomer.request('leave', {});
      await Promise.all(gone);
      newcomer.close();
    }
    const sender = await BenchClient.open(url);
    await sender.join(url, 'sender');
    const messageFanout: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const seen = clients.map((c) => c.next((m) => m.event === 'app-message'));
      const t0 = performance.now();
      await sender.request('sendAppMessage', { data: { round: r, text: 'hello everyone' } });
      await Promise.all(seen);
      messageFanout.push(performance.now() - t0);
    }
    console.log(`presence fan-out, ${PARTICIPANTS} participants in the room, ${ROUNDS} rounds:`);
    console.log(
      `  join → all ${PARTICIPANTS - 1} others notified: p50 ${fmt(percentile(joinFanout, 0.5))}  p95 ${fmt(percentile(joinFanout, 0.95))}`,
    );
    console.log(
      `  app message → all ${PARTICIPANTS - 1} others: p50 ${fmt(percentile(messageFanout, 0.5))}  p95 ${fmt(percentile(messageFanout, 0.95))}`,
    );
    for (const c of [...clients, sender]) c.close();
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
