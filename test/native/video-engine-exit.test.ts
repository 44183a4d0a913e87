// The engine is killed while a camera streams into a renderer: pending video
// operations fail with EngineExitedError, writes do not throw, the Node
// process survives, and the next write brings up a new engine in which the
// camera, its track and the renderer exist again and frames flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CustomVideoSource, Daily, EngineExitedError, type VideoFrame } from '../../src';
import { engineHost } from '../../src/engine/engine-host';
import { VideoRenderer } from '../../src/media/video/video-renderer';
import { waitFor, waitForProcessGone } from '../helpers/process';
import { colourDistance, makeFrame, readPixel, type TestPicture } from '../helpers/video-pixels';

const pic: TestPicture = {
  width: 160,
  height: 120,
  background: [10, 10, 10],
  block: [240, 200, 20],
  bx: 40,
  by: 40,
  size: 40,
};

beforeAll(async () => {
  await Daily.init();
});

afterAll(async () => {
  await Daily.deinit();
});

describe('video across an engine crash', () => {
  it('fails pending operations, keeps the process, and restores camera and renderer', async () => {
    const camera = Daily.createCameraDevice('crash-cam', pic.width, pic.height);
    await camera.ready();
    const frames: VideoFrame[] = [];
    const renderer = new VideoRenderer(camera.trackId, (f) => frames.push(f), { colorFormat: 'BGRA' });
    await renderer.ready();
    const exits: string[] = [];
    const offExit = Daily.onEngineExit((info) => exits.push(String(info.signal)));
    const frame = makeFrame(pic, 'RGBA');
    const timer = setInterval(() => camera.writeFrame(frame), 33);
    try {
      await waitFor('frames before the crash', () => frames.length >= 3, 5000);
      const firstPid = engineHost.channel!.pid;
      process.kill(firstPid, 'SIGKILL');
      // Made while the engine dies: its creation is pending and must fail clearly.
      const late = new CustomVideoSource(32, 32);
      const lateReady = late.ready().then(
        () => undefined,
        (e: unknown) => e,
      );
      await waitForProcessGone(firstPid, 3000);
      const err = await lateReady;
      expect(err).toBeInstanceOf(EngineExitedError);
      expect((err as Error).message).toMatch(/killed by SIGKILL/);
      await waitFor('the exit event', () => exits.length === 1, 3000);
      expect(exits).toEqual(['SIGKILL']);

      // The interval keeps writing: the next write restarts the engine.
      const countAtCrash = frames.length;
      await waitFor('a new engine', () => engineHost.channel && engineHost.channel.pid !== firstPid, 10_000);
      const after = await waitFor(
        'frames after the restart',
        () => frames.length > countAtCrash + 2 && frames[frames.length - 1],
        10_000,
      );
      expect([after.width, after.height, after.colorFormat]).toEqual([160, 120, 'BGRA']);
      expect(colourDistance(readPixel(after.buffer, 160, 120, 'BGRA', 60, 60), pic.block)).toBeLessThanOrEqual(3);
      expect(camera.framesDropped).toBeGreaterThan(0);
      await late.ready(); // restored in the new engine too
    } finally {
      clearInterval(timer);
      offExit();
    }
    await renderer.stop();
    await camera.release();
  });
});
