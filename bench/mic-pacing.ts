/**
 * Microphone pacing with a busy event loop: a virtual microphone (16 kHz mono,
 * non-blocking) is kept about 2 s ahead while the JavaScript thread is blocked
 * for 200 ms every second, and its track is sent over a loopback peer
 * connection. The engine measures, for every 10 ms frame it pushes, the
 * interval since the previous one and its lateness against the ideal 10 ms
 * grid; underruns are frames it could not fill while audio was expected.
 *
 *   npm run bench:mic-pacing [-- <seconds, default 20>]
 *
 * Goal: 0 underruns, interval jitter p99 <= 2 ms.
 */
import { Daily } from '../src';
import { tone } from '../test/helpers/audio';
import { connectPair } from '../test/helpers/peer-pair';

const RATE = 16000;
const AHEAD_MS = 2000;
const CHUNK_MS = 100;
const BLOCK_MS = 200;
const seconds = Number(process.argv[2] ?? 20);

function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: no timers, no I/O callbacks, no writes
  }
}

async function main(): Promise<void> {
  await Daily.init();
  const mic = Daily.createMicrophoneDevice('bench-mic', { sampleRate: RATE, nonBlocking: true });
  await connectPair(async ({ sender }) => {
    await sender.addTrack(mic.trackId);
  });
  const chunk = tone(440, CHUNK_MS, RATE, 0.3);
  const topUp = (): void => {
    while (mic.queuedDurationMs < AHEAD_MS) void mic.writeFrames(chunk);
  };
  topUp();
  await new Promise((r) => setTimeout(r, 500));
  await mic.pacingStats(true); // measure from here on
  const writer = setInterval(topUp, 20);
  const blocker = setInterval(() => blockEventLoop(BLOCK_MS), 1000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(writer);
  clearInterval(blocker);
  const s = await mic.pacingStats();
  const engineSeconds = s.frames / 100;
  console.log(
    `mic pacing: ${seconds} s, 16 kHz mono, ${AHEAD_MS} ms written ahead, event loop blocked ${BLOCK_MS} ms every second`,
  );
  console.log(
    `  frames pushed          ${s.frames} (${s.audioFrames} audio, ${s.silentFrames} silence) over ${engineSeconds.toFixed(1)} s`,
  );
  console.log(`  underruns              ${s.underruns}`);
  console.log(
    `  interval jitter |dt-10ms|  p50 ${s.intervalJitterP50Ms.toFixed(3)} ms  p99 ${s.intervalJitterP99Ms.toFixed(3)} ms  max ${s.intervalJitterMaxMs.toFixed(3)} ms`,
  );
  console.log(
    `  lateness vs 10 ms grid     p50 ${s.latenessP50Ms.toFixed(3)} ms  p99 ${s.latenessP99Ms.toFixed(3)} ms  max ${s.latenessMaxMs.toFixed(3)} ms`,
  );
  console.log(`  clock resets           ${s.clockResets}  (real-time scheduling: ${s.realtimeClock ? 'yes' : 'no'})`);
  console.log(`  queued at the end      ${s.queuedMs} ms`);
  const ok = s.underruns === 0 && s.intervalJitterP99Ms <= 2;
  console.log(`  goal (0 underruns, p99 <= 2 ms): ${ok ? 'met' : 'NOT met'}`);
  await mic.clear();
  await Daily.deinit();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
