/**
 * A whole voice agent loop, offline: listen → understand → speak. The bot
 * starts the call's transcription (it needs an owner or
 * `canAdmin: transcription` meeting token; the room needs
 * `enable_transcription: true`), and answers each sentence someone else says
 * by speaking it back ("you said ...") through its virtual microphone, with
 * flite's voice.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/voice-echo-bot.ts <meeting URL> <meeting token>
 *
 * Runs until Ctrl-C (SIGINT) or SIGTERM: then it leaves the call, releases
 * the client and exits with code 0.
 */
import { CallClient, Daily, type TranscriptionMessage, type VirtualMicrophoneDevice } from 'daily-node';

import { FLITE_RATE, speak } from './flite';
import { onStopSignal } from './stop-signals';

/** Replies one at a time, in order: a sentence heard while speaking waits for the previous reply. */
function replier(mic: VirtualMicrophoneDevice): (text: string) => void {
  let queue = Promise.resolve();
  return (text) => {
    queue = queue
      .then(async () => {
        await mic.writeFrames(await speak(`you said ${text}`));
        console.log(`said: you said ${text}`);
      })
      .catch((err: unknown) => console.error('reply failed:', err));
  };
}

async function stop(client: CallClient): Promise<void> {
  try {
    await client.stopTranscription()?.catch(() => undefined);
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
  const [meetingUrl, meetingToken] = process.argv.slice(2);
  if (!meetingUrl || !meetingToken) throw new Error('usage: voice-echo-bot.ts <meeting URL> <meeting token>');
  await Daily.init();
  const mic = Daily.createMicrophoneDevice('echo-bot-mic', { sampleRate: FLITE_RATE, channels: 1 });
  const client = new CallClient();
  client.setUserName('Echo bot');
  await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'unsubscribed' } });
  const reply = replier(mic);
  client.on('transcription-message', (m: TranscriptionMessage) => {
    // Its own voice is transcribed too: answering it would never end.
    if (m.participantId === client.participants().local.id) return;
    const name = client.participants()[m.participantId]?.info.userName || m.participantId;
    console.log(`heard ${name}: ${m.text}`);
    reply(m.text);
  });
  client.on('transcription-error', (message) => console.error(`transcription error: ${message}`));
  await client.join(meetingUrl, {
    meetingToken,
    clientSettings: {
      inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'echo-bot-mic' } } },
    },
  });
  await client.startTranscription();
  onStopSignal(() => void stop(client));
  console.log(`transcribing as ${client.participants().local.id}; say something (Ctrl-C to stop)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
