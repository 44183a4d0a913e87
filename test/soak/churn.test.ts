/**
 * Churn: bots join and leave a call for several rounds while A keeps playing
 * a tone to B. After each round every churn bot has left; then the figures are
 * taken: resident memory and open fds of this Node process (SDK and meeting
 * server), of the media engine and of Janus; Janus's sessions and handles
 * (admin API), where its memory sits (main heap or other arenas) and its
 * threads and CPU; the room's participants. After the warm-up (the first half of the rounds):
 * open fds no higher than during the warm-up, Janus sessions, handles and
 * participants exactly where they were, exactly
 * one engine and one Janus running and no ffmpeg; Node's heap (after a full
 * GC; its RSS is printed too, but moves with V8's heap steps) and Janus's
 * RSS flat (< 5 % growth); the engine's live objects (engine.stats: peer
 * connections, tracks, sources, renderers) the same after every round, and
 * its RSS flat too (its highest reading after the warm-up < 5 % above the
 * warm-up's highest: what its heap holds when read swings by several % from
 * round to round): the SDK starts the engine on jemalloc, which
 * gives back at once what the bots that left freed (on glibc's malloc the
 * RSS kept each round's peak: docs/architecture.md, "Engine memory under
 * churn"). The RSS of the engine is printed after a purge too, and Janus's
 * jemalloc figures (through gdb), to tell memory in use from memory malloc
 * keeps. Once everything is closed, no process of ours is left.
 *
 * Short in `npm test` (4 rounds of 10 s, 4 bots at a time); `npm run soak`
 * sets DAILY_NODE_CHURN_ROUNDS, DAILY_NODE_CHURN_ROUND_MS and
 * DAILY_NODE_CHURN_BOTS (bots in the call at once).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { allHandleInfo, sessionCount } from '../../server/test/helpers/janus-admin';
import { engineHost } from '../../src/engine/engine-host';
import type { EngineStats } from '../../src/engine/protocol';
import { tone } from '../helpers/audio';
import {
  cpuSeconds,
  descendants,
  growthPercent,
  memoryKinds,
  openFds,
  rssKiB,
  settledRssKiB,
} from '../helpers/process-figures';
import { formatJemallocStats, jemallocStats, type JemallocStats } from '../helpers/jemalloc-stats';
import { trimmedRssKiB } from '../helpers/malloc-trim';
import { waitFor, waitForAsync } from '../helpers/process';
import { Bot } from '../e2e/helpers/bot';
import { createRoom, startCallServer, type TestServer } from '../e2e/helpers/call-server';
import { CustomAudioSource, CustomAudioTrack, Daily } from '../e2e/helpers/sdk';
import { joinToneLink, type ToneLink } from '../e2e/helpers/tone-link';

const ROUNDS = Number(process.env.DAILY_NODE_CHURN_ROUNDS ?? 4);
const ROUND_MS = Number(process.env.DAILY_NODE_CHURN_ROUND_MS ?? 10_000);
const BOTS_AT_ONCE = Number(process.env.DAILY_NODE_CHURN_BOTS ?? 4);
/**
 * DAILY_NODE_CHURN_JANUS_HEAP=1: read Janus's jemalloc figures every round (gdb attaches for a moment)
 * and, when Janus runs with MALLOC_CONF `prof:true`, dump a heap profile each round (docs/reliability.md).
 */
const JANUS_HEAP_EVERY_ROUND = process.env.DAILY_NODE_CHURN_JANUS_HEAP === '1';
/** Allowed growth of Node's heap and of the engine's and Janus's RSS from the end of the warm-up to the last round. */
const MAX_GROWTH_PERCENT = 5;
const ROOM = 'churn';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

let server: TestServer;
let url: string;
let link: ToneLink | undefined;

interface Figures {
  round: number;
  bots: number;
  /** Events A and B recorded this round (then forgotten). */
  linkEvents?: number;
  nodeRssKiB: number;
  /** V8 heap in use after a full GC: what a leak in JS grows (RSS also moves with V8's heap steps). */
  nodeHeapKiB: number;
  nodeFds: number;
  engineRssKiB: number;
  /** The engine's malloc: bytes handed out and not freed (what a native leak grows), and bytes kept free. */
  engineHeapInUseKiB: number;
  engineHeapFreeKiB: number;
  /** The engine's live objects (peer connections, tracks, sources, renderers...), as one comparable string. */
  engineObjects: string;
  engineFds: number;
  janusRssKiB: number;
  /** Janus's RSS in its main malloc arena (`[heap]`) and in anonymous mappings (other arenas, stacks). */
  janusHeapKiB: number;
  janusAnonKiB: number;
  janusThreads: number;
  /** CPU seconds Janus has used since it started. */
  janusCpuS: number;
  janusFds: number;
  /** Janus's jemalloc figures (DAILY_NODE_CHURN_JANUS_HEAP=1 and gdb present), else undefined. */
  janusJemalloc?: JemallocStats;
  janusSessions: number;
  janusHandles: number;
  participants: number;
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, ROOM);
  link = await joinToneLink(url, 'mic-churn');
}, 60_000);

afterAll(async () => {
  await link?.close();
  await server?.close();
  await Daily.deinit();
});

/** One bot's stay: joins (every other one sending a tone), listens to A for 1–3 s, leaves, is released. */
async function oneStay(n: number): Promise<void> {
  const bot = new Bot(`churn-${n}`);
  let source: CustomAudioSource | undefined;
  let track: CustomAudioTrack | undefined;
  try {
    let microphone: unknown = false;
    if (n % 2 === 0) {
      source = new CustomAudioSource(16000, 1);
      source.writeFrames(tone(300 + n, 5000, 16000, 0.2)).catch(() => undefined);
      track = new CustomAudioTrack(source);
      microphone = { isEnabled: true, settings: { customTrack: { id: track.id } } };
    }
    await bot.client.join(url, { clientSettings: { inputs: { camera: false, microphone } } as never });
    bot.client.setAudioRenderer(link!.a.id, () => undefined, { sampleRate: 16000, callbackIntervalMs: 20 });
    await new Promise((r) => setTimeout(r, 1000 + ((n * 7919) % 2000)));
    await bot.client.leave();
  } finally {
    await bot.client.release();
    // The track must be released too: releasing its source leaves it (and the source) in the engine.
    await track?.release();
    source?.release();
  }
}

/** Keeps BOTS_AT_ONCE bots coming and going until `until`; resolves with how many stays there were. */
async function churn(until: number, first: number): Promise<number> {
  let next = first;
  const slot = async (): Promise<void> => {
    while (Date.now() < until) await oneStay(next++);
  };
  await Promise.all(Array.from({ length: BOTS_AT_ONCE }, slot));
  return next - first;
}

/**
 * The engine's stats once its live objects are `expected` (within 10 s): the
 * last bots' receive tracks go a little after they leave the room. Whatever
 * they are then is returned (and the round-by-round check fails on it).
 */
async function settledEngineStats(expected: string | undefined): Promise<EngineStats> {
  let stats = await engineHost.channel!.request('engine.stats', {});
  const settled = async (): Promise<boolean> => {
    stats = await engineHost.channel!.request('engine.stats', {});
    return liveObjects(stats) === expected;
  };
  if (expected !== undefined) await waitForAsync('the engine objects of the warm-up', settled, 10_000).catch(() => {});
  return stats;
}

async function figures(round: number, bots: number, expectedObjects: string | undefined): Promise<Figures> {
  collectGarbage();
  const engine = engineHost.channel!.info!.pid;
  const stats = await settledEngineStats(expectedObjects);
  const janus = server.janus.embedded!.pid!;
  const janusMemory = memoryKinds(janus);
  return {
    round,
    bots,
    nodeRssKiB: Math.round(process.memoryUsage().rss / 1024),
    nodeHeapKiB: Math.round(process.memoryUsage().heapUsed / 1024),
    nodeFds: openFds(process.pid),
    engineRssKiB: await settledRssKiB(engine),
    engineHeapInUseKiB: Math.round(stats.heapInUseBytes / 1024),
    engineHeapFreeKiB: Math.round(stats.heapFreeBytes / 1024),
    engineObjects: liveObjects(stats),
    engineFds: openFds(engine),
    janusRssKiB: rssKiB(janus),
    janusHeapKiB: janusMemory.heapKiB,
    janusAnonKiB: janusMemory.anonKiB,
    janusThreads: janusMemory.threads,
    janusCpuS: cpuSeconds(janus),
    janusFds: openFds(janus),
    janusJemalloc: JANUS_HEAP_EVERY_ROUND ? jemallocStats(janus, { dumpProfile: true }) : undefined,
    janusSessions: await sessionCount(server.janus.embedded!.admin()),
    janusHandles: (await allHandleInfo(server.janus.embedded!.admin())).length,
    participants: server.rooms.get(ROOM)?.participants.size ?? 0,
  };
}

/** The engine's live object counts, e.g. "pc 2 tr 3 as 1 mx 0 sp 0 ar 1 vs 0 vr 0". */
function liveObjects(s: EngineStats): string {
  const counts = [s.peerConnections, s.tracks, s.audioSources, s.mixers, s.speakers, s.audioRenderers];
  const names = ['pc', 'tr', 'as', 'mx', 'sp', 'ar'];
  return [...counts.map((n, i) => `${names[i]} ${n}`), `vs ${s.videoSources}`, `vr ${s.videoRenderers}`].join(' ');
}

/**
 * A and B record every event they see (a participant joining, updated,
 * leaving...), so the test's own records grow with every stay. Their errors
 * are kept in `errors` (checked at the end, after the figures) and the rest
 * forgotten each round: Node's heap figure is then the SDK's and the
 * server's. Returns how many events there were.
 */
function forgetLinkEvents(round: number, errors: string[]): number {
  let count = 0;
  for (const bot of [link!.a, link!.b]) {
    for (const args of bot.all('error')) errors.push(`round ${round}, ${bot.name}: ${String(args[0])}`);
    count += bot.events.length + bot.handlerEvents.length;
    bot.events.length = 0;
    bot.handlerEvents.length = 0;
  }
  return count;
}

/** Our helper processes by kind (engine, Janus, ffmpeg), as seen in /proc. */
function helperProcesses(): Record<'engine' | 'janus' | 'ffmpeg', number> {
  const all = descendants(process.pid);
  return {
    engine: all.filter((p) => p.comm.startsWith('daily-node-engi')).length,
    janus: all.filter((p) => p.comm === 'janus').length,
    ffmpeg: all.filter((p) => p.comm === 'ffmpeg').length,
  };
}

it(
  `${ROUNDS} rounds of ${ROUND_MS} ms with ${BOTS_AT_ONCE} bots at once: figures flat after warm-up, nothing left`,
  async () => {
    const rounds: Figures[] = [];
    const linkErrors: string[] = [];
    let stays = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const stayed = await churn(Date.now() + ROUND_MS, stays);
      stays += stayed;
      await waitFor('the churn bots gone from the room', () => server.rooms.get(ROOM)?.participants.size === 2, 10_000);
      const since = Date.now();
      await waitFor(`round ${round}: B still hears A`, () => link!.heard.heardSince(since), 10_000);
      const linkEvents = forgetLinkEvents(round, linkErrors);
      const r = { ...(await figures(round, stayed, rounds[0]?.engineObjects)), linkEvents };
      rounds.push(r);
      // One line a round as it goes, so that a long run's figures are readable before it ends.
      console.log(
        `[churn] round ${round}: ${stayed} stays; RSS KiB node ${r.nodeRssKiB} engine ${r.engineRssKiB} ` +
          `janus ${r.janusRssKiB}; heap KiB node ${r.nodeHeapKiB} engine ${r.engineHeapInUseKiB}; ` +
          `fds ${r.nodeFds}/${r.engineFds}/${r.janusFds}; janus handles ${r.janusHandles}; load ${os.loadavg()[0]!.toFixed(1)}`,
      );
      if (r.janusJemalloc)
        console.log(`[churn] round ${round}: Janus jemalloc ${formatJemallocStats(r.janusJemalloc)}`);
      expect(helperProcesses(), `round ${round}`).toEqual({ engine: 1, janus: 1, ffmpeg: 0 });
    }
    console.log(`[churn] ${stays} bot stays in ${ROUNDS} rounds, ${BOTS_AT_ONCE} at once`);
    console.table(rounds);
    const warmUp = Math.max(1, Math.floor(ROUNDS / 2));
    const warm = rounds[warmUp - 1]!;
    const last = rounds.at(-1)!;
    const staysAfterWarmUp = rounds.slice(warmUp).reduce((n, r) => n + r.bots, 0);
    // The engine's RSS is checked by its peak: what its heap holds at the moment of reading swings by a few
    // MiB from round to round (which bots' buffers are still being freed), several % of a 50 MiB engine, so
    // one round against another measures that swing; a leak raises the highest reading round after round.
    const peak = (rs: Figures[]): number => Math.max(...rs.map((r) => r.engineRssKiB));
    const growth = {
      nodeHeap: growthPercent(warm.nodeHeapKiB, last.nodeHeapKiB),
      nodeRss: growthPercent(warm.nodeRssKiB, last.nodeRssKiB),
      janusRss: growthPercent(warm.janusRssKiB, last.janusRssKiB),
      engineRss: growthPercent(warm.engineRssKiB, last.engineRssKiB),
      engineRssPeak: growthPercent(peak(rounds.slice(0, warmUp)), peak(rounds.slice(warmUp))),
      engineHeapInUse: growthPercent(warm.engineHeapInUseKiB, last.engineHeapInUseKiB),
    };
    const perStay = (kiB: number): number => kiB / Math.max(1, staysAfterWarmUp);
    const engineKiBPerStay = perStay(last.engineRssKiB - warm.engineRssKiB);
    const engineHeapKiBPerStay = perStay(last.engineHeapInUseKiB - warm.engineHeapInUseKiB);
    const rounded = JSON.stringify(growth, (_k, v: unknown) => (typeof v === 'number' ? +v.toFixed(1) : v));
    console.log(
      `[churn] growth after ${warmUp} warm-up round(s), %: ${rounded}; ` +
        `engine RSS ${engineKiBPerStay.toFixed(1)}, heap in use ${engineHeapKiBPerStay.toFixed(1)} KiB ` +
        `per bot stay (${staysAfterWarmUp} stays); Janus CPU ` +
        `${((last.janusCpuS - warm.janusCpuS) / Math.max(1, staysAfterWarmUp)).toFixed(3)} s per bot stay`,
    );
    // How much of the engine's RSS is memory malloc keeps free (allocator) rather than memory in use.
    const trimmed = await engineHost.channel!.request('engine.stats', { trimHeap: true });
    console.log(
      `[churn] engine allocator ${engineHost.allocator}; RSS ${last.engineRssKiB} KiB, ${trimmed.rssKiB} KiB after ` +
        `a purge; heap in use ${Math.round(trimmed.heapInUseBytes / 1024)} KiB, kept free ` +
        `${Math.round(trimmed.heapFreeBytes / 1024)} KiB`,
    );
    // The same for Janus (through gdb, if present): memory its malloc keeps free rather than memory in use.
    const janusPid = server.janus.embedded!.pid!;
    const jemallocMapped = fs.readFileSync(`/proc/${janusPid}/maps`, 'utf8').includes('libjemalloc');
    console.log(`[churn] Janus allocator ${server.janus.embedded!.allocator} (jemalloc mapped: ${jemallocMapped})`);
    // On jemalloc, malloc_trim is glibc's and tells nothing: jemalloc's own figures say what Janus holds.
    const janusRss = rssKiB(janusPid);
    if (jemallocMapped) {
      const stats = jemallocStats(janusPid);
      if (stats) console.log(`[churn] Janus RSS ${janusRss} KiB; jemalloc ${formatJemallocStats(stats)}`);
    } else {
      const trimmed = trimmedRssKiB(janusPid);
      if (trimmed !== undefined)
        console.log(`[churn] Janus RSS ${janusRss} KiB, ${trimmed} KiB after malloc_trim (gdb)`);
    }
    expect(growth.nodeHeap, 'Node heap growth, %').toBeLessThan(MAX_GROWTH_PERCENT);
    expect(growth.janusRss, 'Janus RSS growth, %').toBeLessThan(MAX_GROWTH_PERCENT);
    expect(engineHost.allocator, 'the engine on jemalloc (libjemalloc2, scripts/lib/packages.sh)').toBe('jemalloc');
    expect(growth.engineRssPeak, 'engine RSS: growth of its peak after the warm-up, %').toBeLessThan(
      MAX_GROWTH_PERCENT,
    );
    // Open fds may still include sockets of the last bots closing; they must not grow past the warm-up's.
    for (const key of ['nodeFds', 'engineFds', 'janusFds'] as const) {
      const seenInWarmUp = Math.max(...rounds.slice(0, warmUp).map((r) => r[key]));
      expect(last[key], key).toBeLessThanOrEqual(seenInWarmUp);
    }
    for (const key of ['janusSessions', 'janusHandles'] as const)
      expect(
        rounds.map((r) => r[key]),
        key,
      ).toEqual(rounds.map(() => warm[key]));
    // Every bot's connections, tracks, sources and renderers are gone once it has left and been released.
    expect(
      rounds.map((r) => r.engineObjects),
      'engine live objects',
    ).toEqual(rounds.map(() => warm.engineObjects));
    for (const r of rounds) expect(r.participants, `round ${r.round}: participants`).toBe(2);
    expect(linkErrors, 'error events of A and B').toEqual([]);

    // Everything closed: no engine, Janus or ffmpeg of ours is left running.
    await link!.close();
    link = undefined;
    await server.close();
    await Daily.deinit();
    await waitFor('no helper process left', () => Object.values(helperProcesses()).every((n) => n === 0), 10_000);
  },
  120_000 + ROUNDS * (ROUND_MS + 20_000),
);
