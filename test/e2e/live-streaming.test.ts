/**
 * Live streaming end to end: the server's live streamer (a hidden service
 * participant compositing the call) publishes to nginx-rtmp on loopback, one
 * relay per endpoint. Endpoints are added and removed while it runs; a dead
 * one gives warnings while the others go on. One server, one nginx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waitForAsync as until } from '../helpers/process';
import type { Rgb } from '../helpers/video-pixels';
import { Bot } from './helpers/bot';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { frameWriter } from './helpers/media';
import { probe } from './helpers/media-file';
import { startRtmpServer, type RtmpServer } from './helpers/rtmp-server';
import { Daily } from './helpers/sdk';

const ROOM = 'streamed';
const CAMERA: Rgb = [40, 200, 40];
/** Nothing listens on port 9 of loopback: publishing there fails at once. */
const DEAD = 'rtmp://127.0.0.1:9/live/dead';

let server: TestServer;
let rtmp: RtmpServer;
const bots: Bot[] = [];
const writers: { stop(): void }[] = [];
let alice: Bot;
let bob: Bot;

async function join(name: string, token: string | undefined, media: boolean): Promise<Bot> {
  const bot = new Bot(name);
  bots.push(bot);
  await bot.client.join(server.meetingUrl(ROOM), {
    ...(token ? { meetingToken: token } : {}),
    clientSettings: {
      inputs: media
        ? { camera: { isEnabled: true, settings: { deviceId: 'ls-cam' } }, microphone: false }
        : { camera: false, microphone: false },
    },
  });
  return bot;
}

/** Resolves once stream `key` has received more bytes than it had when called. */
async function growing(key: string, timeoutMs = 10_000): Promise<void> {
  const before = await rtmp.bytesIn(key);
  await until(`${key} to receive more`, async () => (await rtmp.bytesIn(key)) > before, timeoutMs);
}

beforeAll(async () => {
  await Daily.init();
  rtmp = await startRtmpServer();
  server = await startCallServer();
  await createRoom(server, ROOM, {
    streaming_endpoints: [{ name: 'second', type: 'rtmp', rtmp_config: { url: rtmp.url('two') } }],
  });
  const camera = Daily.createCameraDevice('ls-cam', 320, 240);
  writers.push(frameWriter((f) => camera.writeFrame(f), 320, 240, CAMERA));
  alice = await join('alice', await meetingToken(server, { is_owner: true, room_name: ROOM }), true);
  bob = await join('bob', undefined, false);
});

afterAll(async () => {
  for (const w of writers) w.stop();
  for (const b of bots) await b.client.release().catch(() => undefined);
  await server?.close();
  await rtmp?.stop();
  await Daily.deinit();
});

describe('live streaming', () => {
  it('is refused to a participant who is neither owner nor streaming admin, and names bad endpoints', async () => {
    await expect(bob.client.startLiveStreamWithRtmpUrls([rtmp.url('x')])).rejects.toThrow(/canAdmin "streaming"/);
    await expect(alice.client.startLiveStreamWithEndpoints(['nowhere'])).rejects.toThrow(
      /"nowhere" is neither an rtmp:\/\/ URL nor the name of one of the room's streaming_endpoints/,
    );
    expect(() => alice.client.startLiveStreamWithRtmpUrls([])).toThrow(/rtmpUrls/);
  });

  it('streams to RTMP; a dead endpoint warns, the other goes on; endpoints come and go without a gap', async () => {
    const from = bob.mark;
    const t0 = Date.now();
    await alice.client.startLiveStreamWithRtmpUrls([rtmp.url('one'), DEAD], {
      streamingSettings: { video: { width: 640, height: 360, fps: 15 } },
    });
    const [status] = await bob.waitEvent('live-stream-started', () => true, 5000, from);
    expect(status.startedBy).toBe(alice.id);
    await until('the first RTMP bytes', async () => (await rtmp.bytesIn('one')) > 0, 15_000);
    console.log(`startLiveStreamWithRtmpUrls → first RTMP bytes at nginx: ${Date.now() - t0} ms`);
    const [update] = await bob.waitEvent('live-stream-updated', (u) => u.state === 'connected', 10_000, from);
    expect(update.streamId).toBe(status.streamId);
    const [, warning] = await bob.waitEvent('live-stream-warning', () => true, 10_000, from);
    expect(warning).toContain(DEAD);
    await growing('one');

    // A late joiner hears of the running stream.
    const carol = await join('carol', undefined, false);
    await carol.waitEvent('live-stream-started', (s) => s.streamId === status.streamId, 5000);

    await alice.client.addLiveStreamingEndpoints(['second']);
    await until('stream two to start', async () => (await rtmp.bytesIn('two')) > 0, 15_000);
    await alice.client.removeLiveStreamingEndpoints([rtmp.url('one')]);
    await until('stream one to end', async () => (await rtmp.bytesIn('one')) === 0, 10_000);
    await growing('two');
    await alice.client.removeLiveStreamingEndpoints([DEAD]);

    await alice.client.stopLiveStream();
    await bob.waitEvent('live-stream-stopped', (id) => id === status.streamId, 10_000, from);
    await carol.waitEvent('live-stream-stopped', (id) => id === status.streamId, 10_000);
    const p = probe(rtmp.recording('one'));
    expect(p.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(p.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 640, height: 360 });
    expect(p.durationS).toBeGreaterThan(1);
    expect(probe(rtmp.recording('two')).durationS).toBeGreaterThan(0.5);
  });

  it('warns when its encoder falls behind, and goes on', async () => {
    const from = bob.mark;
    await alice.client.startLiveStreamWithRtmpUrls([rtmp.url('slow')], {
      streamingSettings: { video: { width: 320, height: 180, fps: 10 } },
    });
    const [status] = await bob.waitEvent('live-stream-started', () => true, 5000, from);
    await until('the first RTMP bytes', async () => (await rtmp.bytesIn('slow')) > 0, 15_000);
    const service = server.rooms.get(ROOM)!.liveStreams.service(status.streamId)!;
    const pid = service.encoderPid!;
    // A stopped encoder takes no pictures: they are left out (not queued) and everyone is told.
    process.kill(pid, 'SIGSTOP');
    try {
      const [, message] = await bob.waitEvent(
        'live-stream-warning',
        (_id, m) => /falling behind/.test(m),
        10_000,
        from,
      );
      expect(message).toMatch(/\d+ picture\(s\) left out \(the sound is complete\)/);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await growing('slow');
    await alice.client.stopLiveStream();
    await bob.waitEvent('live-stream-stopped', (id) => id === status.streamId, 10_000, from);
  });

  it('ends with live-stream-error when every endpoint keeps failing', async () => {
    const from = bob.mark;
    await alice.client.startLiveStreamWithRtmpUrls([DEAD], {
      streamingSettings: { video: { width: 320, height: 180, fps: 10 } },
    });
    const [, message] = await bob.waitEvent('live-stream-error', () => true, 30_000, from);
    expect(message).toMatch(/every endpoint failed/);
    await bob.waitEvent('live-stream-stopped', () => true, 10_000, from);
  });
});
