/**
 * One bot process of the agents and latency benchmarks (compiled JS, forked
 * by bench/agents.ts and bench/latency.ts so its CPU and RSS are the bots'
 * alone). `kind` picks the stack: `ours` (this SDK and its media engine) or
 * `wrtc` (@roamhq/wrtc). Talks to its parent over the fork IPC channel.
 *
 *   agents mode:  joins a pair per room URL, both bots talk and listen; on
 *                 `mark` snapshots counters, on `report` answers the deltas.
 *   latency mode: one pair; A sends `clicks` clicks 200 ms apart, B detects them.
 */
import * as fs from 'node:fs';
import { Daily } from '../../src';
import { WrtcAgent } from '../peers/wrtc-agent';
import type { Agent, AgentCounters } from './agent';
import { OurAgent } from './our-agent';
import { ClickDetector, clickFrame, level, speechLike } from './signals';
import type { LatencyResult, ToWorker, WorkerArgs } from './worker-messages';

const CLICK_SPACING_MS = 200;
const JOIN_TIMEOUT_MS = 120_000;
const args = JSON.parse(process.argv[2]!) as WorkerArgs;

const send = (msg: object): void => void process.send!(msg);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function joinAgent(url: string): Promise<Agent> {
  const agent = args.kind === 'ours' ? new OurAgent(args.frameDurationMs) : new WrtcAgent();
  await agent.join(url);
  return agent;
}

/** The engine process of this worker (ours only). */
function enginePid(): number | undefined {
  const children = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim();
  for (const pid of children ? children.split(/\s+/).map(Number) : []) {
    if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('daily-node-engi')) return pid;
  }
  return undefined;
}

async function waitUntil(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function sumCounters(all: AgentCounters[]): AgentCounters {
  const out = { ...all[0]! };
  for (const c of all.slice(1)) for (const k of Object.keys(out) as Array<keyof AgentCounters>) out[k] += c[k];
  return out;
}

async function runAgents(agents: Agent[]): Promise<void> {
  const heard = new Map<Agent, number>();
  const speech = speechLike(2);
  for (let i = 0; i < args.urls.length; i++) {
    const [a, b] = [await joinAgent(args.urls[i]!), await joinAgent(args.urls[i]!)];
    agents.push(a, b);
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      me.listenTo(other.id, (pcm) => {
        if (level(pcm) > 0.02) heard.set(me, (heard.get(me) ?? 0) + 1);
      });
      me.startTalking(speech);
    }
  }
  await waitUntil('every bot to hear its peer', () => agents.every((a) => (heard.get(a) ?? 0) >= 10), JOIN_TIMEOUT_MS);
  send({ type: 'ready', enginePid: enginePid() });
  let marked: AgentCounters[] = [];
  process.on('message', (msg: ToWorker) => {
    void (async () => {
      // Parsing every bot's stats blocks the event loop long enough for underruns of
      // its own (Agent.underruns): the window's underruns are read after the mark's
      // stats were parsed and before the report's are.
      const readUnderruns = (): Promise<number[]> => Promise.all(agents.map((a) => a.underruns()));
      const before = msg.type === 'report' ? await readUnderruns() : undefined;
      const counters = await Promise.all(agents.map((a) => a.counters()));
      const underruns = before ?? (await readUnderruns());
      const now = counters.map((c, i) => ({ ...c, underruns: underruns[i]! }));
      if (msg.type === 'mark') {
        marked = now;
        send({ type: 'marked' });
      } else if (msg.type === 'report') {
        const deltas = now.map((c, i) => {
          const d = { ...c };
          for (const k of Object.keys(d) as Array<keyof AgentCounters>) d[k] -= marked[i]![k];
          return d;
        });
        const worst = Math.max(...deltas.map((d) => d.concealedSamples / Math.max(1, d.totalSamplesReceived)));
        send({ type: 'report', total: sumCounters(deltas), worstConcealment: worst });
      }
    })();
  });
}

async function runLatency(agents: Agent[]): Promise<void> {
  const url = args.urls[0]!;
  const [a, b] = [await joinAgent(url), await joinAgent(url)];
  agents.push(a, b);
  const mouths: number[] = [];
  const result: LatencyResult = { toCallbackMs: [], toSampleMs: [], lost: 0, spurious: 0, meanJitterBufferMs: 0 };
  let heardAny = false;
  b.listenTo(a.id, (pcm, at) => detector.push(pcm, at));
  const detector = new ClickDetector(({ callbackAtMs, sampleAtMs }) => {
    heardAny = true;
    const mouth = mouths.shift();
    if (mouth === undefined || callbackAtMs < mouth) {
      result.spurious++;
      return;
    }
    result.toCallbackMs.push(callbackAtMs - mouth);
    result.toSampleMs.push(sampleAtMs - mouth);
  });
  const click = clickFrame();
  // Until the receive side plays (subscription, ICE, DTLS), clicks go nowhere: probe first.
  await waitUntil(
    'the first click to arrive',
    () => {
      if (mouths.length === 0 && !heardAny) void a.click(click).then((t) => mouths.push(t));
      else if (mouths.length > 0 && performance.now() - mouths[0]! > 1000) mouths.shift();
      return heardAny;
    },
    JOIN_TIMEOUT_MS,
  );
  result.toCallbackMs.length = result.toSampleMs.length = 0;
  await sleep(args.warmupMs);
  for (let i = 0; i < args.clicks; i++) {
    // A click not heard within one spacing is lost (so the next one is not matched to it).
    if (mouths.length > 0) {
      mouths.length = 0;
      result.lost++;
    }
    mouths.push(await a.click(click));
    await sleep(CLICK_SPACING_MS);
  }
  await sleep(CLICK_SPACING_MS);
  result.lost += mouths.length;
  const heard = await b.counters();
  result.meanJitterBufferMs = (1000 * heard.jitterBufferDelay) / Math.max(1, heard.jitterBufferEmittedCount);
  if (b.renderHopsMs) result.renderHopsMs = b.renderHopsMs;
  send({ type: 'result', result });
}

async function main(): Promise<void> {
  const agents: Agent[] = [];
  if (args.kind === 'ours') await Daily.init();
  const stop = async (): Promise<void> => {
    for (const a of agents) await a.close();
    if (args.kind === 'ours') await Daily.deinit();
    process.exit(0);
  };
  process.on('message', (msg: ToWorker) => void (msg.type === 'stop' && stop()));
  process.on('disconnect', () => void stop());
  if (args.mode === 'agents') await runAgents(agents);
  else await runLatency(agents);
}

main().catch((err: unknown) => {
  send({ type: 'failed', error: String((err as Error)?.stack ?? err) });
  process.exit(1);
});
