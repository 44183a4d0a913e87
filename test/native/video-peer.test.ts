// Camera frames sent over a pair of peer connections in one engine (inside
// the network namespace) arrive at a renderer on the remote track at full
// size from the first frame, with a test pixel's colour within ±3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Daily, type VideoFrame } from '../../src';
import type { RemoteTrackEvent } from '../../src/media/peer/peer-connection';
import { VideoRenderer } from '../../src/media/video/video-renderer';
import { connectPair, type PeerPair } from '../helpers/peer-pair';
import { waitFor } from '../helpers/process';
import { colourDistance, makeFrame, readPixel, type TestPicture } from '../helpers/video-pixels';

const pic: TestPicture = {
  width: 640,
  height: 480,
  background: [40, 120, 200],
  block: [200, 50, 100],
  bx: 256,
  by: 192,
  size: 128,
};

describe('camera over a peer connection', () => {
  let pair: PeerPair;
  let timer: NodeJS.Timeout | undefined;
  const remote: RemoteTrackEvent[] = [];
  let cameraTrackId = '';
  const renderers: VideoRenderer[] = [];
  const rgba: VideoFrame[] = [];
  const i420: VideoFrame[] = [];

  beforeAll(async () => {
    await Daily.init();
    const camera = Daily.createCameraDevice('peer-cam', pic.width, pic.height);
    cameraTrackId = camera.trackId;
    await camera.ready();
    const frame = makeFrame(pic, 'RGBA');
    timer = setInterval(() => camera.writeFrame(frame), 33);
    pair = await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack(camera.trackId);
      // No setBitrate here: peer connections start from 1 Mbps by default, so
      // the encoder starts at full size (libwebrtc's own 300 kbps gives 320x240).
      // Renderers attach as soon as the track appears, so they see the very first frames.
      receiver.on('track', (e) => {
        remote.push(e);
        renderers.push(
          new VideoRenderer(e.trackId, (f) => rgba.push(f)),
          new VideoRenderer(e.trackId, (f) => i420.push(f), { colorFormat: 'I420' }),
        );
      });
    });
  });

  afterAll(async () => {
    clearInterval(timer);
    await Daily.deinit();
  });

  it('announces one remote video track carrying the camera track id', () => {
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({ kind: 'video', remoteTrackId: cameraTrackId });
    expect(remote[0].trackId).toBe(`remote:${pair.receiver.id}:${remote[0].mid}`);
  });

  it('renders 640x480 from the first frame on, with the test pixel colour in RGBA and I420', async () => {
    await Promise.all(renderers.map((r) => r.ready()));
    await waitFor('30 frames at each renderer', () => rgba.length >= 30 && i420.length >= 30, 10_000);
    for (const [format, frames] of [
      ['RGBA', rgba],
      ['I420', i420],
    ] as const) {
      const first = frames.slice(0, 30);
      expect(first.map((f) => `${f.width}x${f.height}`)).toEqual(Array(30).fill('640x480'));
      const last = first[29];
      expect(last.colorFormat).toBe(format);
      const block = readPixel(last.buffer, 640, 480, format, 320, 256);
      const background = readPixel(last.buffer, 640, 480, format, 40, 40);
      expect(colourDistance(block, pic.block), `${format} block ${block}`).toBeLessThanOrEqual(3);
      expect(colourDistance(background, pic.background), `${format} background ${background}`).toBeLessThanOrEqual(3);
    }
    // Receive timestamps are wall-clock µs and increase.
    expect(rgba[9].timestampUs).toBeGreaterThan(rgba[0].timestampUs);
    expect(Math.abs(rgba[9].timestampUs / 1000 - Date.now())).toBeLessThan(5000);
    await Promise.all(renderers.map((r) => r.stop()));
  });
});
