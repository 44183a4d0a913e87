/**
 * Records the call's mixed audio to a WAV file through a virtual speaker, like
 * daily-python's demos/audio/wav_audio_receive.py.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/wav-audio-receive.ts \
 *     <meeting URL> <out.wav> [seconds, default 10]
 *
 * Ctrl-C (SIGINT) or SIGTERM ends the recording early: what was recorded so
 * far is still written, then the bot leaves.
 */
import { CallClient, Daily } from 'daily-node';

import { onStopSignal } from './stop-signals';
import { writeWav } from './wav';

const RATE = 16000;

async function main(): Promise<void> {
  const [meetingUrl, out, secondsArg] = process.argv.slice(2);
  if (!meetingUrl || !out) throw new Error('usage: wav-audio-receive.ts <meeting URL> <out.wav> [seconds]');
  const seconds = Number(secondsArg ?? 10);
  if (!(seconds > 0)) throw new Error(`seconds: must be a positive number, got ${secondsArg}`);
  let stopped = false;
  onStopSignal(() => (stopped = true));

  await Daily.init();
  const speaker = Daily.createSpeakerDevice('recorder', { sampleRate: RATE, channels: 1 });
  await Daily.selectSpeakerDevice('recorder');
  const client = new CallClient();
  // Audio only: no video is received or decoded.
  await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'subscribed' } });
  await client.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone: false } } });
  console.log(`joined; recording ${seconds} s of the call`);
  const chunks: Buffer[] = [];
  // Blocking reads of 100 ms pace themselves: no sleeps needed. A signal ends
  // the loop after the read under way.
  for (let i = 0; i < seconds * 10 && !stopped; i++) chunks.push(await speaker.readFrames(RATE / 10));
  const pcm = Buffer.concat(chunks);
  writeWav(out, { sampleRate: RATE, channels: 1, pcm });
  console.log(`wrote ${out} (${(pcm.length / 2 / RATE).toFixed(1)} s)`);
  await client.leave();
  await client.release();
  await Daily.deinit();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
