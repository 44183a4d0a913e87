/**
 * Records the call's mixed audio to a WAV file through a virtual speaker, like
 * daily-python's demos/audio/wav_audio_receive.py.
 *
 *   npx ts-node -P examples/tsconfig.json examples/wav-audio-receive.ts <meeting URL> <out.wav> [seconds, default 10]
 */
import { CallClient, Daily } from 'daily-node';

import { writeWav } from './wav';

const RATE = 16000;

async function main(): Promise<void> {
  const [meetingUrl, out, secondsArg] = process.argv.slice(2);
  if (!meetingUrl || !out) throw new Error('usage: wav-audio-receive.ts <meeting URL> <out.wav> [seconds]');
  const seconds = Number(secondsArg ?? 10);
  await Daily.init();
  const speaker = Daily.createSpeakerDevice('recorder', { sampleRate: RATE, channels: 1 });
  await Daily.selectSpeakerDevice('recorder');
  const client = new CallClient();
  // Audio only: no video is received or decoded.
  await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'subscribed' } });
  await client.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone: false } } });
  console.log(`joined; recording ${seconds} s of the call`);
  const chunks: Buffer[] = [];
  // Blocking reads of 100 ms pace themselves: no sleeps needed.
  for (let i = 0; i < seconds * 10; i++) chunks.push(await speaker.readFrames(RATE / 10));
  writeWav(out, { sampleRate: RATE, channels: 1, pcm: Buffer.concat(chunks) });
  console.log(`wrote ${out}`);
  await client.leave();
  await client.release();
  await Daily.deinit();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
