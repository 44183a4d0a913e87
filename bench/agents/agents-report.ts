/**
 * The agents benchmark's table and summary: per step the CPU split, RSS,
 * concealment and underruns; then agents per core, engine CPU per Opus pair
 * and RSS per added bot, ours against the wrtc peer, with their ratios.
 */
import type { AgentCounters } from './agent';
import type { CpuSample } from './worker-process';
import type { SwitchSample } from './switch-sample';

/** Concealment at or above this share of received samples breaks a step. */
export const MAX_CONCEALMENT = 0.01;
/** Past this, or a failed join, a kind stops stepping (below it the step still gives comparable CPU figures). */
export const HARD_CONCEALMENT = 0.05;

export interface StepResult {
  /** `ours`, `wrtc` or `ours@<frame ms>` (see kind-spec.ts). */
  kind: string;
  rooms: number;
  bots: number;
  loadAverage: number;
  error?: string;
  joinSeconds?: number;
  /** Percent of one core. */
  cpu?: CpuSample;
  /** Context switches per second. */
  switches?: SwitchSample;
  rss?: { node: number; engine: number };
  counters?: AgentCounters;
  worstConcealment?: number;
  /** < 1 % concealment and 0 underruns. */
  ok?: boolean;
  /** Failed, or concealing so much that larger steps say nothing: the kind stops stepping. */
  collapsed?: boolean;
}

export function concealment(c: AgentCounters): number {
  return c.concealedSamples / Math.max(1, c.totalSamplesReceived);
}

export function judge(r: StepResult): StepResult {
  r.ok = !r.error && concealment(r.counters!) < MAX_CONCEALMENT && r.counters!.underruns === 0;
  r.collapsed = !!r.error || concealment(r.counters!) >= HARD_CONCEALMENT;
  return r;
}

/** CPU of the bots themselves: the worker process and, for ours, the engine. */
export function botCpu(r: StepResult): number {
  return r.cpu!.nodeMain + r.cpu!.nodeOthers + r.cpu!.engine;
}

/** CPU of the media engine: our engine process, or the wrtc worker's non-JS threads (its libwebrtc). */
export function mediaCpu(r: StepResult): number {
  return r.kind === 'wrtc' ? r.cpu!.nodeOthers : r.cpu!.engine;
}

/** Context switches per second of the media engine: our engine process, or the wrtc worker's non-JS threads. */
export function mediaSwitches(r: StepResult): number {
  return r.kind === 'wrtc' ? r.switches!.nodeOthers : r.switches!.engine;
}

/** Context switches per second of the bots: the worker process and, for ours, the engine. */
export function botSwitches(r: StepResult): number {
  return r.switches!.nodeMain + r.switches!.nodeOthers + r.switches!.engine;
}

const pct = (v: number): string => `${v.toFixed(1)}%`.padStart(7);

export function printStep(r: StepResult): void {
  const head = `${r.kind.padEnd(7)} ${String(r.rooms).padStart(3)} rooms ${String(r.bots).padStart(3)} bots`;
  if (r.error) {
    console.log(`${head}  BROKE: ${r.error} (load ${r.loadAverage.toFixed(1)})`);
    return;
  }
  const c = r.cpu!;
  const rss = r.rss!.node + r.rss!.engine;
  const perPair = (v: number): string => (v / r.rooms).toFixed(0);
  console.log(
    `${head}  js ${pct(c.nodeMain)} other-threads ${pct(c.nodeOthers)} engine ${pct(c.engine)} ` +
      `| server ${pct(c.server)} janus ${pct(c.janus)} | bots ${pct(botCpu(r))} = ${(botCpu(r) / r.bots).toFixed(2)}%/bot ` +
      `| switches/s per pair: media ${perPair(mediaSwitches(r))} js ${perPair(r.switches!.nodeMain)} ` +
      `all ${perPair(botSwitches(r))} ` +
      `| RSS ${rss.toFixed(0)} MiB | concealed ${(100 * concealment(r.counters!)).toFixed(2)}% ` +
      `(worst bot ${(100 * r.worstConcealment!).toFixed(2)}%) underruns ${r.counters!.underruns} ` +
      `| ${r.ok ? 'ok' : 'BROKE'} (join ${r.joinSeconds!.toFixed(1)} s, load ${r.loadAverage.toFixed(1)})`,
  );
}

export interface KindSummary {
  largestOkRooms: number;
  /** The step the CPU figures come from: the largest both kinds completed. */
  cpuRooms?: number;
  /** 100 % of a core / bot CPU per bot, at that step. */
  agentsPerCore?: number;
  /** Same, with the server's and Janus's share per bot added. */
  agentsPerCoreWithServer?: number;
  enginePerPairPercent?: number;
  /** Context switches per second per room of the media engine, and of the bots as a whole. */
  mediaSwitchesPerPair?: number;
  botSwitchesPerPair?: number;
  rssPerAddedBotMiB?: number;
}

function summarize(rows: StepResult[], cpuRooms: number | undefined): KindSummary {
  const ok = rows.filter((r) => r.ok);
  const out: KindSummary = { largestOkRooms: ok.at(-1)?.rooms ?? 0, rssPerAddedBotMiB: rssPerAddedBot(rows) };
  const best = rows.find((r) => r.rooms === cpuRooms && !r.error);
  if (!best) return out;
  out.cpuRooms = best.rooms;
  out.agentsPerCore = (100 * best.bots) / botCpu(best);
  out.agentsPerCoreWithServer = (100 * best.bots) / (botCpu(best) + best.cpu!.server + best.cpu!.janus);
  out.enginePerPairPercent = mediaCpu(best) / best.rooms;
  out.mediaSwitchesPerPair = mediaSwitches(best) / best.rooms;
  out.botSwitchesPerPair = botSwitches(best) / best.rooms;
  return out;
}

// Memory needs no step in common with the peer: the slope runs over this kind's own completed steps.
function rssPerAddedBot(rows: StepResult[]): number | undefined {
  const completed = rows.filter((r) => !r.error);
  const first = completed[0];
  const last = completed.at(-1);
  if (!first || !last || last.bots <= first.bots) return undefined;
  const rss = (r: StepResult): number => r.rss!.node + r.rss!.engine;
  return (rss(last) - rss(first)) / (last.bots - first.bots);
}

export function agentsSummary(results: StepResult[]): Record<string, KindSummary> {
  const completed = (kind: string): number[] => results.filter((r) => r.kind === kind && !r.error).map((r) => r.rooms);
  const both = completed('ours').filter((n) => completed('wrtc').includes(n));
  const cpuRooms = both.at(-1) ?? completed('ours').at(-1);
  const ours = summarize(
    results.filter((r) => r.kind === 'ours'),
    cpuRooms,
  );
  const wrtc = summarize(
    results.filter((r) => r.kind === 'wrtc'),
    cpuRooms,
  );
  const ratio = (a?: number, b?: number): string => (a && b ? `${(a / b).toFixed(2)}x` : 'n/a');
  const f = (v: number | undefined, d = 1): string => (v === undefined ? 'n/a' : v.toFixed(d));
  console.log('\nsummary (ours | wrtc peer | ratio):');
  console.log(
    `  largest N rooms with < 1% concealment and 0 underruns: ${ours.largestOkRooms} | ${wrtc.largestOkRooms}`,
  );
  console.log(`  CPU figures below from the largest step both completed: ${cpuRooms ?? 'none'} rooms`);
  console.log(
    `  two-way agents per core (bots only):   ${f(ours.agentsPerCore)} | ${f(wrtc.agentsPerCore)} | ${ratio(ours.agentsPerCore, wrtc.agentsPerCore)} (goal >= 1.5x)`,
  );
  console.log(
    `  two-way agents per core (+server+Janus): ${f(ours.agentsPerCoreWithServer)} | ${f(wrtc.agentsPerCoreWithServer)} | ${ratio(ours.agentsPerCoreWithServer, wrtc.agentsPerCoreWithServer)}`,
  );
  console.log(
    `  media engine CPU per Opus pair (% core): ${f(ours.enginePerPairPercent, 2)} | ${f(wrtc.enginePerPairPercent, 2)} | ${ratio(ours.enginePerPairPercent, wrtc.enginePerPairPercent)} (goal <= 0.8x)`,
  );
  const [om, wm] = [ours.mediaSwitchesPerPair, wrtc.mediaSwitchesPerPair];
  const [ob, wb] = [ours.botSwitchesPerPair, wrtc.botSwitchesPerPair];
  console.log(`  media engine context switches/s per pair: ${f(om, 0)} | ${f(wm, 0)} | ${ratio(om, wm)}`);
  console.log(`  bots' context switches/s per pair (all):  ${f(ob, 0)} | ${f(wb, 0)} | ${ratio(ob, wb)}`);
  console.log(
    `  RSS per added two-way bot (MiB):         ${f(ours.rssPerAddedBotMiB, 2)} | ${f(wrtc.rssPerAddedBotMiB, 2)} (goal <= 8 MB)`,
  );
  // Same-step ratios: the fairest comparison on a shared machine.
  for (const o of results.filter((r) => r.kind === 'ours' && !r.error)) {
    for (const other of results.filter((r) => r.kind !== 'ours' && r.rooms === o.rooms && !r.error)) {
      console.log(
        `  at ${o.rooms} rooms: bot CPU ours/${other.kind} ${(botCpu(o) / botCpu(other)).toFixed(2)}x, ` +
          `media engine ours/${other.kind} ${(mediaCpu(o) / mediaCpu(other)).toFixed(2)}x, ` +
          `media switches ours/${other.kind} ${(mediaSwitches(o) / mediaSwitches(other)).toFixed(2)}x`,
      );
    }
  }
  return { ours, wrtc };
}
