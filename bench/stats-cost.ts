/**
 * What one `pc.stats` request costs: the SDK asks it of both connections of
 * every joined call every 2 s (network stats). One loopback pair in one
 * engine carries an Opus stream each way; then, in turn, a quiet window with
 * no requests and windows of back-to-back requests (with and without the raw
 * report). The engine's CPU time and context switches in a request window,
 * less the quiet window's rate over the same time, divided by the requests,
 * is the cost per request; Node's CPU time likewise (it parses the answer).
 * Each window runs `rounds` times; the lowest per-request figure is printed
 * (other load only ever adds time).
 *
 *   npm run bench:stats-cost [-- <requests per window, default 400> <rounds, default 3>]
 */
import { CustomAudioSource, CustomAudioTrack, Daily } from '../src';
import { engineHost } from '../src/engine/engine-host';
import type { PeerConnection } from '../src/media/peer/peer-connection';
import { tone } from '../test/helpers/audio';
import { connectPair } from '../test/helpers/peer-pair';
import { contextSwitches } from './agents/thread-counters';
import { nodeCpuSeconds, processCpuSeconds, sleep } from './video-cpu-lib';

const RATE = 16000;
const requests = Number(process.argv[2] ?? 400);
const rounds = Number(process.argv[3] ?? 3);

interface Usage {
  engineCpu: number;
  engineSwitches: number;
  nodeCpu: number;
  wall: number;
}

function usage(pid: number): Usage {
  return {
    engineCpu: processCpuSeconds(pid),
    engineSwitches: contextSwitches(pid),
    nodeCpu: nodeCpuSeconds(),
    wall: performance.now() / 1000,
  };
}

function delta(a: Usage, b: Usage): Usage {
  return {
    engineCpu: b.engineCpu - a.engineCpu,
    engineSwitches: b.engineSwitches - a.engineSwitches,
    nodeCpu: b.nodeCpu - a.nodeCpu,
    wall: b.wall - a.wall,
  };
}

async function window(pid: number, run: () => Promise<void>): Promise<Usage> {
  const u0 = usage(pid);
  await run();
  return delta(u0, usage(pid));
}

/** Per request: the window's usage less the quiet rate over the same wall time. */
function perRequest(busy: Usage, quiet: Usage): Usage {
  const scale = busy.wall / quiet.wall;
  return {
    engineCpu: (busy.engineCpu - quiet.engineCpu * scale) / requests,
    engineSwitches: (busy.engineSwitches - quiet.engineSwitches * scale) / requests,
    nodeCpu: (busy.nodeCpu - quiet.nodeCpu * scale) / requests,
    wall: busy.wall / requests,
  };
}

async function main(): Promise<void> {
  await Daily.init();
  const audio = tone(440, 600_000, RATE, 0.3);
  const a = new CustomAudioSource(RATE, 1);
  const b = new CustomAudioSource(RATE, 1);
  const [aTrack, bTrack] = [new CustomAudioTrack(a), new CustomAudioTrack(b)];
  const pair = await connectPair(async ({ sender, receiver }) => {
    await sender.addTrack(aTrack.id);
    await receiver.addTrack(bTrack.id);
  });
  a.writeFrames(audio, () => undefined);
  b.writeFrames(audio, () => undefined);
  await sleep(2000);
  const pid = engineHost.channel!.pid;
  const pcs: PeerConnection[] = [pair.sender, pair.receiver];
  const ask = (raw: boolean) => async (): Promise<void> => {
    for (let i = 0; i < requests; i++) await pcs[i % 2]!.getStats({ raw });
  };
  const best: Record<string, Usage | undefined> = {};
  for (let r = 0; r < rounds; r++) {
    for (const raw of [true, false]) {
      const busy = await window(pid, ask(raw));
      const quiet = await window(pid, () => sleep(busy.wall * 1000));
      const cost = perRequest(busy, quiet);
      const key = raw ? 'raw' : 'summary';
      if (!best[key] || cost.engineCpu < best[key].engineCpu) best[key] = cost;
    }
  }
  const setup = `${requests} requests per window, best of ${rounds}; 1 Opus stream each way`;
  console.log(`pc.stats cost per request (${setup}):`);
  for (const [key, c] of Object.entries(best)) {
    console.log(
      `  ${key.padEnd(8)} engine ${(c!.engineCpu * 1e6).toFixed(0)} µs CPU, ${c!.engineSwitches.toFixed(1)} context ` +
        `switches; Node ${(c!.nodeCpu * 1e6).toFixed(0)} µs CPU; ${(c!.wall * 1e3).toFixed(2)} ms round trip`,
    );
  }
  await Daily.deinit();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
