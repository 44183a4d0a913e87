/**
 * Recording and live streaming CPU through a real call: 4 bots send
 * camera-like 640x360 video at 15 fps, an owner records the call at
 * 1280x720@30 (grid of 4), then audio only. Prints the CPU of the server's
 * Node process (which runs the compositor and audio mixer), of its media
 * engine (decoding everyone's video) and of the ffmpeg encoder, as % of one
 * core over a 10 s window.
 *
 *   npm run bench:recording
 */
import * as fs from 'node:fs';
import { CallClient, Daily } from '../src';
import { childPids, createRoom, startServerProcess, type BenchServer } from './server-bench-lib';
import { cameraLikeFrames, pacedLoop, processCpuSeconds, sleep } from './video-cpu-lib';

const BOTS = 4;
const WINDOW_S = 10;

async function ownerToken(server: BenchServer): Promise<string> {
  const res = await fetch(`${server.url}/v1/meeting-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ properties: { is_owner: true } }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** CPU seconds of the server process and of its children by command name. */
function cpuByProcess(serverPid: number): Map<string, number> {
  const out = new Map<string, number>([['server (node: compositor, mixer)', processCpuSeconds(serverPid)]]);
  for (const pid of childPids(serverPid)) {
    try {
      const name = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      out.set(name, (out.get(name) ?? 0) + processCpuSeconds(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function measure(server: BenchServer, label: string): Promise<void> {
  const before = cpuByProcess(server.child.pid!);
  await sleep(WINDOW_S * 1000);
  const after = cpuByProcess(server.child.pid!);
  const parts = [...after].map(
    ([name, s]) => `${name} ${(((s - (before.get(name) ?? 0)) / WINDOW_S) * 100).toFixed(0)}%`,
  );
  console.log(`${label}: ${parts.join(', ')} (of one core)`);
}

/** Duration and size of the kept recordings (a check that the encoder had the whole stream). */
async function printRecordings(server: BenchServer): Promise<void> {
  const res = await fetch(`${server.url}/v1/recordings`, { headers: { authorization: `Bearer ${server.apiKey}` } });
  for (const r of ((await res.json()) as { data: Record<string, unknown>[] }).data) {
    console.log(`  recording ${r.type}: ${String(r.duration)} s, ${((r.size as number) / 1e6).toFixed(1)} MB`);
  }
}

async function main(): Promise<void> {
  await Daily.init();
  const server = await startServerProcess();
  const clients: CallClient[] = [];
  const loops: { stop(): void }[] = [];
  try {
    const url = await createRoom(server, 'recording-bench', { enable_recording: 'cloud' });
    const frames = cameraLikeFrames(640, 360);
    for (let i = 0; i < BOTS; i++) {
      const camera = Daily.createCameraDevice(`bench-cam-${i}`, 640, 360);
      loops.push(pacedLoop(1000 / 15, (n) => camera.writeFrame(frames[n % frames.length]!)));
      const client = new CallClient();
      await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'unsubscribed' } });
      await client.join(url, {
        clientSettings: {
          inputs: { camera: { isEnabled: true, settings: { deviceId: camera.name } }, microphone: false },
        },
      });
      clients.push(client);
    }
    const owner = new CallClient();
    clients.push(owner);
    await owner.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'unsubscribed' } });
    await owner.join(url, {
      meetingToken: await ownerToken(server),
      clientSettings: { inputs: { camera: false, microphone: false } },
    });
    await measure(server, 'call without recording');
    const video = await owner.startRecording({ streamingSettings: { video: { width: 1280, height: 720, fps: 30 } } });
    await sleep(3000);
    await measure(server, `recording 1280x720@30, grid of ${BOTS}`);
    const stopAt = performance.now();
    await owner.stopRecording({ streamId: video });
    console.log(
      `  stopRecording took ${(performance.now() - stopAt).toFixed(0)} ms (the encoder drains and closes the file)`,
    );
    await printRecordings(server);
    const audio = await owner.startRecording({ streamingSettings: { layout: { preset: 'audio-only' } } });
    await sleep(3000);
    await measure(server, 'recording audio only');
    await owner.stopRecording({ streamId: audio });
  } finally {
    for (const l of loops) l.stop();
    for (const c of clients) await c.release().catch(() => undefined);
    await server.stop();
    await Daily.deinit();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
