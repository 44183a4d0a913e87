/**
 * CPU cost of video in the media engine, 640x480 at 30 fps, 10 s steady state.
 *
 * 1. Renderer transport: a virtual camera's frames go to a renderer on its own
 *    track (no codec): RGBA → I420 in the engine, I420 → RGBA, the data frame
 *    to JS, the ack back. Engine CPU, Node CPU and the delay from the engine
 *    receiving a frame to the callback.
 *
 * Run: npm run bench:video-cpu
 */
import { Daily, type VideoFrame } from '../src';
import { engineHost } from '../src/engine/engine-host';
import { VideoRenderer } from '../src/media/video/video-renderer';
import { cameraLikeFrames, nodeCpuSeconds, paced, processCpuSeconds } from './video-cpu-lib';

const WIDTH = 640;
const HEIGHT = 480;
const FPS = 30;
const WARMUP_MS = 2000;
const MEASURE_MS = 10_000;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

async function rendererTransport(frames: Buffer[]): Promise<void> {
  const camera = Daily.createCameraDevice('bench-cam', WIDTH, HEIGHT);
  await camera.ready();
  let received = 0;
  const delaysMs: number[] = [];
  let measuring = false;
  const renderer = new VideoRenderer(camera.trackId, (f: VideoFrame) => {
    received++;
    if (measuring) delaysMs.push(Date.now() - f.timestampUs / 1000);
  });
  await renderer.ready();
  const pid = engineHost.channel!.pid;
  await paced(1000 / FPS, WARMUP_MS, (i) => camera.writeFrame(frames[i % frames.length]));
  const engine0 = processCpuSeconds(pid);
  const node0 = nodeCpuSeconds();
  const received0 = received;
  const dropped0 = renderer.framesDropped;
  const t0 = performance.now();
  measuring = true;
  await paced(1000 / FPS, MEASURE_MS, (i) => camera.writeFrame(frames[i % frames.length]));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const engineCpu = processCpuSeconds(pid) - engine0;
  const nodeCpu = nodeCpuSeconds() - node0;
  delaysMs.sort((a, b) => a - b);
  console.log('renderer transport, 640x480 RGBA camera -> RGBA renderer on its local track, no codec');
  console.log(`  frames delivered ${received - received0} in ${seconds.toFixed(1)} s, dropped ${renderer.framesDropped - dropped0}`);
  console.log(`  engine CPU ${engineCpu.toFixed(2)} s = ${((100 * engineCpu) / seconds).toFixed(1)} % of a core`);
  console.log(`  node CPU   ${nodeCpu.toFixed(2)} s = ${((100 * nodeCpu) / seconds).toFixed(1)} % of a core (writing + receiving)`);
  console.log(
    `  engine receive -> JS callback: p50 ${percentile(delaysMs, 0.5).toFixed(1)} ms, p99 ${percentile(delaysMs, 0.99).toFixed(1)} ms`,
  );
  await renderer.stop();
  await camera.release();
}

async function main(): Promise<void> {
  await Daily.init();
  const frames = cameraLikeFrames(WIDTH, HEIGHT);
  try {
    await rendererTransport(frames);
  } finally {
    await Daily.deinit();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
