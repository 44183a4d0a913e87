/**
 * Checks of recorded media files with the real tools: ffprobe for streams,
 * ffmpeg to pull a frame or the audio out, pocketsphinx for what was said.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { POCKETSPHINX_MODEL_DIR } from '../../../server/src/services/transcription/pocketsphinx-engine';
import type { Rgb } from '../../helpers/video-pixels';

export interface ProbedStream {
  codec_type: 'video' | 'audio';
  codec_name: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
}

export interface Probe {
  streams: ProbedStream[];
  durationS: number;
}

export function probe(file: string): Probe {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  const json = JSON.parse(out.toString()) as { streams: ProbedStream[]; format: { duration?: string } };
  return { streams: json.streams, durationS: Number(json.format.duration ?? 0) };
}

/** The RGB colour at (x, y) of the frame at `atS` seconds. */
export function pixelAt(file: string, atS: number, x: number, y: number): Rgb {
  const raw = execFileSync('ffmpeg', [
    '-v',
    'error',
    '-ss',
    String(atS),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    `format=rgb24,crop=1:1:${x}:${y}`,
    '-f',
    'rawvideo',
    'pipe:1',
  ]);
  return [raw[0]!, raw[1]!, raw[2]!];
}

/** What pocketsphinx hears in the file's audio (16 kHz mono). */
export function transcribe(file: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-rec-'));
  try {
    const wav = path.join(dir, 'audio.wav');
    execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vn', '-ac', '1', '-ar', '16000', wav]);
    const m = POCKETSPHINX_MODEL_DIR;
    const out = execFileSync('pocketsphinx_continuous', [
      '-hmm',
      `${m}/en-us`,
      '-lm',
      `${m}/en-us.lm.bin`,
      '-dict',
      `${m}/cmudict-en-us.dict`,
      '-infile',
      wav,
      '-logfn',
      '/dev/null',
    ]);
    return out.toString().trim().split('\n').join(' ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Presentation times (s) of the packets of the file's first video (`v`) or audio (`a`) stream, in order. */
export function packetTimes(file: string, stream: 'v' | 'a'): number[] {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    `${stream}:0`,
    '-show_entries',
    'packet=pts_time',
    '-of',
    'csv=p=0',
    file,
  ]);
  return out
    .toString()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number)
    .sort((a, b) => a - b);
}
