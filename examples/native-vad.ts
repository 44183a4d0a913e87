/**
 * Tells who is speaking: each participant's audio, as an async iterator
 * (`client.audioFrames`), through its own NativeVad, with daily-python's VAD
 * demo smoothing (0.90 threshold, 300 ms to start, 700 ms to stop).
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/native-vad.ts <meeting URL>
 *
 * Runs until Ctrl-C (SIGINT) or SIGTERM: then it leaves the call, releases
 * the client and exits with code 0.
 */
import { CallClient, Daily, type Participant } from 'daily-node';

import { SpeechSegmenter } from './speech-segments';
import { onStopSignal } from './stop-signals';

const RATE = 16000;

function who(participant: Participant): string {
  return participant.info.userName ? `${participant.info.userName} (${participant.id})` : participant.id;
}

async function listen(client: CallClient, participant: Participant): Promise<void> {
  const name = who(participant);
  const segmenter = new SpeechSegmenter(Daily.createNativeVad({ sampleRate: RATE, resetPeriodMs: 2000 }), (speaking) =>
    console.log(`${new Date().toISOString()}  ${name} ${speaking ? 'started speaking' : 'stopped speaking'}`),
  );
  // Ends by itself when the participant leaves or this client leaves.
  for await (const frame of client.audioFrames(participant.id, { sampleRate: RATE, intervalMs: 20 }))
    segmenter.push(frame.audioData.audioFrames);
  segmenter.finish();
}

async function stop(client: CallClient): Promise<void> {
  try {
    await client.leave();
    await client.release();
    await Daily.deinit();
    console.log('left');
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const [meetingUrl] = process.argv.slice(2);
  if (!meetingUrl) throw new Error('usage: native-vad.ts <meeting URL>');
  await Daily.init();
  const client = new CallClient();
  await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'subscribed' } });
  client.on('participant-joined', (p) => void listen(client, p));
  const joined = await client.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone: false } } });
  for (const [key, p] of Object.entries(joined!.participants)) if (key !== 'local') void listen(client, p);
  onStopSignal(() => void stop(client));
  console.log('listening; Ctrl-C to stop');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
