/**
 * Sends a still image as the bot's camera at a given frame rate, like
 * daily-python's demos/video/send_image.py.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/send-image.ts <meeting URL> [--image picture.ppm] [--fps 30]
 *
 * The image is a binary PPM file (`ffmpeg -i photo.jpg photo.ppm` makes one
 * from any picture); without one it sends 640×480 colour bars. Runs until
 * Ctrl-C (SIGINT) or SIGTERM, then leaves the call.
 */
import { parseArgs } from 'node:util';

import { CallClient, Daily } from 'daily-node';

import { readPpm } from './ppm';
import { onStopSignal } from './stop-signals';
import { colourBars } from './test-pattern';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { image: { type: 'string' }, fps: { type: 'string', default: '30' } },
  });
  const [meetingUrl] = positionals;
  if (!meetingUrl) throw new Error('usage: send-image.ts <meeting URL> [--image picture.ppm] [--fps 30]');
  const fps = Number(values.fps);
  if (!(fps > 0 && fps <= 60)) throw new Error(`--fps: must be a number from 1 to 60, got ${values.fps}`);
  const image = values.image ? readPpm(values.image) : colourBars(640, 480);

  await Daily.init();
  const camera = Daily.createCameraDevice('image-camera', image.width, image.height, { colorFormat: 'RGB' });
  const client = new CallClient();
  await client.join(meetingUrl, {
    clientSettings: {
      inputs: { microphone: false, camera: { isEnabled: true, settings: { deviceId: 'image-camera' } } },
    },
  });
  console.log(
    `joined as ${client.participants().local.id}; sending ${values.image ?? 'colour bars'} (${image.width}×${image.height}) at ${fps} fps`,
  );

  // The same frame again and again: a camera is a stream of frames, and
  // receivers joining later need fresh ones.
  const timer = setInterval(() => camera.writeFrame(image.rgb), 1000 / fps);
  onStopSignal(() => {
    clearInterval(timer);
    void (async () => {
      await client.leave();
      await client.release();
      await Daily.deinit();
      console.log('left');
    })();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
