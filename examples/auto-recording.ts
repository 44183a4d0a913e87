/**
 * Joins with a meeting token that starts a cloud recording on join
 * (`start_cloud_recording`), showing a still image as the camera, like
 * daily-python's demos/recording/auto_recording.py. The server records the
 * call until the bot leaves (the room empties) or someone stops it.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/auto-recording.ts <meeting URL> \
 *     --token <meeting token> [--image picture.ppm]
 *
 * Make the token with the REST API (the room needs `enable_recording: "cloud"`):
 *   curl -H "Authorization: Bearer $API_KEY" -H 'content-type: application/json' \
 *     -d '{"properties":{"room_name":"<room>","is_owner":true,"start_cloud_recording":true}}' \
 *     http://127.0.0.1:7880/v1/meeting-tokens
 * Runs until Ctrl-C (SIGINT) or SIGTERM, then leaves the call.
 */
import { parseArgs } from 'node:util';

import { CallClient, Daily } from 'daily-node';

import { readPpm } from './ppm';
import { onStopSignal } from './stop-signals';
import { colourBars } from './test-pattern';

const FPS = 15;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { token: { type: 'string' }, image: { type: 'string' } },
  });
  const [meetingUrl] = positionals;
  if (!meetingUrl || !values.token)
    throw new Error('usage: auto-recording.ts <meeting URL> --token <meeting token> [--image picture.ppm]');
  const image = values.image ? readPpm(values.image) : colourBars(640, 480);

  await Daily.init();
  const camera = Daily.createCameraDevice('still-camera', image.width, image.height, { colorFormat: 'RGB' });
  const client = new CallClient();
  client.on('recording-started', (status) =>
    console.log(`recording started ${status.streamId} (recording ${status.recordingId})`),
  );
  client.on('recording-stopped', (streamId) => console.log(`recording stopped ${streamId}`));
  client.on('recording-error', (streamId, message) => console.log(`recording error ${streamId}: ${message}`));
  const timer = setInterval(() => camera.writeFrame(image.rgb), 1000 / FPS);
  await client.join(meetingUrl, {
    meetingToken: values.token,
    clientSettings: {
      inputs: { microphone: false, camera: { isEnabled: true, settings: { deviceId: 'still-camera' } } },
    },
  });
  console.log(`joined as ${client.participants().local.id}`);
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
