/**
 * Plays any media file ffmpeg can decode into a call: its picture as the
 * bot's camera (I420) and its sound as a 48 kHz stereo non-blocking
 * microphone, like daily-python's demos/gstreamer/media_player.py (ffmpeg
 * instead of GStreamer).
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/media-player.ts <meeting URL> <media file> \
 *     [--size 1280x720] [--fps 30]
 *
 * Needs `ffmpeg` (sudo apt-get install -y ffmpeg). One ffmpeg child decodes
 * the file in real time (`-re`) and writes the picture and the sound to two
 * pipes, so both follow the file's one clock and stay in sync. Leaves when the
 * file ends, or on Ctrl-C (SIGINT) or SIGTERM.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';

import { CallClient, Daily } from 'daily-node';

import { onFixedChunks } from './fixed-chunks';
import { onStopSignal } from './stop-signals';

const AUDIO_RATE = 48000;
const AUDIO_CHANNELS = 2;
/** 10 ms of 16-bit stereo at 48 kHz: the engine plays audio in 10 ms frames. */
const AUDIO_CHUNK = (AUDIO_RATE / 100) * AUDIO_CHANNELS * 2;

interface Options {
  width: number;
  height: number;
  fps: number;
}

/** Which kinds of stream (`video`, `audio`) the file has, as ffprobe sees them. */
function streamKinds(file: string): Set<string> {
  const args = ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file];
  return new Set(execFileSync('ffprobe', args).toString().split('\n').filter(Boolean));
}

/** ffmpeg decoding `file` in real time: I420 frames on fd 1 (if `video`), 48 kHz stereo s16le on fd 3 (if `audio`). */
function startDecoder(file: string, kinds: Set<string>, o: Options): ChildProcess {
  const video = ['-map', '0:v:0', '-vf', `scale=${o.width}:${o.height},fps=${o.fps}`, '-pix_fmt', 'yuv420p'];
  const audio = ['-map', '0:a:0', '-ar', String(AUDIO_RATE), '-ac', String(AUDIO_CHANNELS)];
  const args = ['-v', 'error', '-nostdin', '-re', '-i', file];
  if (kinds.has('video')) args.push(...video, '-f', 'rawvideo', 'pipe:1');
  if (kinds.has('audio')) args.push(...audio, '-f', 's16le', 'pipe:3');
  return spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit', 'pipe'] });
}

function parseOptions(): { meetingUrl: string; file: string; options: Options } {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { size: { type: 'string', default: '1280x720' }, fps: { type: 'string', default: '30' } },
  });
  const [meetingUrl, file] = positionals;
  if (!meetingUrl || !file) throw new Error('usage: media-player.ts <meeting URL> <media file> [--size WxH] [--fps N]');
  const size = /^(\d+)x(\d+)$/.exec(values.size!);
  const [width, height] = size ? [Number(size[1]), Number(size[2])] : [0, 0];
  // I420 halves both dimensions for the colour planes.
  if (!(width >= 16 && height >= 16 && width % 2 === 0 && height % 2 === 0))
    throw new Error(`--size: must be WIDTHxHEIGHT, even numbers of at least 16, got ${values.size}`);
  const fps = Number(values.fps);
  if (!(fps >= 1 && fps <= 60)) throw new Error(`--fps: must be a number from 1 to 60, got ${values.fps}`);
  return { meetingUrl, file, options: { width, height, fps } };
}

async function main(): Promise<void> {
  const { meetingUrl, file, options } = parseOptions();
  const kinds = streamKinds(file);
  if (!kinds.has('video') && !kinds.has('audio')) throw new Error(`${file}: no video or audio stream`);

  await Daily.init();
  const camera = Daily.createCameraDevice('player-camera', options.width, options.height, { colorFormat: 'I420' });
  const mic = Daily.createMicrophoneDevice('player-mic', {
    sampleRate: AUDIO_RATE,
    channels: AUDIO_CHANNELS,
    nonBlocking: true,
    // Sound beside pictures: after a stall, late sound is dropped rather than played behind the pictures.
    liveStream: true,
  });
  const client = new CallClient();
  client.setUserName('Media player');
  await client.join(meetingUrl, {
    clientSettings: {
      inputs: {
        camera: { isEnabled: kinds.has('video'), settings: { deviceId: 'player-camera' } },
        microphone: { isEnabled: kinds.has('audio'), settings: { deviceId: 'player-mic' } },
      },
    },
  });
  console.log(`joined as ${client.participants().local.id}; playing ${file} (${[...kinds].sort().join(' + ')})`);

  const decoder = startDecoder(file, kinds, options);
  if (kinds.has('video'))
    onFixedChunks(decoder.stdout!, (options.width * options.height * 3) / 2, (frame) => camera.writeFrame(frame));
  // Non-blocking: each write returns at once; the engine plays the queued audio on its own clock.
  if (kinds.has('audio')) onFixedChunks(decoder.stdio[3] as Readable, AUDIO_CHUNK, (pcm) => void mic.writeFrames(pcm));

  let stopping = false;
  const stop = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(why);
    decoder.kill('SIGTERM');
    // The sound written last is still queued: a last 10 ms of silence completes once it has all played.
    if (kinds.has('audio')) await new Promise((played) => mic.writeFrames(Buffer.alloc(AUDIO_CHUNK), played));
    await client.leave();
    await client.release();
    await Daily.deinit();
    console.log('left');
  };
  decoder.once('exit', (code, signal) => {
    if (code !== 0 && !stopping) process.exitCode = 1;
    void stop(code === 0 ? 'end of file' : `ffmpeg exited (${code ?? signal})`);
  });
  onStopSignal(() => void stop('stopping'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
