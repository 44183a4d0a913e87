/**
 * Slow consumers: a bot in its own process (test/fixtures/slow-consumer-bot.js)
 * whose audio renderer callback blocks 500 ms every time (20 ms of audio per
 * callback, so it can take 1 in 25) and whose event handler and listeners
 * throw on every event. Meanwhile A speaks and B's VAD listens:
 *
 * - B's speech ratio stays within 10 % of what it was before the slow bot came;
 * - the slow bot's call still works (it answers app-message pings);
 * - its backlog is bounded: audio reaching its callback is never more than
 *   about 2 s late (stale blocks are dropped: the gaps between the
 *   timestamps its callback sees count them), its engine's memory stays flat (< 5 %) and its Node process's
 *   within V8's heap steps (< 10 %).
 *
 * The callback blocks with Atomics.wait, not a busy loop: on a 2-core machine
 * a spinning process would slow everyone by taking a core, which is not what
 * is tested here.
 *
 * DAILY_NODE_SLOW_MS sets how long the slow bot runs (default 16 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { fliteSpeech } from '../helpers/pcm-signals';
import { descendants, growthPercent, rssKiB } from '../helpers/process-figures';
import { waitFor, waitForProcessGone } from '../helpers/process';
import { Bot } from '../e2e/helpers/bot';
import { createRoom, startCallServer, type TestServer } from '../e2e/helpers/call-server';
import { Daily } from '../e2e/helpers/sdk';
import { SpeechListener } from '../e2e/helpers/speech-listener';
import { keepPlaying, type PlayingTone } from '../e2e/helpers/tone-link';

const RUN_MS = Number(process.env.DAILY_NODE_SLOW_MS ?? 16_000);
const PING_EVERY_MS = 2000;
/** The renderer drops audio more than 2 s late; a 500 ms callback and a busy machine come on top. */
const MAX_LATE_MS = 3500;

let server: TestServer;
let url: string;
let a: Bot;
let b: Bot;
let playing: PlayingTone | undefined;
let listener: SpeechListener;
let slow: ChildProcess | undefined;

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, 'slow-consumers');
  const speech = fliteSpeech('Every bot keeps hearing the others, whatever one of them does wrong.', 16000);
  playing = keepPlaying(Daily.createMicrophoneDevice('mic-slow'), Buffer.concat([speech, Buffer.alloc(32000)]));
  a = new Bot('A');
  b = new Bot('B');
  const microphone = { isEnabled: true, settings: { deviceId: 'mic-slow' } };
  await a.client.join(url, { clientSettings: { inputs: { camera: false, microphone } } });
  await b.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
  listener = new SpeechListener(b.client, a.id);
  await listener.waitSpeech(500);
}, 60_000);

afterAll(async () => {
  if (slow?.pid && slow.exitCode === null) {
    slow.kill('SIGKILL');
    await waitForProcessGone(slow.pid).catch(() => undefined);
  }
  playing?.stop();
  for (const bot of [a, b]) await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

/** Share of the time from `since` in which B's VAD heard A speak. */
function ratioSince(since: { at: number; speechMs: number }): number {
  return (listener.speechMs - since.speechMs) / (Date.now() - since.at);
}

interface Pong {
  callbacks: number;
  skipped: number;
  lateMs: number;
  rssKiB: number;
  /** V8 heap in use in the slow bot's process. */
  heapKiB: number;
}

/** "first → at a third → last (max)" of a series of KiB figures. */
function startToEnd(kiB: number[]): string {
  const mib = (n: number): string => (n / 1024).toFixed(1);
  const third = kiB[Math.floor(kiB.length / 3)]!;
  return `${mib(kiB[0]!)} → ${mib(third)} → ${mib(kiB.at(-1)!)} MiB (max ${mib(Math.max(...kiB))})`;
}

it(
  'a renderer blocking 500 ms and handlers that throw: others unaffected, its backlog and memory bounded',
  async () => {
    const clean = { at: Date.now(), speechMs: listener.speechMs };
    await new Promise((r) => setTimeout(r, RUN_MS / 2));
    const cleanRatio = ratioSince(clean);

    const fixture = path.join(__dirname, '../fixtures/slow-consumer-bot.js');
    slow = spawn(process.execPath, [fixture, url, a.id], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    slow.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    slow.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const slowId = (await waitFor('the slow bot joined', () => /joined (\S+)/.exec(stdout)?.[1], 30_000).catch(
      (e: Error) => {
        console.log(
          `slow bot (exit ${slow?.exitCode}): ${stderr
            .split('\n')
            .filter((l) => !/webrtc/.test(l))
            .join('\n')}`,
        );
        throw e;
      },
    ))!;

    const during = { at: Date.now(), speechMs: listener.speechMs };
    const pongs: Pong[] = [];
    const rss: Array<{ node: number; engine: number }> = [];
    const mark = a.mark;
    const end = Date.now() + RUN_MS;
    // Counted, not derived from RUN_MS: on a busy machine a round of the loop takes longer than PING_EVERY_MS.
    let pings = 0;
    while (Date.now() < end) {
      await a.client.sendAppMessage('ping', { participantId: slowId });
      pings++;
      await new Promise((r) => setTimeout(r, PING_EVERY_MS));
      const engine = descendants(slow.pid!).find((p) => p.comm.startsWith('daily-node-engi'));
      rss.push({ node: rssKiB(slow.pid!), engine: engine ? rssKiB(engine.pid) : 0 });
    }
    const duringRatio = ratioSince(during);
    await waitFor('the last pong', () => a.all('app-message').length >= pings - 1, 10_000).catch((e: Error) => {
      console.log(`slow bot: ${a.all('app-message').length} pongs; its stderr ends: ${stderr.slice(-3000)}`);
      throw e;
    });
    for (const [message, from] of a.events
      .slice(mark)
      .filter((e) => e.event === 'app-message')
      .map((e) => e.args)) {
      if (from === slowId) pongs.push((message as { pong: Pong }).pong);
    }
    const dropped = pongs.at(-1)?.skipped ?? 0;
    const thrown = stderr.split('\n').filter((l) => /bug in the app/.test(l)).length;
    const lates = pongs.slice(1).map((p) => Math.round(p.lateMs));
    const third = Math.floor(rss.length / 3);
    console.log(
      `[slow-consumers] B's speech ratio: before ${cleanRatio.toFixed(3)}, during ${duringRatio.toFixed(3)}; ` +
        `slow bot: ${pongs.at(-1)?.callbacks} callbacks, ${dropped} blocks dropped, ` +
        `latest audio at its callback ${lates.join('/')} ms late, ${thrown} handler exceptions reported, ` +
        `${pongs.length} pongs to ${pings} pings; ` +
        `over ${RUN_MS / 1000} s (start → a third in → end): Node RSS ${startToEnd(rss.map((r) => r.node))}, ` +
        `Node heap ${startToEnd(pongs.map((p) => p.heapKiB))}, engine RSS ${startToEnd(rss.map((r) => r.engine))}`,
    );
    expect(slow.exitCode).toBeNull(); // throwing handlers did not bring it down
    expect(pongs.length).toBeGreaterThanOrEqual(pings - 1);
    expect(thrown).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
    expect(Math.max(...lates)).toBeLessThanOrEqual(MAX_LATE_MS);
    // V8 grows its heap in steps of a few MiB; the bound on lateness above is what shows the queue bounded.
    expect(growthPercent(rss[third]!.node, rss.at(-1)!.node)).toBeLessThan(10);
    expect(growthPercent(rss[third]!.engine, rss.at(-1)!.engine)).toBeLessThan(5);
    // Two windows of the same speech differ by a few percent on their own (up to 10 % seen in CI with
    // nothing slow in the call); a starved or disturbed call loses far more than 20 %.
    expect(Math.abs(duringRatio - cleanRatio) / cleanRatio).toBeLessThanOrEqual(0.2);
    for (const bot of [a, b]) expect(bot.all('error')).toEqual([]);
  },
  3 * RUN_MS + 60_000,
);
