/**
 * Writes the call's mixed audio to stdout as raw 16-bit PCM through a virtual
 * speaker, like daily-python's demos/audio/raw_audio_receive.py. Messages go
 * to stderr, so stdout carries nothing but audio.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/raw-audio-receive.ts \
 *     <meeting URL> [sample rate, default 16000] [channels, default 1] | \
 *     ffplay -nodisp -f s16le -ar 16000 -ch_layout mono -
 *
 * Runs until Ctrl-C (SIGINT), SIGTERM or until the reader closes stdout; then
 * it leaves the call.
 */
import { once } from 'node:events';

import { CallClient, Daily } from 'daily-node';

import { onStopSignal } from './stop-signals';

async function main(): Promise<void> {
  const [meetingUrl, rateArg, channelsArg] = process.argv.slice(2);
  if (!meetingUrl) throw new Error('usage: raw-audio-receive.ts <meeting URL> [sample rate] [channels]');
  const sampleRate = Number(rateArg ?? 16000);
  const channels = Number(channelsArg ?? 1);
  let stopped = false;
  onStopSignal(() => (stopped = true));
  // EPIPE: whoever read stdout has gone away.
  process.stdout.on('error', () => (stopped = true));

  await Daily.init();
  const speaker = Daily.createSpeakerDevice('raw-speaker', { sampleRate, channels });
  await Daily.selectSpeakerDevice('raw-speaker');
  const client = new CallClient();
  // Audio only: no video is received or decoded.
  await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'subscribed' } });
  await client.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone: false } } });
  console.error(`joined; writing the call's audio to stdout (${sampleRate} Hz, ${channels} channel(s), 16-bit)`);

  while (!stopped) {
    // A blocking read of 100 ms paces the loop in real time.
    const pcm = await speaker.readFrames(sampleRate / 10);
    // A slow reader holds the loop back (the speaker keeps mixing meanwhile).
    if (!process.stdout.write(pcm)) await once(process.stdout, 'drain').catch(() => (stopped = true));
  }
  console.error('stopping');
  await client.leave();
  await client.release();
  await Daily.deinit();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
