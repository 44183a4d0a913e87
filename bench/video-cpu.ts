/**
 * CPU cost of video in the media engine, 640x480 at 30 fps, 10 s steady state.
 *
 * 1. Renderer transport: a virtual camera's frames go to a renderer on its own
 *    track (no codec): RGBA → I420 in the engine, I420 → RGBA, the data frame
 *    to JS, the ack back. Engine CPU, Node CPU and the delay from the engine
 *    receiving a frame to the callback.
 * 2. Video pair: the camera is sent over one peer connection and received by
 *    another in the same engine (VP8, inside the network namespace); engine
 *    CPU from /proc (what getrusage counts), next to the raw libwebrtc spike's
 *    figure: 1.9 s CPU over 10.3 s for the same pair, its pattern generation
 *    included (libwebrtc-notes §3). Run without and with an RGBA renderer on
 *    the received track, and once with the encoder at 480x360, the size the
 *    spike's encoder had scaled down to in that run.
 *
 * Run: npm run bench:video-cpu [-- 1 2a 2b 2c]   (default: every case)
 */
import { Daily, type VideoFrame } from '../src';
import { engineHost } from '../src/engine/engine-host';
import type { RemoteTrackEvent } from '../src/media/peer/peer-connection';
import { VideoRenderer } from '../src/media/video/video-renderer';
import { connectPair } from '../test/helpers/peer-pair';
import { cameraLikeFrames, nodeCpuSeconds, pacedLoop, processCpuSeconds, sleep } from './video-cpu-lib';

const WIDTH = 640;
const HEIGHT = 480;
const FPS = 30;
const WARMUP_MS = 3000;
const MEASURE_MS = 10_000;
const SPIKE = { cpuSeconds: 1.9, wallSeconds: 10.3 };

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

const pct = (cpu: number, wall: number): string => `${((100 * cpu) / wall).toFixed(1)} %`;

/** CPU of the engine and of Node over `ms`. */
async function measure(ms: number): Promise<{ engine: number; node: number; seconds: number }> {
  const pid = engineHost.channel!.pid;
  const engine0 = processCpuSeconds(pid);
  const node0 = nodeCpuSeconds();
  const t0 = performance.now();
  await sleep(ms);
  return {
    engine: processCpuSeconds(pid) - engine0,
    node: nodeCpuSeconds() - node0,
    seconds: (performance.now() - t0) / 1000,
  };
}

async function rendererTransport(frames: Buffer[]): Promise<void> {
  const camera = Daily.createCameraDevice('bench-cam', WIDTH, HEIGHT);
  await camera.ready();
  let received = 0;
  let measuring = false;
  const delaysMs: number[] = [];
  const renderer = new VideoRenderer(camera.trackId, (f: VideoFrame) => {
    received++;
    if (measuring) delaysMs.push(Date.now() - f.timestampUs / 1000);
  });
  await renderer.ready();
  const writer = pacedLoop(1000 / FPS, (i) => camera.writeFrame(frames[i % frames.length]));
  await sleep(WARMUP_MS);
  const received0 = received;
  const dropped0 = renderer.framesDropped;
  measuring = true;
  const cpu = await measure(MEASURE_MS);
  measuring = false;
  writer.stop();
  delaysMs.sort((a, b) => a - b);
  console.log('1. renderer transport: 640x480 RGBA camera -> RGBA renderer on its local track, no codec');
  console.log(
    `   frames delivered ${received - received0} in ${cpu.seconds.toFixed(1)} s, dropped ${renderer.framesDropped - dropped0}`,
  );
  console.log(`   engine CPU ${cpu.engine.toFixed(2)} s = ${pct(cpu.engine, cpu.seconds)} of a core`);
  console.log(
    `   node CPU   ${cpu.node.toFixed(2)} s = ${pct(cpu.node, cpu.seconds)} of a core (writing and receiving)`,
  );
  console.log(
    `   engine receive -> JS callback: p50 ${percentile(delaysMs, 0.5).toFixed(1)} ms, p99 ${percentile(delaysMs, 0.99).toFixed(1)} ms`,
  );
  await renderer.stop();
  await camera.release();
}

interface PairCase {
  label: string;
  withRenderer: boolean;
  /** Encoder downscale, e.g. 4/3 sends 480x360 as the spike's encoder ended up doing. */
  scaleDownBy?: number;
}

async function videoPair(frames: Buffer[], { label, withRenderer, scaleDownBy }: PairCase): Promise<void> {
  const camera = Daily.createCameraDevice(`bench-pair-${label}`, WIDTH, HEIGHT);
  await camera.ready();
  const writer = pacedLoop(1000 / FPS, (i) => camera.writeFrame(frames[i % frames.length]));
  const remote: RemoteTrackEvent[] = [];
  const { sender, receiver } = await connectPair(async (pair) => {
    await pair.sender.addTrack(
      camera.trackId,
      scaleDownBy ? { sendEncodings: [{ scaleResolutionDownBy: scaleDownBy }] } : {},
    );
    await pair.sender.setBitrate({ startBitrateBps: 1_000_000 }); // start at full size (libwebrtc-notes §3)
    pair.receiver.on('track', (e) => remote.push(e));
  });
  let rendered = 0;
  const renderer = withRenderer ? new VideoRenderer(remote[0].trackId, () => rendered++) : undefined;
  await renderer?.ready();
  await sleep(WARMUP_MS);
  const inbound0 = (await receiver.getStats()).inbound.find((s) => s.kind === 'video');
  await sender.getStats(); // starts the bitrate interval
  const rendered0 = rendered;
  const cpu = await measure(MEASURE_MS);
  const inbound = (await receiver.getStats()).inbound.find((s) => s.kind === 'video');
  const outbound = (await sender.getStats()).outbound.find((s) => s.kind === 'video');
  writer.stop();
  const decoded = (inbound?.framesDecoded ?? 0) - (inbound0?.framesDecoded ?? 0);
  const what = [withRenderer ? 'RGBA renderer on the received track' : 'no renderer'];
  if (scaleDownBy) what.push(`encoder scaled down by ${scaleDownBy.toFixed(2)} (as the spike's run)`);
  console.log(`${label}. video pair, VP8 640x480@30 camera-like content, ${what.join(', ')}`);
  console.log(
    `   sent ${outbound?.frameWidth}x${outbound?.frameHeight} at ${(outbound!.bitrateBps / 1e6).toFixed(2)} Mbps` +
      ` (limited by: ${outbound?.qualityLimitationReason ?? '?'}); decoded ${(decoded / cpu.seconds).toFixed(1)} fps` +
      ` at ${inbound?.frameWidth}x${inbound?.frameHeight}${withRenderer ? `, rendered ${rendered - rendered0} in the window` : ''}`,
  );
  console.log(
    `   engine CPU ${cpu.engine.toFixed(2)} s over ${cpu.seconds.toFixed(1)} s = ${pct(cpu.engine, cpu.seconds)} of a core`,
  );
  console.log(`   node CPU   ${cpu.node.toFixed(2)} s = ${pct(cpu.node, cpu.seconds)} of a core`);
  const spike = SPIKE.cpuSeconds / SPIKE.wallSeconds;
  const ours = cpu.engine / cpu.seconds;
  console.log(
    `   raw libwebrtc spike: ${SPIKE.cpuSeconds} s over ${SPIKE.wallSeconds} s = ${pct(SPIKE.cpuSeconds, SPIKE.wallSeconds)}` +
      ` (pattern generation included) -> ours is ${((100 * (ours - spike)) / spike).toFixed(0)} % ${ours >= spike ? 'above' : 'below'} (goal: within 10 %)`,
  );
  await renderer?.stop();
  await sender.close();
  await receiver.close();
  await camera.release();
}

const PAIR_CASES: PairCase[] = [
  { label: '2a', withRenderer: false },
  { label: '2b', withRenderer: true },
  { label: '2c', withRenderer: false, scaleDownBy: 4 / 3 },
];

async function main(): Promise<void> {
  await Daily.init();
  const frames = cameraLikeFrames(WIDTH, HEIGHT);
  const only = process.argv.slice(2);
  const wanted = (label: string): boolean => only.length === 0 || only.includes(label);
  try {
    if (wanted('1')) await rendererTransport(frames);
    for (const c of PAIR_CASES) if (wanted(c.label)) await videoPair(frames, c);
  } finally {
    await Daily.deinit();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
