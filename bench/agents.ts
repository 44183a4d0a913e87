/**
 * Two-way voice agents per core, against a peer: N rooms, each holding a pair
 * of bots that both talk (speech-like audio into a custom microphone track)
 * and listen (a 16 kHz renderer with 20 ms callbacks on the other bot), all
 * through the meeting server and Janus. Each step runs our SDK's bots, then
 * @roamhq/wrtc bots (bench/peers/), each kind in its own compiled worker
 * process, so CPU and RSS are the bots' own. Per step: CPU of the worker's JS
 * thread, its other threads, our engine process, the server and Janus; RSS;
 * concealment (concealedSamples / totalSamplesReceived over the window, from
 * the receive side's inbound-rtp stats) and microphone underruns. A step with
 * >= 1 % concealment or an underrun is not ok; a kind stops stepping at >= 5 %
 * concealment or a failed join. CPU ratios come from the largest step both ran.
 *
 *   npm run bench:agents [-- --steps 1,10,25,50 --max 100 --seconds 15 --kinds ours,wrtc,ours@20 --json FILE]
 *   npm run bench:agents -- --quick        (CI size: 1 and 3 rooms, 6 s windows)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRoom, startServerProcess, type BenchServer } from './server-bench-lib';
import { sleep } from './video-cpu-lib';
import { botsRssMiB, cpuPercent, sampleCpu, WorkerProcess, type CpuSample } from './agents/worker-process';
import type { AgentCounters } from './agents/agent';
import { parseKinds, type KindSpec } from './agents/kind-spec';
import { agentsSummary, judge, printStep, type StepResult } from './agents/agents-report';
import { sampleSwitches, switchesPerSecond } from './agents/switch-sample';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const max = Number(option('max') ?? Infinity);
const steps = (option('steps') ?? (quick ? '1,3' : '1,10,25,50,75,100,150,200,300'))
  .split(',')
  .map(Number)
  .filter((n) => n <= max);
const seconds = Number(option('seconds') ?? (quick ? 6 : 15));
const settleMs = quick ? 2000 : 4000;
const kinds = parseKinds(option('kinds') ?? 'ours,wrtc');
const jsonPath = option('json') ?? path.join(__dirname, '..', '..', 'build', 'bench', 'agents.json');

async function runStep(server: BenchServer, { label: kind, ...spec }: KindSpec, rooms: number): Promise<StepResult> {
  const urls: string[] = [];
  for (let i = 0; i < rooms; i++)
    urls.push(await createRoom(server, `agents-${kind.replace(/[^a-z0-9]+/g, '-')}-${rooms}-${i}`));
  const worker = new WorkerProcess({ ...spec, mode: 'agents', urls, clicks: 0, warmupMs: 0 });
  const joinStart = performance.now();
  try {
    const { enginePid } = await worker.next<{ enginePid?: number }>('ready', 60_000 + rooms * 4000);
    const joinSeconds = (performance.now() - joinStart) / 1000;
    await sleep(settleMs);
    worker.send({ type: 'mark' });
    await worker.next('marked', 30_000);
    const serverPid = server.child.pid!;
    const switches0 = sampleSwitches(worker.pid, enginePid);
    const cpu0: CpuSample = sampleCpu(worker.pid, enginePid, serverPid);
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const cpu1 = sampleCpu(worker.pid, enginePid, serverPid);
    const switches1 = sampleSwitches(worker.pid, enginePid);
    const wall = (performance.now() - t0) / 1000;
    worker.send({ type: 'report' });
    const report = await worker.next<{ total: AgentCounters; worstConcealment: number }>('report', 30_000);
    return judge({
      kind,
      rooms,
      bots: 2 * rooms,
      joinSeconds,
      cpu: cpuPercent(cpu0, cpu1, wall),
      switches: switchesPerSecond(switches0, switches1, wall),
      rss: botsRssMiB(worker.pid, enginePid),
      counters: report.total,
      worstConcealment: report.worstConcealment,
      loadAverage: os.loadavg()[0]!,
    });
  } catch (err) {
    return judge({
      kind,
      rooms,
      bots: 2 * rooms,
      error: (err as Error).message.split('\n')[0]!,
      loadAverage: os.loadavg()[0]!,
    });
  } finally {
    await worker.stop();
  }
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  const results: StepResult[] = [];
  const broken = new Set<string>();
  const loadBefore = os.loadavg();
  console.log(
    `agents: ${os.cpus().length} cores (${os.cpus()[0]?.model}), load ${loadBefore.map((l) => l.toFixed(1)).join(' ')}; ` +
      `${seconds} s windows after ${settleMs} ms; steps ${steps.join(', ')}`,
  );
  try {
    for (const rooms of steps) {
      for (const kind of kinds) {
        if (broken.has(kind.label)) continue;
        const r = await runStep(server, kind, rooms);
        results.push(r);
        printStep(r);
        if (r.collapsed) broken.add(kind.label);
      }
      if (kinds.every((k) => broken.has(k.label))) break;
    }
  } finally {
    await server.stop();
  }
  const summary = agentsSummary(results);
  const loadAfter = os.loadavg();
  console.log(`load after: ${loadAfter.map((l) => l.toFixed(1)).join(' ')}`);
  fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadBefore, loadAfter };
  fs.writeFileSync(jsonPath, JSON.stringify({ machine, seconds, steps: results, summary }, null, 2));
  console.log(`JSON: ${jsonPath}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
