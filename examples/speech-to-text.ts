/**
 * Records a number of seconds of a call's audio with one read, then
 * transcribes it with pocketsphinx and prints the words, like daily-python's
 * demos/google/google_speech_to_text.py (offline: pocketsphinx instead of a
 * cloud speech-to-text service).
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/speech-to-text.ts <meeting URL> [seconds, default 10]
 *
 * Needs `pocketsphinx` and its English model
 * (sudo apt-get install -y pocketsphinx pocketsphinx-en-us). Leaves and exits
 * after printing the transcript.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { CallClient, Daily } from 'daily-node';

import { writeWav } from './wav';

/** pocketsphinx's English model is trained on 16 kHz mono speech. */
const RATE = 16000;
const MODEL = '/usr/share/pocketsphinx/model/en-us';

/** The words pocketsphinx recognises in 16 kHz mono `pcm`, one utterance per line. */
async function transcribe(pcm: Buffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'speech-to-text-'));
  try {
    const file = path.join(dir, 'call.wav');
    writeWav(file, { sampleRate: RATE, channels: 1, pcm });
    const args = ['-hmm', `${MODEL}/en-us`, '-lm', `${MODEL}/en-us.lm.bin`, '-dict', `${MODEL}/cmudict-en-us.dict`];
    const { stdout } = await promisify(execFile)('pocketsphinx_continuous', [
      ...args,
      '-logfn',
      '/dev/null',
      '-infile',
      file,
    ]);
    return stdout.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [meetingUrl, secondsArg] = process.argv.slice(2);
  if (!meetingUrl) throw new Error('usage: speech-to-text.ts <meeting URL> [seconds]');
  const seconds = Number(secondsArg ?? 10);
  if (!(seconds > 0 && seconds <= 60)) throw new Error(`seconds: must be a number from 1 to 60, got ${secondsArg}`);

  await Daily.init();
  const speaker = Daily.createSpeakerDevice('speech-to-text', { sampleRate: RATE, channels: 1 });
  await Daily.selectSpeakerDevice('speech-to-text');
  const client = new CallClient();
  await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'subscribed' } });
  await client.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone: false } } });
  console.log(`joined; recording ${seconds} s`);
  const pcm = await speaker.readFrames(Math.round(seconds * RATE));
  await client.leave();
  await client.release();
  await Daily.deinit();

  const transcript = await transcribe(pcm);
  console.log(transcript ? `transcript: ${transcript.split('\n').join(' / ')}` : 'transcript: (no speech heard)');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
