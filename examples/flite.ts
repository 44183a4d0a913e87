/** Text to speech with flite (Debian `flite`), shared by the examples that speak. */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { readWav } from './wav';

/** flite's `rms` voice speaks at 16 kHz, mono (the voice pocketsphinx recognises best). */
export const FLITE_RATE = 16000;

/** `text` spoken by flite's `rms` voice, as 16-bit mono PCM at {@link FLITE_RATE}. */
export async function speak(text: string): Promise<Int16Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flite-'));
  try {
    const file = path.join(dir, 'speech.wav');
    await promisify(execFile)('flite', ['-voice', 'rms', '-t', text, '-o', file]);
    const wav = readWav(file);
    if (wav.sampleRate !== FLITE_RATE || wav.channels !== 1)
      throw new Error(`flite wrote ${wav.sampleRate} Hz, ${wav.channels} channels`);
    return new Int16Array(wav.pcm.buffer, wav.pcm.byteOffset, wav.pcm.length / 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
