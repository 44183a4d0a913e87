/** Minimal WAV (RIFF, 16-bit PCM) reading and writing for the examples. */
import * as fs from 'node:fs';

export interface Wav {
  sampleRate: number;
  channels: number;
  /** 16-bit little-endian PCM, channels interleaved. */
  pcm: Buffer;
}

/** Reads a 16-bit PCM WAV file (walks the chunks; `fmt ` and `data` may be anywhere). */
export function readWav(path: string): Wav {
  const file = fs.readFileSync(path);
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error(`${path} is not a WAV file`);
  let offset = 12;
  let format: { sampleRate: number; channels: number; bits: number } | undefined;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = {
        channels: file.readUInt16LE(body + 2),
        sampleRate: file.readUInt32LE(body + 4),
        bits: file.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) throw new Error(`${path}: data before fmt`);
      if (format.bits !== 16) throw new Error(`${path}: ${format.bits}-bit samples; 16-bit expected`);
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        pcm: file.subarray(body, Math.min(file.length, body + size)),
      };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Writes 16-bit PCM as a WAV file. */
export function writeWav(path: string, wav: Wav): void {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + wav.pcm.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(wav.channels, 22);
  header.writeUInt32LE(wav.sampleRate, 24);
  header.writeUInt32LE(wav.sampleRate * wav.channels * 2, 28);
  header.writeUInt16LE(wav.channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(wav.pcm.length, 40);
  fs.writeFileSync(path, Buffer.concat([header, wav.pcm]));
}
