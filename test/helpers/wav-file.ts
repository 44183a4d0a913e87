/** Strict reading of the WAV files the examples write, for assertions. */
import * as fs from 'node:fs';

export interface PcmWav {
  sampleRate: number;
  channels: number;
  /** 16-bit little-endian PCM. */
  pcm: Buffer;
}

/**
 * Reads a canonical 16-bit PCM WAV file (RIFF header, `fmt ` then `data`);
 * throws naming what is wrong with the header.
 */
export function readPcmWav(path: string): PcmWav {
  const file = fs.readFileSync(path);
  const fail = (why: string): never => {
    throw new Error(`${path}: ${why}`);
  };
  if (file.length < 44) fail(`${file.length} bytes, shorter than a WAV header`);
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') fail('no RIFF/WAVE header');
  if (file.readUInt32LE(4) !== file.length - 8)
    fail(`RIFF size ${file.readUInt32LE(4)} but the file has ${file.length - 8} bytes after it`);
  if (file.toString('ascii', 12, 16) !== 'fmt ' || file.readUInt32LE(16) !== 16) fail('no 16-byte fmt chunk first');
  if (file.readUInt16LE(20) !== 1) fail(`format ${file.readUInt16LE(20)}, PCM (1) expected`);
  const channels = file.readUInt16LE(22);
  const sampleRate = file.readUInt32LE(24);
  const bits = file.readUInt16LE(34);
  if (bits !== 16) fail(`${bits}-bit samples, 16 expected`);
  if (file.readUInt32LE(28) !== sampleRate * channels * 2 || file.readUInt16LE(32) !== channels * 2)
    fail('byte rate or block align inconsistent');
  if (file.toString('ascii', 36, 40) !== 'data') fail('no data chunk after fmt');
  const size = file.readUInt32LE(40);
  if (size !== file.length - 44) fail(`data size ${size} but ${file.length - 44} bytes follow`);
  return { sampleRate, channels, pcm: file.subarray(44) };
}
