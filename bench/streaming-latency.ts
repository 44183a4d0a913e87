/**
 * Glass-to-glass delay of live streaming and A/V offset of a recording,
 * through a real call. A bot's camera shows a white flash on black (with a
 * beep on its microphone) once a second. Live: the server composites the call
 * and publishes to nginx-rtmp; an ffmpeg pulls the stream back and decodes
 * it, and each flash's arrival is timed against its sending (same clock,
 * this process). Recording: the flashes and beeps are found in the file and
 * paired. Prints p50/p95.
 *
 *   npm run bench:streaming-latency
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CallClient, Daily } from '../src';
import { avOffsetsMs, sendFlashBeeps, type FlashBeepTarget } from '../test/helpers/av-sync';
import { startRtmpServer, type RtmpServer } from '../test/e2e/helpers/rtmp-server';
import { createRoom, percentile, startServerProcess, type BenchServer } from './server-bench-lib';
import { sleep } from './video-cpu-lib';

const FLASHES = 20;
const RECORDED_FLASHES = 10;
/** The puller's picture: tiny grey frames, enough to see a flash. */
const PULL_W = 32;
const PULL_H = 18;

async function api<T>(server: BenchServer, method: string, urlPath: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as T;
}

/** Pulls `url` and calls `onFlash` with performance.now() whenever the picture turns bright. */
function pullFlashes(url: string, onFrame: () => void, onFlash: (at: number) => void): { stop(): void } {
  const args = ['-v', 'error', '-fflags', 'nobuffer', '-flags', 'low_delay', '-analyzeduration', '500000'];
  const out = ['-vf', `scale=${PULL_W}:${PULL_H},format=gray`, '-f', 'rawvideo', 'pipe:1'];
  const child = spawn('ffmpeg', [...args, '-i', url, ...out], { stdio: ['ignore', 'pipe', 'ignore'] });
  const size = PULL_W * PULL_H;
  let pending = Buffer.alloc(0);
  let bright = false;
  child.stdout.on('data', (chunk: Buffer) => {
    const now = performance.now();
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= size) {
      const frame = pending.subarray(0, size);
      pending = pending.subarray(size);
      onFrame();
      const mean = frame.reduce((n, v) => n + v, 0) / size;
      if (!bright && mean > 128) onFlash(now);
      bright = mean > 128;
    }
  });
  return { stop: () => child.kill('SIGTERM') };
}

/** Each flash's delay to the first bright picture pulled after it, in ms. */
function pairDelays(sent: number[], arrived: number[]): number[] {
  return sent.flatMap((s) => {
    const a = arrived.find((t) => t > s && t - s < 3000);
    return a === undefined ? [] : [a - s];
  });
}

function summary(values: number[]): string {
  const f = (v: number): string => v.toFixed(0);
  return `p50 ${f(percentile(values, 0.5))} ms, p95 ${f(percentile(values, 0.95))} ms (n=${values.length})`;
}

async function waitUntil(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function liveGlassToGlass(owner: CallClient, rtmp: RtmpServer, target: FlashBeepTarget): Promise<void> {
  const started = performance.now();
  await owner.startLiveStreamWithRtmpUrls([rtmp.url('latency')], {
    streamingSettings: { video: { width: 640, height: 360, fps: 30 } },
  });
  let frames = 0;
  const arrived: number[] = [];
  let puller: { stop(): void } | undefined;
  await waitUntil(
    'the stream to reach nginx',
    () => {
      void rtmp.bytesIn('latency').then((n) => {
        if (n > 0 && !puller)
          puller = pullFlashes(
            rtmp.url('latency'),
            () => frames++,
            (at) => arrived.push(at),
          );
      });
      return frames > 30;
    },
    30_000,
  );
  console.log(`startLiveStream → pulled pictures flowing: ${(performance.now() - started).toFixed(0)} ms`);
  const sender = sendFlashBeeps(target, FLASHES);
  await waitUntil('every flash', () => sender.sentAt.length === FLASHES, FLASHES * 1000 + 10_000);
  await sleep(3000);
  sender.stop();
  puller?.stop();
  await owner.stopLiveStream();
  console.log(
    `live stream glass-to-glass (bot camera → RTMP pull, decoded): ${summary(pairDelays(sender.sentAt, arrived))}`,
  );
}

async function recordingOffset(server: BenchServer, owner: CallClient, target: FlashBeepTarget): Promise<void> {
  const streamId = await owner.startRecording({ streamingSettings: { video: { width: 640, height: 360, fps: 30 } } });
  await sleep(2000);
  const sender = sendFlashBeeps(target, RECORDED_FLASHES);
  await waitUntil('every flash', () => sender.sentAt.length === RECORDED_FLASHES, RECORDED_FLASHES * 1000 + 10_000);
  await sleep(1500);
  sender.stop();
  await owner.stopRecording({ streamId });
  const list = await api<{ data: { id: string; streamId: string }[] }>(server, 'GET', '/v1/recordings');
  const id = list.data.find((r) => r.streamId === streamId)!.id;
  const link = await api<{ download_link: string }>(server, 'GET', `/v1/recordings/${id}/access-link`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dn-bench-av-')), 'recording.mp4');
  fs.writeFileSync(file, Buffer.from(await (await fetch(link.download_link)).arrayBuffer()));
  const offsets = avOffsetsMs(file);
  const worst = Math.max(...offsets.map(Math.abs));
  console.log(`recording A/V offset (+ = sound late): ${summary(offsets)}, worst |offset| ${worst.toFixed(0)} ms`);
  console.log(`  in sending order: ${offsets.map((o) => o.toFixed(0)).join(' ')} ms`);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

async function main(): Promise<void> {
  await Daily.init();
  const rtmp = await startRtmpServer();
  const server = await startServerProcess();
  const clients: CallClient[] = [];
  try {
    const url = await createRoom(server, 'latency-bench', { enable_recording: 'cloud' });
    const camera = Daily.createCameraDevice('lat-cam', 320, 240);
    const mic = Daily.createMicrophoneDevice('lat-mic', { sampleRate: 16000, channels: 1 });
    const sender = new CallClient();
    const owner = new CallClient();
    clients.push(sender, owner);
    await sender.join(url, {
      clientSettings: {
        inputs: {
          camera: { isEnabled: true, settings: { deviceId: 'lat-cam' } },
          microphone: { isEnabled: true, settings: { deviceId: 'lat-mic' } },
        },
      },
    });
    const { token } = await api<{ token: string }>(server, 'POST', '/v1/meeting-tokens', {
      properties: { is_owner: true },
    });
    await owner.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'unsubscribed' } });
    await owner.join(url, { meetingToken: token, clientSettings: { inputs: { camera: false, microphone: false } } });
    const target: FlashBeepTarget = {
      width: 320,
      height: 240,
      sampleRate: 16000,
      writePicture: (f) => camera.writeFrame(f),
      writeSound: (pcm, played) => void mic.writeFrames(pcm, () => played?.()),
    };
    await liveGlassToGlass(owner, rtmp, target);
    await recordingOffset(server, owner, target);
  } finally {
    for (const c of clients) await c.release().catch(() => undefined);
    await server.stop();
    await rtmp.stop();
    await Daily.deinit();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
