/**
 * Waits until someone's microphone can be heard, then records a fixed number
 * of seconds of the call's mixed audio to a WAV file with one read, like
 * daily-python's demos/audio/timed_wav_audio_receive.py.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/timed-wav-audio-receive.ts \
 *     <meeting URL> <out.wav> [seconds, default 5]
 *
 * Leaves and exits once the file is written.
 */
import { CallClient, Daily, type Participant } from 'daily-node';

import { writeWav } from './wav';

const RATE = 16000;

const audible = (p: Participant): boolean => !p.info.isLocal && p.media.microphone.state === 'playable';

async function main(): Promise<void> {
  const [meetingUrl, out, secondsArg] = process.argv.slice(2);
  if (!meetingUrl || !out) throw new Error('usage: timed-wav-audio-receive.ts <meeting URL> <out.wav> [seconds]');
  const seconds = Number(secondsArg ?? 5);
  if (!(seconds > 0)) throw new Error(`seconds: must be a positive number, got ${secondsArg}`);

  await Daily.init();
  const speaker = Daily.createSpeakerDevice('timed-recorder', { sampleRate: RATE, channels: 1 });
  await Daily.selectSpeakerDevice('timed-recorder');
  const client = new CallClient();
  await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'subscribed' } });
  // Listening before joining: the microphone may become playable during the join.
  const someoneAudible = new Promise<Participant>((resolve) =>
    client.on('participant-updated', (p) => audible(p) && resolve(p)),
  );
  const joined = await client.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone: false } } });
  console.log('joined; waiting for a microphone to be playable');
  const speaking = Object.values(joined!.participants).find(audible) ?? (await someoneAudible);
  console.log(`${speaking.info.userName || speaking.id}'s microphone is playable; recording ${seconds} s`);

  // One read of the whole duration: it resolves once that much has played.
  const pcm = await speaker.readFrames(Math.round(seconds * RATE));
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
