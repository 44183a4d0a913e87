/**
 * One ffmpeg per recording: it reads the composited raw picture (I420 on its
 * stdin) and the mixed audio (s16le mono 48 kHz on fd 3) and writes a
 * fragmented MP4 (H.264 + AAC; a fragment per keyframe, so a killed encoder
 * still leaves a playable file), or an M4A without video. The inputs are raw
 * streams at fixed rates: ffmpeg stamps them by count, so the caller must
 * write exactly `fps` pictures and 48000 samples per second.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { withParentDeathSignal } from '../../util/parent-death';
import { MIX_SAMPLE_RATE } from './audio-mixer';

export interface EncoderSettings {
  /** null: audio only (M4A). */
  video: { width: number; height: number; fps: number; bitrateKbps: number } | null;
  audioBitrateKbps: number;
  /** The file written, or null: MPEG-TS on stdout for the live stream's relays. */
  path: string | null;
}

/** How the encoder ended: asked to (`requested`) or not (its exit code or signal). */
export type EncoderEnd = { requested: true } | { requested: false; reason: string };

/** Seconds between keyframes, hence between MP4 fragments: what a crash can lose at most. */
const KEYFRAME_INTERVAL_S = 1;

function ffmpegArgs(s: EncoderSettings): string[] {
  const audioIn = ['-f', 's16le', '-ar', String(MIX_SAMPLE_RATE), '-ac', '1', '-i', s.video ? 'pipe:3' : 'pipe:0'];
  const audioOut = ['-c:a', 'aac', '-b:a', `${s.audioBitrateKbps}k`];
  // Each fragment reaches the disk when it is complete (no output buffering), so a crash loses at most one.
  const mp4 = s.path
    ? ['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-flush_packets', '1', '-f', 'mp4', s.path]
    : // FLV (what the relays push) carries AAC at 44.1 kHz.
      ['-ar', '44100', '-flush_packets', '1', '-f', 'mpegts', 'pipe:1'];
  if (!s.video) {
    // Without video there are no keyframes: cut a fragment every second instead.
    return ['-nostdin', '-loglevel', 'error', '-y', ...audioIn, ...audioOut, '-frag_duration', '1000000', ...mp4];
  }
  const v = s.video;
  const videoIn = ['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${v.width}x${v.height}`, '-r', String(v.fps)];
  const videoOut = [
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-tune',
    'zerolatency',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    `${v.bitrateKbps}k`,
    '-maxrate',
    `${v.bitrateKbps}k`,
    '-bufsize',
    `${2 * v.bitrateKbps}k`,
    '-g',
    String(v.fps * KEYFRAME_INTERVAL_S),
  ];
  return [
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    ...videoIn,
    '-i',
    'pipe:0',
    ...audioIn,
    '-map',
    '0:v',
    '-map',
    '1:a',
    ...videoOut,
    ...audioOut,
    ...mp4,
  ];
}

export class RecordingEncoder {
  private readonly child: ChildProcess;
  private readonly videoIn: Writable | null;
  private readonly audioIn: Writable;
  private stopping = false;
  private stderr = '';
  /** Resolves when ffmpeg has exited. */
  readonly ended: Promise<EncoderEnd>;

  constructor(readonly settings: EncoderSettings) {
    const video = settings.video !== null;
    this.child = spawn(...withParentDeathSignal('ffmpeg', ffmpegArgs(settings)), {
      stdio: ['pipe', settings.path ? 'ignore' : 'pipe', 'pipe', ...(video ? (['pipe'] as const) : [])],
    });
    this.videoIn = video ? this.child.stdin : null;
    this.audioIn = (video ? this.child.stdio[3] : this.child.stdin) as Writable;
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

  writeVideo(frame: Buffer): void {
    if (!this.stopping) this.videoIn?.write(frame);
  }

  writeAudio(samples: Buffer): void {
    if (!this.stopping) this.audioIn.write(samples);
  }

  /** Ends the inputs; ffmpeg writes its last fragment and exits. */
  async stop(timeoutMs = 10_000): Promise<EncoderEnd> {
    this.stopping = true;
    this.videoIn?.end();
    this.audioIn.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.ended;
    } finally {
      clearTimeout(timer);
    }
  }
}
