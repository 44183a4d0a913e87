/**
 * Shows one participant's camera or screen share on a web page on this
 * machine: an MJPEG stream (multipart/x-mixed-replace) that any browser
 * plays, like daily-python's demos/gtk/gtk_app.py and demos/qt/qt_app.py (a
 * browser instead of a GTK or Qt window).
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/video-receive.ts <meeting URL> \
 *     [--participant <id>] [--source camera|screenVideo] [--port 8090] [--fps 10]
 *
 * Then open the printed address (http://127.0.0.1:8090/). Without
 * --participant it shows the first other participant in the call. Pictures
 * are JPEG-encoded by an ffmpeg child (sudo apt-get install -y ffmpeg).
 * Runs until Ctrl-C (SIGINT) or SIGTERM, then leaves the call.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

import { CallClient, Daily, type VideoFrame } from 'daily-node';

import { MjpegEncoder } from './mjpeg-encoder';
import { onStopSignal } from './stop-signals';

const BOUNDARY = 'dailynodeframe';

/** The latest JPEG of the shown video, sent to every open stream as it arrives. */
class MjpegFeed {
  private readonly viewers = new Set<http.ServerResponse>();
  private encoder: MjpegEncoder | undefined;
  private lastWrite = 0;
  latest: Buffer | undefined;

  constructor(private readonly fps: number) {}

  /** Encodes `frame` unless it comes sooner than 1/fps after the previous one. */
  frame(frame: VideoFrame): void {
    const now = Date.now();
    if (now - this.lastWrite < 1000 / this.fps) return;
    this.lastWrite = now;
    if (this.encoder?.width !== frame.width || this.encoder.height !== frame.height) {
      this.encoder?.close();
      this.encoder = new MjpegEncoder(frame.width, frame.height, (jpeg) => this.publish(jpeg));
    }
    this.encoder.write(frame.buffer);
  }

  /** Starts a multipart stream on `res`: each part replaces the previous picture. */
  watch(res: http.ServerResponse): void {
    res.writeHead(200, {
      'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`,
      'cache-control': 'no-store',
    });
    res.flushHeaders(); // the browser shows the page at once, before the first picture
    this.viewers.add(res);
    res.on('close', () => this.viewers.delete(res));
    if (this.latest) this.send(res, this.latest);
  }

  close(): void {
    this.encoder?.close();
    for (const res of this.viewers) res.end();
  }

  private publish(jpeg: Buffer): void {
    this.latest = jpeg;
    for (const res of this.viewers) this.send(res, jpeg);
  }

  private send(res: http.ServerResponse, jpeg: Buffer): void {
    res.write(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
    res.write(jpeg);
    res.write('\r\n');
  }
}

function page(source: string): string {
  return `<!doctype html><title>daily-node video-receive</title>
<body style="margin:0;background:#111"><img src="/stream.mjpg" alt="${source}" style="max-width:100%"></body>`;
}

function serve(feed: MjpegFeed, source: string): http.Server {
  return http.createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(page(source));
    else if (req.url === '/stream.mjpg') feed.watch(res);
    else if (req.url === '/frame.jpg' && feed.latest)
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(feed.latest);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try / or /stream.mjpg\n');
  });
}

function parseOptions(): {
  meetingUrl: string;
  participant?: string;
  source: 'camera' | 'screenVideo';
  port: number;
  fps: number;
} {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      participant: { type: 'string' },
      source: { type: 'string', default: 'camera' },
      port: { type: 'string', default: '8090' },
      fps: { type: 'string', default: '10' },
    },
  });
  const [meetingUrl] = positionals;
  if (!meetingUrl)
    throw new Error(
      'usage: video-receive.ts <meeting URL> [--participant id] [--source camera|screenVideo] [--port N] [--fps N]',
    );
  const source = values.source;
  if (source !== 'camera' && source !== 'screenVideo')
    throw new Error(`--source: must be camera or screenVideo, got ${source}`);
  const port = Number(values.port);
  if (!(Number.isInteger(port) && port >= 0 && port < 65536))
    throw new Error(`--port: must be 0 to 65535, got ${values.port}`);
  const fps = Number(values.fps);
  if (!(fps >= 1 && fps <= 30)) throw new Error(`--fps: must be a number from 1 to 30, got ${values.fps}`);
  return { meetingUrl, participant: values.participant, source, port, fps };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const feed = new MjpegFeed(options.fps);
  const server = serve(feed, options.source);
  await new Promise<void>((listening) => server.listen(options.port, '127.0.0.1', listening));

  await Daily.init();
  const client = new CallClient();
  await client.updateSubscriptionProfiles({
    base: { camera: 'subscribed', screenVideo: 'subscribed', microphone: 'unsubscribed' },
  });
  let shown: string | undefined;
  const show = (id: string): void => {
    if (shown || (options.participant && id !== options.participant)) return;
    shown = id;
    console.log(`showing ${id}'s ${options.source}`);
    client.setVideoRenderer(id, (_id, frame) => feed.frame(frame), {
      videoSource: options.source,
      colorFormat: 'RGBA',
    });
  };
  client.on('participant-joined', (p) => show(p.id));
  const joined = await client.join(options.meetingUrl, {
    clientSettings: { inputs: { camera: false, microphone: false } },
  });
  for (const p of Object.values(joined!.participants)) if (!p.info.isLocal) show(p.id);
  console.log(`joined; open http://127.0.0.1:${(server.address() as AddressInfo).port}/`);

  onStopSignal(() => {
    void (async () => {
      feed.close();
      server.close();
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
