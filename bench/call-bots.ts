/**
 * A bot farm in one process: N CallClients each speak a tone through their
 * own custom track (send only), one listener receives all of them. Prints
 * join latency, time until each bot is heard, and steady-state CPU and
 * memory of this Node process, the media engine and the server (+ Janus,
 * which run as their own processes).
 *
 *   npm run bench:call-bots [-- <bot counts, default 1,10> <seconds, default 10>]
 */
import { CallClient, CustomAudioSource, CustomAudioTrack, Daily } from '../src';
import { engineHost } from '../src/engine/engine-host';
import { channelSamples, rms, tone } from '../test/helpers/audio';
import { childPids, createRoom, percentile, rssMiB, startServerProcess } from './server-bench-lib';
import { nodeCpuSeconds, processCpuSeconds, threadCpuSeconds } from './video-cpu-lib';

const counts = (process.argv[2] ?? '1,10').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 10);

const ms = (v: number): string => `${v.toFixed(0)} ms`;

async function round(bots: number, serverPid: number, url: string): Promise<void> {
  const clients: CallClient[] = [];
  const sources: CustomAudioSource[] = [];
  const joinMs: number[] = [];
  const joinedAt = new Map<string, number>();
  const heardAfter = new Map<string, number>();
  const listener = new CallClient();
  await listener.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'subscribed' } });
  await listener.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
  try {
    for (let i = 0; i < bots; i++) {
      const source = new CustomAudioSource(16000, 1);
      source.writeFrames(tone(300 + 20 * i, (seconds + 60) * 1000, 16000, 0.3)).catch(() => undefined);
      sources.push(source);
      const track = new CustomAudioTrack(source);
      const client = new CallClient();
      clients.push(client);
      // Send-only bots: they receive nothing.
      await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'unsubscribed' } });
      const t0 = performance.now();
      await client.join(url, {
        clientSettings: {
          inputs: { camera: false, microphone: { isEnabled: true, settings: { customTrack: { id: track.id } } } },
        },
      });
      joinMs.push(performance.now() - t0);
      const id = client.participants().local.id;
      joinedAt.set(id, performance.now());
      listener.setAudioRenderer(id, (pid, data) => {
        if (!heardAfter.has(pid) && rms(channelSamples(data.audioFrames)) > 0.05)
          heardAfter.set(pid, performance.now() - joinedAt.get(pid)!);
      });
    }
    const deadline = Date.now() + 30_000;
    while (heardAfter.size < bots && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Steady state.
    const enginePid = engineHost.channel!.info!.pid;
    const serverPids = [serverPid, ...childPids(serverPid)];
    const node0 = nodeCpuSeconds();
    const engine0 = processCpuSeconds(enginePid);
    const server0 = serverPids.reduce((s, p) => s + processCpuSeconds(p), 0);
    const threads0 = threadCpuSeconds(enginePid);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const wall = (performance.now() - t0) / 1000;
    const pct = (cpu: number): string => `${((100 * cpu) / wall).toFixed(1)} %`;
    const heard = [...heardAfter.values()];
    console.log(`${bots} bot(s) + 1 listener:`);
    console.log(
      `  join:            p50 ${ms(percentile(joinMs, 0.5))}, p95 ${ms(percentile(joinMs, 0.95))}, max ${ms(Math.max(...joinMs))}`,
    );
    console.log(
      `  heard after join: ${heard.length}/${bots} bots; p50 ${ms(percentile(heard, 0.5))}, p95 ${ms(percentile(heard, 0.95))}`,
    );
    console.log(
      `  CPU over ${seconds} s: node ${pct(nodeCpuSeconds() - node0)}, engine ${pct(processCpuSeconds(enginePid) - engine0)}, server+Janus ${pct(serverPids.reduce((s, p) => s + processCpuSeconds(p), 0) - server0)}`,
    );
    // Whether libwebrtc's one worker thread is the engine's bottleneck (the
    // question behind daily-python's worker_threads): its share of a core.
    const busiest = [...threadCpuSeconds(enginePid)]
      .map(([name, cpu]) => [name, cpu - (threads0.get(name) ?? 0)] as const)
      .sort((x, y) => y[1] - x[1])
      .filter(([name], i) => i < 6 || name === 'dn-worker');
    console.log(`  engine threads:  ${busiest.map(([name, cpu]) => `${name} ${pct(cpu)}`).join(', ')}`);
    console.log(`  RSS: node ${rssMiB(process.pid).toFixed(0)} MiB, engine ${rssMiB(enginePid).toFixed(0)} MiB`);
  } finally {
    for (const c of [...clients, listener]) await c.release().catch(() => undefined);
    for (const s of sources) await s.release().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  await Daily.init();
  try {
    for (const [i, n] of counts.entries()) await round(n, server.child.pid!, await createRoom(server, `bots-${i}`));
  } finally {
    await Daily.deinit();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
