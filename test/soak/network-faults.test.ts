/**
 * Network faults on the media path, made with iptables in the private
 * network namespace of scripts/netns-run. This kernel has no sch_netem (it is
 * built without it and without module support), so no `tc netem`: iptables'
 * `statistic` match drops packets at random, and an NFQUEUE rule hands packets
 * to test/helpers/nfqueue-delay.py, which delays and reorders them.
 * A speaks a flite sentence over and over; B counts the speech WebRTC's VAD
 * hears. Only UDP is dropped (all media; signaling and Janus's API are TCP),
 * on the INPUT hook, so every media packet between the engine and Janus
 * (both directions, both legs A→Janus→B) is exposed to it once per hop.
 *
 * - 5 % loss: B's speech ratio within 10 % of the clean one.
 * - 5 % loss, 30 ± 10 ms delay and 1 % reordered, per hop: the same.
 * - 10 s blackout (every UDP packet dropped): the call recovers by itself,
 *   B hears speech again, nobody leaves, no error.
 *
 * DAILY_NODE_NET_WINDOW_MS sets each measuring window (default 12 s), made a
 * whole number of A's sentence-and-pause cycles: a window cutting a cycle
 * counts more or less speech depending on where it starts (a clean window of
 * 0.54 against 0.63 was seen), which is not what the faults do.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { startDelayQueue } from '../helpers/delay-queue';
import { fliteSpeech } from '../helpers/pcm-signals';
import { waitFor } from '../helpers/process';
import { Bot } from '../e2e/helpers/bot';
import { createRoom, startCallServer, type TestServer } from '../e2e/helpers/call-server';
import { Daily } from '../e2e/helpers/sdk';
import { SpeechListener } from '../e2e/helpers/speech-listener';
import { keepPlaying, type PlayingTone } from '../e2e/helpers/tone-link';

const WINDOW_MS = Number(process.env.DAILY_NODE_NET_WINDOW_MS ?? 12_000);
const LOSS = 0.05;
const BLACKOUT_MS = 10_000;
/** Delay, jitter and reordering per hop, as `tc netem delay 30ms 10ms reorder 1%` would give. */
const DELAY_MS = 30;
const JITTER_MS = 10;
const REORDER = 0.01;
/** A rule that drops UDP packets arriving in the namespace (with `-m statistic` for random loss). */
const UDP_IN = ['INPUT', '-p', 'udp'];

let server: TestServer;
let a: Bot;
let b: Bot;
let playing: PlayingTone | undefined;
let listener: SpeechListener;
/** One sentence and its pause, ms (set once the sentence is made). */
let cycleMs = 1;

function iptables(...args: string[]): void {
  execFileSync('iptables', ['-w', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A measuring window: whole cycles, about `WINDOW_MS`. */
function windowMs(): number {
  return Math.max(1, Math.round(WINDOW_MS / cycleMs)) * cycleMs;
}

/** Share of a window in which B's VAD heard A speak. */
async function speechRatio(): Promise<number> {
  const before = listener.speechMs;
  const at = Date.now();
  await new Promise((r) => setTimeout(r, windowMs()));
  return (listener.speechMs - before) / (Date.now() - at);
}

beforeAll(async () => {
  if (process.env.DAILY_NODE_NETNS !== '1')
    throw new Error('run this file inside scripts/netns-run (it changes iptables)');
  await Daily.init();
  server = await startCallServer();
  const url = await createRoom(server, 'network-faults');
  // "...", then a second of silence: about 3 s of speech every 4–5 s.
  const sentence = 'The quick brown fox jumps over the lazy dog near the river bank.';
  const speech = Buffer.concat([fliteSpeech(sentence, 16000), Buffer.alloc(16000 * 2)]);
  cycleMs = (speech.length / 2 / 16000) * 1000;
  playing = keepPlaying(Daily.createMicrophoneDevice('mic-net'), speech);
  a = new Bot('A');
  b = new Bot('B');
  const microphone = { isEnabled: true, settings: { deviceId: 'mic-net' } };
  await a.client.join(url, { clientSettings: { inputs: { camera: false, microphone } } });
  await b.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
  listener = new SpeechListener(b.client, a.id);
  await listener.waitSpeech(500);
}, 60_000);

afterAll(async () => {
  try {
    iptables('-F', 'INPUT');
  } catch {
    // no iptables: nothing was added
  }
  playing?.stop();
  for (const bot of [a, b]) await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

it(
  `${LOSS * 100} % random UDP loss: B's VAD speech ratio within 10 % of the clean one`,
  async () => {
    const clean = await speechRatio();
    iptables('-A', ...UDP_IN, '-m', 'statistic', '--mode', 'random', '--probability', String(LOSS), '-j', 'DROP');
    let lossy: number;
    try {
      lossy = await speechRatio();
    } finally {
      iptables('-F', 'INPUT');
    }
    console.log(
      `[network] speech ratio over ${Math.round(windowMs())} ms: clean ${clean.toFixed(3)}, ` +
        `${LOSS * 100} % UDP loss per hop ${lossy.toFixed(3)} (${(((lossy - clean) / clean) * 100).toFixed(1)} %)`,
    );
    expect(clean).toBeGreaterThan(0.3);
    expect(Math.abs(lossy - clean) / clean).toBeLessThanOrEqual(0.1);
  },
  3 * WINDOW_MS + 30_000,
);

it(
  `${LOSS * 100} % loss, ${DELAY_MS} ± ${JITTER_MS} ms delay, ${REORDER * 100} % reordered: ` +
    'speech ratio within 10 % of the clean one',
  async () => {
    const clean = await speechRatio();
    const queue = await startDelayQueue({
      queue: 0,
      delayMs: DELAY_MS,
      jitterMs: JITTER_MS,
      reorder: REORDER,
      seed: 15,
    });
    iptables('-A', ...UDP_IN, '-m', 'statistic', '--mode', 'random', '--probability', String(LOSS), '-j', 'DROP');
    // --queue-bypass: were the queue to go away, packets would pass rather than stop.
    iptables('-A', ...UDP_IN, '-j', 'NFQUEUE', '--queue-num', '0', '--queue-bypass');
    let impaired: number;
    try {
      impaired = await speechRatio();
    } finally {
      iptables('-F', 'INPUT');
    }
    const queued = await queue.stop();
    console.log(
      `[network] speech ratio over ${Math.round(windowMs())} ms: clean ${clean.toFixed(3)}, ${LOSS * 100} % loss + ` +
        `${DELAY_MS} ± ${JITTER_MS} ms + ${REORDER * 100} % reordered per hop ${impaired.toFixed(3)} ` +
        `(${(((impaired - clean) / clean) * 100).toFixed(1)} %); ${queued.packets} packets queued, ` +
        `${queued.reordered} reordered, mean delay ${queued.meanDelayMs.toFixed(1)} ms`,
    );
    // The impairment was real: audio alone is 50 packets a second each way on each hop.
    expect(queued.packets).toBeGreaterThan((WINDOW_MS / 1000) * 100);
    expect(queued.reordered).toBeGreaterThan(0);
    expect(queued.meanDelayMs).toBeGreaterThan(DELAY_MS - 2);
    expect(clean).toBeGreaterThan(0.3);
    expect(Math.abs(impaired - clean) / clean).toBeLessThanOrEqual(0.1);
  },
  3 * WINDOW_MS + 30_000,
);

it(
  `a ${BLACKOUT_MS / 1000} s blackout of all UDP: the call recovers by itself, nobody leaves, no error`,
  async () => {
    const marks = [a.mark, b.mark];
    iptables('-A', ...UDP_IN, '-j', 'DROP');
    const start = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
    const duringBefore = listener.speechMs;
    await new Promise((r) => setTimeout(r, BLACKOUT_MS - 1000));
    const heardDuring = listener.speechMs - duringBefore;
    iptables('-F', 'INPUT');
    const liftedAt = Date.now();
    const before = listener.speechMs;
    await waitFor('speech at B after the blackout', () => listener.speechMs >= before + 500, 20_000);
    const backMs = Date.now() - liftedAt;
    console.log(
      `[network] ${Date.now() - start - backMs} ms blackout: speech heard during it ${heardDuring} ms, ` +
        `500 ms of speech again ${backMs} ms after it ended`,
    );
    expect(heardDuring).toBe(0); // the blackout was real
    for (const [k, bot] of [a, b].entries()) {
      expect(bot.events.slice(marks[k]).filter((e) => e.event === 'error' || e.event === 'participant-left')).toEqual(
        [],
      );
      expect(bot.client.callState()).toBe('joined');
    }
  },
  BLACKOUT_MS + 60_000,
);
