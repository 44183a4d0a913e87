/**
 * Video processing in a call: renders the camera of each participant who
 * joins, turns it into its photographic negative with a white frame around
 * it, and sends the result back as the bot's own camera, like daily-python's
 * demos/yolo/yolo.py (a simple pixel transform instead of YOLO object
 * detection: the shape is the same, render → transform → send).
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/video-processing.ts <meeting URL>
 *
 * It processes the participant who joined last (or who was already there when
 * it joined). Its camera is made at the size of the first frame, as in the
 * demo, and made again when the size changes. Runs until Ctrl-C (SIGINT) or
 * SIGTERM, then leaves the call.
 */
import { CallClient, Daily, type VideoFrame, type VirtualCameraDevice } from 'daily-node';

import { onStopSignal } from './stop-signals';

/** Width in pixels of the white frame drawn around the picture. */
const BORDER = 8;

/** The negative of an RGBA picture, framed in white: a change anyone sees at a glance. */
function transform(frame: VideoFrame): Buffer {
  const { width, height } = frame;
  const out = Buffer.allocUnsafe(frame.buffer.length);
  for (let y = 0; y < height; y++) {
    const edgeRow = y < BORDER || y >= height - BORDER;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const edge = edgeRow || x < BORDER || x >= width - BORDER;
      out[i] = edge ? 255 : 255 - frame.buffer[i];
      out[i + 1] = edge ? 255 : 255 - frame.buffer[i + 1];
      out[i + 2] = edge ? 255 : 255 - frame.buffer[i + 2];
      out[i + 3] = 255;
    }
  }
  return out;
}

/** Sends processed frames through a camera of the frames' size, making a new one when the size changes. */
class ProcessedCamera {
  private camera: VirtualCameraDevice | undefined;
  private made = 0;

  constructor(private readonly client: CallClient) {}

  send(frame: VideoFrame): void {
    const camera = this.camera;
    if (camera && camera.width === frame.width && camera.height === frame.height) {
      camera.writeFrame(transform(frame));
      return;
    }
    const name = `processed-${++this.made}`;
    this.camera = Daily.createCameraDevice(name, frame.width, frame.height, { colorFormat: 'RGBA' });
    void this.client.updateInputs({ camera: { isEnabled: true, settings: { deviceId: name } } });
    console.log(`sending processed video at ${frame.width}×${frame.height}`);
    this.camera.writeFrame(transform(frame));
    void camera?.release();
  }
}

async function main(): Promise<void> {
  const [meetingUrl] = process.argv.slice(2);
  if (!meetingUrl) throw new Error('usage: video-processing.ts <meeting URL>');
  await Daily.init();
  const client = new CallClient();
  client.setUserName('Video processor');
  const camera = new ProcessedCamera(client);
  let current: string | undefined;
  const follow = (id: string, name: string): void => {
    current = id;
    console.log(`processing ${name || id}'s camera`);
    client.setVideoRenderer(id, (from, frame) => from === current && camera.send(frame), { colorFormat: 'RGBA' });
  };
  client.on('participant-joined', (p) => follow(p.id, p.info.userName));
  const joined = await client.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone: false } } });
  console.log(`joined as ${client.participants().local.id}`);
  const present = Object.values(joined!.participants).filter((p) => !p.info.isLocal);
  if (present.length > 0) follow(present[0].id, present[0].info.userName);

  onStopSignal(() => {
    current = undefined;
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
