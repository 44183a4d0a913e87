/**
 * One ffmpeg per recording: it reads the composited pictures (I420 in a
 * Matroska stream on its stdin, each picture with its timestamp) and the mixed
 * audio (s16le mono 48 kHz on fd 3) and writes a fragmented MP4 (H.264 + AAC;
 * a fragment per keyframe, so a killed encoder still leaves a playable file),
 * or an M4A without video. The audio is raw: ffmpeg stamps it by count, so the
 * caller writes exactly 48000 samples per second, and none is ever left out.
 * Pictures are stamped, so the queue into an encoder that falls behind is
 * bounded by leaving pictures out (counted) while the sound stays whole and
 * in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { withParentDeathSignal } from '../../util/parent-death';
import { MIX_SAMPLE_RATE } from './audio-mixer';
import { matroskaHeader, matroskaPicturePrefix } from './matroska-video';

export interface EncoderSettings {
  /** null: audio only (M4A). */
  video: { width: number; height: number; fps: number; bitrateKbps: number } | null;
  /** null: video only (a raw track's file). */
  audioBitrateKbps: number | null;
  /** The file written, or null: MPEG-TS on stdout for the live stream's relays. */
  path: string | null;
  /**
   * Paths (FIFOs) the media engine's compositor writes the pictures and the
   * sound to; without them the encoder reads them from this process (stdin, fd 3).
   */
  inputs?: { videoPath: string | null; audioPath: string };
}

/** How the encoder ended: asked to (`requested`) or not (its exit code or signal). */
export type EncoderEnd = { requested: true } | { requested: false; reason: string };

/** Seconds between keyframes, hence between MP4 fragments: what a crash can lose at most. */
const KEYFRAME_INTERVAL_S = 1;
/** Pictures waiting for the encoder, in seconds of video, beyond which new ones are left out. */
const MAX_QUEUED_VIDEO_S = 0.5;
/** Fewest pictures the queue holds (one being written, one waiting) at any frame rate. */
const MIN_QUEUED_PICTURES = 2;

function x264Args(v: NonNullable<EncoderSettings['video']>): string[] {
  const kbps = v.bitrateKbps;
  return [
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p'],
    ...['-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${2 * kbps}k`],
    ...['-g', String(v.fps * KEYFRAME_INTERVAL_S)],
    // By time too: with pictures left out, a count of frames would space the fragments further.
    ...['-force_key_frames', `expr:gte(t,n_forced*${KEYFRAME_INTERVAL_S})`],
    // Stamped pictures: a left-out one leaves a longer frame on the grid of 1/fps.
    ...['-fps_mode', 'vfr', '-r', String(v.fps)],
  ];
}

function outputArgs(s: EncoderSettings): string[] {
  // Each fragment reaches the disk when it is complete (no output buffering), so a crash loses at most one.
  if (s.path)
    return ['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-flush_packets', '1', '-f', 'mp4', s.path];
  // FLV (what the relays push) carries AAC at 44.1 kHz.
  return ['-ar', '44100', '-flush_packets', '1', '-f', 'mpegts', 'pipe:1'];
}

function ffmpegArgs(s: EncoderSettings): string[] {
  const head = ['-nostdin', '-loglevel', 'error', '-y'];
  const audioPath = s.inputs?.audioPath ?? (s.video ? 'pipe:3' : 'pipe:0');
  const audioIn = ['-f', 's16le', '-ar', String(MIX_SAMPLE_RATE), '-ac', '1', '-i', audioPath];
  const audioOut = ['-c:a', 'aac', '-b:a', `${s.audioBitrateKbps}k`];
  if (!s.video) {
    // Without video there are no keyframes: cut a fragment every second instead.
    return [...head, ...audioIn, ...audioOut, '-frag_duration', '1000000', ...outputArgs(s)];
  }
  const videoIn = ['-f', 'matroska', '-i', s.inputs?.videoPath ?? 'pipe:0'];
  if (s.audioBitrateKbps === null) return [...head, ...videoIn, ...x264Args(s.video), '-an', ...outputArgs(s)];
  const maps = ['-map', '0:v', '-map', '1:a'];
  return [...head, ...videoIn, ...audioIn, ...maps, ...x264Args(s.video), ...audioOut, ...outputArgs(s)];
}

/** What the encoder's input queues hold and what was left out of them. */
export interface EncoderBacklog {
  /** Pictures left out because the encoder had not taken the earlier ones. */
  droppedPictures: number;
  /** Pictures handed to the encoder. */
  writtenPictures: number;
  /** The most picture bytes that ever waited for the encoder. */
  peakQueuedVideoBytes: number;
  /** Seconds of sound waiting for the encoder now. */
  queuedAudioS: number;
}

export class RecordingEncoder {
  private readonly child: ChildProcess;
  private readonly videoIn: Writable | null;
  private readonly audioIn: Writable | null;
  private readonly maxQueuedVideoBytes: number;
  private stopping = false;
  private stderr = '';
  private droppedPictures = 0;
  private writtenPictures = 0;
  private peakQueuedVideoBytes = 0;
  /** Resolves when ffmpeg has exited. */
  readonly ended: Promise<EncoderEnd>;

  constructor(readonly settings: EncoderSettings) {
    const fromEngine = settings.inputs !== undefined;
    const video = settings.video !== null && !fromEngine;
    const audioOnFd3 = video && settings.audioBitrateKbps !== null;
    this.child = spawn(...withParentDeathSignal('ffmpeg', ffmpegArgs(settings)), {
      stdio: [
        fromEngine ? 'ignore' : 'pipe',
        settings.path ? 'ignore' : 'pipe',
        'pipe',
        ...(audioOnFd3 ? (['pipe'] as const) : []),
      ],
    });
    this.videoIn = video ? this.child.stdin : null;
    const audioIn = video ? (audioOnFd3 ? this.child.stdio[3] : null) : fromEngine ? null : this.child.stdin;
    this.audioIn = audioIn as Writable | null;
    const v = video ? settings.video : null;
    const pictureBytes = v ? (v.width * v.height * 3) / 2 : 0;
    this.maxQueuedVideoBytes =
      pictureBytes * Math.max(MIN_QUEUED_PICTURES, Math.ceil((v?.fps ?? 0) * MAX_QUEUED_VIDEO_S));
    if (v) this.videoIn!.write(matroskaHeader(v.width, v.height));
    // A dead encoder makes writes fail with EPIPE: the exit below reports it.
    for (const s of [this.videoIn, this.audioIn]) s?.on('error', () => undefined);
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    this.ended = new Promise((resolve) => {
      this.child.once('error', (e) => resolve({ requested: false, reason: `ffmpeg could not start: ${e.message}` }));
      this.child.once('exit', (code, signal) => {
        if (this.stopping && code === 0) return resolve({ requested: true });
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const detail = this.stderr.trim().split('\n').pop();
        resolve({ requested: false, reason: `the encoder ${how}${detail ? `: ${detail}` : ''}` });
      });
    });
  }

  /** The encoded MPEG-TS (live streams only). */
  get output(): NodeJS.ReadableStream | null {
    return this.child.stdout;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The input queues now (tests, logs and the recorder's keep-up check). */
  get backlog(): EncoderBacklog {
    return {
      droppedPictures: this.droppedPictures,
      writtenPictures: this.writtenPictures,
      peakQueuedVideoBytes: this.peakQueuedVideoBytes,
      queuedAudioS: (this.audioIn?.writableLength ?? 0) / (2 * MIX_SAMPLE_RATE),
    };
  }

  /**
   * Queues a picture shown from `timestampUs` (since the start) on, or leaves
   * it out (false) when the pictures before it still wait for the encoder.
   */
  writeVideo(picture: Buffer, timestampUs: number): boolean {
    const input = this.videoIn;
    if (this.stopping || !input) return false;
    if (input.writableLength + picture.length > this.maxQueuedVideoBytes) {
      this.droppedPictures++;
      return false;
    }
    input.write(matroskaPicturePrefix(picture.length, timestampUs));
    input.write(picture);
    this.writtenPictures++;
    this.peakQueuedVideoBytes = Math.max(this.peakQueuedVideoBytes, input.writableLength);
    return true;
  }

  writeAudio(samples: Buffer): void {
    if (!this.stopping) this.audioIn?.write(samples);
  }

  /**
   * Ends the inputs; ffmpeg writes its last fragment and exits. With engine
   * inputs the engine closes them (compositor release) before this is called.
   */
  async stop(timeoutMs = 10_000): Promise<EncoderEnd> {
    this.stopping = true;
    this.videoIn?.end();
    this.audioIn?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.ended;
    } finally {
      clearTimeout(timer);
    }
  }
}
