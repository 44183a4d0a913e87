/**
 * Test audio as 16-bit PCM: speech spoken by flite (installed by scripts/setup)
 * and resampled with sox, white noise and silence, plus frame helpers.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Mono 16-bit PCM of `text` spoken by flite's `rms` voice, at `sampleRate`. */
export function fliteSpeech(text: string, sampleRate: number): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-speech-'));
  try {
    const wav = path.join(dir, 'speech.wav');
    const raw = path.join(dir, 'speech.raw');
    execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', wav]);
    execFileSync('sox', [wav, '-t', 'raw', '-r', String(sampleRate), '-e', 'signed', '-b', '16', '-c', '1', raw]);
    return fs.readFileSync(raw);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Gaussian white noise with the given RMS level in dBFS, reproducible from `seed`. */
export function whiteNoise(sampleRate: number, seconds: number, rmsDbfs: number, seed = 1): Buffer {
  const samples = Math.round(sampleRate * seconds);
  const out = Buffer.alloc(samples * 2);
  const sigma = 32767 * 10 ** (rmsDbfs / 20);
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 1) / 4294967297;
  };
  for (let i = 0; i < samples; i++) {
    const gaussian = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(gaussian * sigma))), i * 2);
  }
  return out;
}

/** Digital silence. */
export function silence(sampleRate: number, seconds: number, channels = 1): Buffer {
  return Buffer.alloc(Math.round(sampleRate * seconds) * 2 * channels);
}

/** Consecutive 10 ms frames of `pcm` (views, not copies); a partial tail is dropped. */
export function frames10ms(pcm: Buffer, sampleRate: number, channels = 1): Buffer[] {
  const size = (sampleRate / 100) * 2 * channels;
  const out: Buffer[] = [];
  for (let offset = 0; offset + size <= pcm.length; offset += size) out.push(pcm.subarray(offset, offset + size));
  return out;
}

/** RMS of a 16-bit PCM buffer in dBFS (-Infinity for silence). */
export function rmsDbfs(pcm: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) sum += pcm.readInt16LE(i) ** 2;
  return 20 * Math.log10(Math.sqrt(sum / (pcm.length / 2)) / 32767);
}

/** Interleaves two mono buffers of equal length into stereo. */
export function interleave(left: Buffer, right: Buffer): Buffer {
  const out = Buffer.alloc(left.length * 2);
  for (let i = 0; i < left.length / 2; i++) {
    out.writeInt16LE(left.readInt16LE(i * 2), i * 4);
    out.writeInt16LE(right.readInt16LE(i * 2), i * 4 + 2);
  }
  return out;
}
