/**
 * Memory of the meeting server process (not counting the clients, which run
 * in this process): RSS idle, then with 100 participants in one room
 * (signaling only), plus the embedded Janus's RSS.
 *
 * Run: npm run bench:server-rss
 */
import { BenchClient, childPids, createRoom, rssMiB, startServerProcess } from './server-bench-lib';

const PARTICIPANTS = 100;

function settle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  try {
    const pid = server.child.pid!;
    const url = await createRoom(server, 'bench-rss');
    await settle(500);
    const idle = rssMiB(pid);
    const clients: BenchClient[] = [];
    for (let i = 0; i < PARTICIPANTS; i++) {
      const c = await BenchClient.open(url);
      await c.join(url, `bot-${i}`);
      clients.push(c);
    }
    await settle(1000);
    const full = rssMiB(pid);
    const janus = childPids(pid).map(rssMiB);
    console.log(`server RSS: idle ${idle.toFixed(1)} MiB, with ${PARTICIPANTS} participants ${full.toFixed(1)} MiB`);
    console.log(`  ≈ ${(((full - idle) * 1024) / PARTICIPANTS).toFixed(1)} KiB per participant (signaling only)`);
    console.log(`embedded Janus RSS: ${janus.map((m) => `${m.toFixed(1)} MiB`).join(', ') || 'n/a'}`);
    for (const c of clients) c.close();
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
