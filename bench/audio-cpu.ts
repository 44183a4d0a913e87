/**
 * Engine CPU per loopback audio stream pair, the setup of libwebrtc-notes §7:
 * each pair is two peer connections in the one engine, each sending one Opus
 * stream (a 16 kHz custom audio source playing a tone, pushed by the engine's
 * pacer) and receiving the other's; the virtual ADM's playout clock mixes
 * everything into the selected 16 kHz speaker. CPU is the engine process's
 * user + system time (from /proc) over a steady-state window.
 *
 *   npm run bench:audio-cpu [-- <pairs list, default 1,10> <seconds, default 10> <rounds, default 3>]
 *
 * Each case runs in a fresh engine `rounds` times; the lowest figure is the
 * one compared (other load on the machine only ever adds CPU time).
 *
 * Reference (raw libwebrtc spike, same machine class): 5.8 % of a core for
 * 1 pair, 38.4 % for 10 pairs. Goal: within 10 %.
 */
import { CustomAudioSource, CustomAudioTrack, Daily } from '../src';
import { engineHost } from '../src/engine/engine-host';
import { tone } from '../test/helpers/audio';
import type { PeerConnection } from '../src/media/peer/peer-connection';
import { connectPair } from '../test/helpers/peer-pair';
import { processCpuSeconds } from './video-cpu-lib';

const RATE = 16000;
const REFERENCE: Record<number, number> = { 1: 5.8, 10: 38.4 };
const pairsList = (process.argv[2] ?? '1,10').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 10);
const rounds = Number(process.argv[4] ?? 3);
const WARMUP_MS = 2000;

interface Result {
  percent: number;
  /** Inbound audio streams that carried audio during the window, and their mean rate. */
  flowing: number;
  meanKbps: number;
}

async function measure(pairs: number): Promise<Result> {
  await Daily.init();
  Daily.createSpeakerDevice('bench-speaker', { sampleRate: RATE });
  await Daily.selectSpeakerDevice('bench-speaker');
  const audio = tone(440, (seconds + 5) * 1000, RATE, 0.3);
  const connections: PeerConnection[] = [];
  for (let i = 0; i < pairs; i++) {
    const a = new CustomAudioSource(RATE, 1);
    const b = new CustomAudioSource(RATE, 1);
    const aTrack = new CustomAudioTrack(a);
    const bTrack = new CustomAudioTrack(b);
    const pair = await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack(aTrack.id);
      await receiver.addTrack(bTrack.id);
    });
    connections.push(pair.sender, pair.receiver);
    a.writeFrames(audio, () => undefined);
    b.writeFrames(audio, () => undefined);
  }
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const pid = engineHost.channel!.pid;
  for (const pc of connections) await pc.getStats();
  const cpu0 = processCpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = processCpuSeconds(pid) - cpu0;
  const wall = (performance.now() - t0) / 1000;
  const rates: number[] = [];
  for (const pc of connections) {
    for (const s of (await pc.getStats()).inbound) if (s.bitrateBps > 5000) rates.push(s.bitrateBps);
  }
  await Daily.deinit();
  const meanKbps = rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length) / 1000;
  return { percent: (100 * cpu) / wall, flowing: rates.length, meanKbps };
}

async function main(): Promise<void> {
  console.log(`audio CPU: engine process, ${seconds} s steady state after ${WARMUP_MS} ms, Opus 16 kHz mono both ways`);
  for (const pairs of pairsList) {
    const results: Result[] = [];
    for (let r = 0; r < rounds; r++) results.push(await measure(pairs));
    const { percent, flowing, meanKbps } = results.reduce((best, r) => (r.percent < best.percent ? r : best));
    const all = results.map((r) => r.percent.toFixed(1)).join(', ');
    const ref = REFERENCE[pairs];
    const vs = ref ? `  (spike: ${ref.toFixed(1)} %, ${(((percent - ref) / ref) * 100).toFixed(0)} % difference)` : '';
    console.log(
      `  ${String(pairs).padStart(2)} pair(s): ${percent.toFixed(1)} % of a core, ${(percent / pairs).toFixed(2)} % per pair${vs}`,
    );
    console.log(
      `           rounds: ${all} %; ${flowing} of ${2 * pairs} inbound streams flowing, ${meanKbps.toFixed(1)} kbit/s each on average`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
