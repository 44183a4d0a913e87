/**
 * Mouth-to-ear latency through the meeting server and Janus: bot A hands a
 * 10 ms frame starting with a 5 ms click to its microphone every 200 ms, bot B
 * renders A at 16 kHz in 20 ms callbacks and finds the click. Our SDK's pair
 * and the @roamhq/wrtc pair run one after the other in the same run, each in
 * its own compiled worker. Two figures per click: hand-over to the renderer
 * callback that holds the click (what a bot's code waits), and hand-over to
 * the click's own sample (the callback time minus the audio after it).
 *
 *   npm run bench:latency [-- --clicks 250 --warmup-ms 3000 --kinds ours,ours@20,wrtc --json FILE]
 *
 * `ours@20`: our bots with 20 ms Opus frames (the old default), for the A/B in the same run.
 *   npm run bench:latency -- --quick      (60 clicks)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRoom, percentile, startServerProcess } from './server-bench-lib';
import { WorkerProcess } from './agents/worker-process';
import type { LatencyResult } from './agents/worker-messages';
import { parseKinds } from './agents/kind-spec';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const clicks = Number(option('clicks') ?? (quick ? 60 : 250));
const warmupMs = Number(option('warmup-ms') ?? 3000);
const kinds = parseKinds(option('kinds') ?? 'ours,ours@20,wrtc');
const jsonPath = option('json') ?? path.join(__dirname, '..', '..', 'build', 'bench', 'latency.json');

interface Row {
  kind: string;
  result: LatencyResult;
  toCallback: { p50: number; p95: number; p99: number };
  toSample: { p50: number; p95: number; p99: number };
  /** Ours: engine-to-JS hop of the rendered blocks. */
  renderHop?: { p50: number; p95: number; p99: number };
  loadAverage: number;
}

const stats = (v: number[]): Row['toCallback'] => ({
  p50: percentile(v, 0.5),
  p95: percentile(v, 0.95),
  p99: percentile(v, 0.99),
});

async function main(): Promise<void> {
  const server = await startServerProcess();
  const rows: Row[] = [];
  const loadBefore = os.loadavg();
  console.log(
    `latency: ${clicks} clicks 200 ms apart after ${warmupMs} ms, 16 kHz renderer, 20 ms callbacks, ` +
      `load ${loadBefore.map((l) => l.toFixed(1)).join(' ')}`,
  );
  try {
    for (const [index, { label: kind, ...spec }] of kinds.entries()) {
      // Numbered, so that one kind can be measured several times in a run (`--kinds ours,ours,ours`:
      // does the order of the kinds change the figures?).
      const url = await createRoom(server, `latency-${index + 1}-${kind.replace(/[^a-z0-9]+/g, '-')}`);
      const worker = new WorkerProcess({ ...spec, mode: 'latency', urls: [url], clicks, warmupMs });
      try {
        const { result } = await worker.next<{ result: LatencyResult }>('result', 120_000 + clicks * 400);
        const hops = result.renderHopsMs;
        delete result.renderHopsMs;
        const row = {
          kind,
          result,
          ...(hops?.length ? { renderHop: stats(hops) } : {}),
          toCallback: stats(result.toCallbackMs),
          toSample: stats(result.toSampleMs),
          loadAverage: os.loadavg()[0]!,
        };
        rows.push(row);
        const f = (s: Row['toCallback']): string =>
          `p50 ${s.p50.toFixed(1)}  p95 ${s.p95.toFixed(1)}  p99 ${s.p99.toFixed(1)} ms`;
        if (row.renderHop) console.log(`  ${kind.padEnd(7)} engine-to-JS hop of rendered blocks: ${f(row.renderHop)}`);
        console.log(
          `  ${kind.padEnd(7)} to callback: ${f(row.toCallback)} | to sample: ${f(row.toSample)} | ` +
            `jitter buffer ${result.meanJitterBufferMs.toFixed(1)} ms | ${result.toCallbackMs.length} heard, ${result.lost} lost, ` +
            `${result.spurious} spurious (load ${row.loadAverage.toFixed(1)})`,
        );
      } finally {
        await worker.stop();
      }
    }
  } finally {
    await server.stop();
  }
  const [ours, ours20, wrtc] = ['ours', 'ours@20', 'wrtc'].map((k) => rows.find((r) => r.kind === k));
  if (ours && ours20)
    console.log(
      `  10 ms frames (default) vs 20 ms: p50 to sample ${(ours.toSample.p50 - ours20.toSample.p50).toFixed(1)} ms, ` +
        `to callback ${(ours.toCallback.p50 - ours20.toCallback.p50).toFixed(1)} ms`,
    );
  if (ours && wrtc)
    console.log(
      `  ours/wrtc p50 to callback ${(ours.toCallback.p50 / wrtc.toCallback.p50).toFixed(2)}x; ` +
        `goal: ours p50 <= 40 ms (${ours.toCallback.p50 <= 40 ? 'met' : 'NOT met'} to callback, ` +
        `${ours.toSample.p50 <= 40 ? 'met' : 'NOT met'} to sample)`,
    );
  const loadAfter = os.loadavg();
  console.log(`load after: ${loadAfter.map((l) => l.toFixed(1)).join(' ')}`);
  fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
  fs.writeFileSync(jsonPath, JSON.stringify({ loadBefore, loadAfter, clicks, warmupMs, rows }, null, 2));
  console.log(`JSON: ${jsonPath}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
