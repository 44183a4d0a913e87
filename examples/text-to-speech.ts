/**
 * Speaks each line of a text file into a call with flite's voice, then
 * leaves, like daily-python's demos/google/google_text_to_speech.py (offline:
 * flite instead of a cloud text-to-speech service).
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/text-to-speech.ts <meeting URL> <text file>
 *
 * Needs `flite` (sudo apt-get install -y flite). Empty lines are skipped.
 */
import * as fs from 'node:fs';

import { CallClient, Daily } from 'daily-node';

import { FLITE_RATE, speak } from './flite';

async function main(): Promise<void> {
  const [meetingUrl, textFile] = process.argv.slice(2);
  if (!meetingUrl || !textFile) throw new Error('usage: text-to-speech.ts <meeting URL> <text file>');
  const lines = fs
    .readFileSync(textFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

  await Daily.init();
  const mic = Daily.createMicrophoneDevice('tts-mic', { sampleRate: FLITE_RATE, channels: 1 });
  const client = new CallClient();
  client.setUserName('Text to speech');
  await client.join(meetingUrl, {
    clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'tts-mic' } } } },
  });
  console.log(`joined as ${client.participants().local.id}; speaking ${lines.length} lines`);
  for (const line of lines) {
    // A blocking microphone: the promise resolves once the line has played.
    await mic.writeFrames(await speak(line));
    console.log(`said: ${line}`);
  }
  await client.leave();
  await client.release();
  await Daily.deinit();
  console.log('done');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
