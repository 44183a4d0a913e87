// A renderer on a local video track gets what the application wrote: the
// right size, and a test pixel's colour within ±3, for every input format and
// several output formats. No peer connection: the source feeds the renderer
// inside the engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  COLOR_FORMATS,
  CustomVideoSource,
  CustomVideoTrack,
  Daily,
  type ColorFormat,
  type VideoFrame,
} from '../../src';
import { VideoRenderer } from '../../src/media/video/video-renderer';
import { waitFor } from '../helpers/process';
import { colourDistance, makeFrame, readAlpha, readPixel, type TestPicture } from '../helpers/video-pixels';

const picture: TestPicture = {
  width: 320,
  height: 240,
  background: [30, 160, 220],
  block: [200, 50, 100],
  bx: 64,
  by: 64,
  size: 32,
};
const OUTPUT_FORMATS: readonly ColorFormat[] = COLOR_FORMATS;

beforeAll(async () => {
  await Daily.init();
});

afterAll(async () => {
  await Daily.deinit();
});

/** Writes `frame` at about 30 fps until each renderer has delivered one, then returns those frames. */
async function renderOnce(source: CustomVideoSource, frame: Buffer, received: VideoFrame[][]): Promise<VideoFrame[]> {
  const timer = setInterval(() => source.writeFrame(frame), 33);
  try {
    return await waitFor(
      'a frame at every renderer',
      () => received.every((r) => r.length > 0) && received.map((r) => r[0]),
      5000,
    );
  } finally {
    clearInterval(timer);
  }
}

describe('video renderer on a local track', () => {
  for (const input of COLOR_FORMATS) {
    it(`delivers ${input} input in ${OUTPUT_FORMATS.join(', ')} with the test pixel's colour`, async () => {
      const source = new CustomVideoSource(picture.width, picture.height, { colorFormat: input });
      const track = new CustomVideoTrack(source);
      await track.ready();
      const received: VideoFrame[][] = OUTPUT_FORMATS.map(() => []);
      const renderers = OUTPUT_FORMATS.map(
        (colorFormat, i) => new VideoRenderer(track.id, (f) => received[i].push(f), { colorFormat }),
      );
      await Promise.all(renderers.map((r) => r.ready()));

      const before = Date.now() * 1000;
      const frames = await renderOnce(source, makeFrame(picture, input), received);
      for (const [i, frame] of frames.entries()) {
        const format = OUTPUT_FORMATS[i];
        expect(frame.colorFormat).toBe(format);
        expect([frame.width, frame.height]).toEqual([picture.width, picture.height]);
        const bytesPerFrame =
          format === 'I420' ? (320 * 240 * 3) / 2 : format === 'RGB' ? 320 * 240 * 3 : 320 * 240 * 4;
        expect(frame.buffer.length).toBe(bytesPerFrame);
        const block = readPixel(frame.buffer, frame.width, frame.height, format, 80, 80);
        const background = readPixel(frame.buffer, frame.width, frame.height, format, 10, 10);
        expect(colourDistance(block, picture.block), `${input}→${format} block ${block}`).toBeLessThanOrEqual(3);
        expect(
          colourDistance(background, picture.background),
          `${input}→${format} bg ${background}`,
        ).toBeLessThanOrEqual(3);
        const alpha = readAlpha(frame.buffer, frame.width, format, 80, 80);
        if (alpha !== undefined) expect(alpha).toBe(255);
        expect(frame.timestampUs).toBeGreaterThanOrEqual(before - 1000);
        expect(frame.timestampUs).toBeLessThanOrEqual(Date.now() * 1000 + 1000);
      }
      await Promise.all(renderers.map((r) => r.stop()));
      await track.release();
      await source.release();
    });
  }

  it("sends a virtual camera's frames to a renderer on its track", async () => {
    const camera = Daily.createCameraDevice('test-cam', 160, 120, { colorFormat: 'RGB' });
    expect([camera.name, camera.width, camera.height, camera.colorFormat]).toEqual(['test-cam', 160, 120, 'RGB']);
    await camera.ready();
    const received: VideoFrame[] = [];
    const renderer = new VideoRenderer(camera.trackId, (f) => received.push(f));
    await renderer.ready();
    const pic: TestPicture = { ...picture, width: 160, height: 120, bx: 40, by: 40, size: 20 };
    const timer = setInterval(() => camera.writeFrame(makeFrame(pic, 'RGB')), 33);
    try {
      const frame = await waitFor('a camera frame', () => received[0], 5000);
      expect([frame.width, frame.height, frame.colorFormat]).toEqual([160, 120, 'RGBA']);
      expect(colourDistance(readPixel(frame.buffer, 160, 120, 'RGBA', 50, 50), pic.block)).toBeLessThanOrEqual(3);
    } finally {
      clearInterval(timer);
    }
    await renderer.stop();
    await camera.release();
  });

  it('drops frames in the engine instead of queueing them while JS is busy', async () => {
    const source = new CustomVideoSource(320, 240);
    const track = new CustomVideoTrack(source);
    await track.ready();
    const received: VideoFrame[] = [];
    const renderer = new VideoRenderer(track.id, (f) => received.push(f));
    await renderer.ready();
    const frame = makeFrame(picture, 'RGBA');
    // Ten frames in one synchronous burst: no callback (and so no ack) can run
    // until it ends, so the engine lets two through and drops eight.
    for (let i = 0; i < 10; i++) source.writeFrame(frame);
    await waitFor('the two pending frames', () => received.length === 2, 3000);
    source.writeFrame(frame);
    await waitFor('a frame after the acks', () => received.length === 3, 3000);
    expect(renderer.framesDropped).toBe(8);
    expect(renderer.framesReceived).toBe(3);
    await renderer.stop();
    await track.release();
    await source.release();
  });
});
