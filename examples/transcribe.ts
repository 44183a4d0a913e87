/**
 * Prints the call's live captions with speakers' names: every
 * `transcription-message` the server sends. With an owner (or
 * `canAdmin: transcription`) meeting token it starts the transcription
 * itself if nobody has; without one it waits for someone to start it. The
 * room needs `enable_transcription: true`.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/transcribe.ts <meeting URL> [meeting token]
 *
 * Runs until Ctrl-C (SIGINT) or SIGTERM: then it leaves the call, releases
 * the client and exits with code 0.
 */
import { CallClient, Daily } from 'daily-node';

import { onStopSignal } from './stop-signals';

/** Names of everyone seen, kept after they leave (their last captions may come later). */
const names = new Map<string, string>();

/** The name of a participant in the call, or the one it had when last seen. */
function nameOf(client: CallClient, id: string): string {
  const name = client.participants()[id]?.info.userName;
  if (name) names.set(id, name);
  return names.get(id) ?? id;
}

function clock(iso: string): string {
  return iso.slice(11, 23);
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
  const [meetingUrl, meetingToken] = process.argv.slice(2);
  if (!meetingUrl) throw new Error('usage: transcribe.ts <meeting URL> [meeting token]');
  await Daily.init();
  const client = new CallClient();
  client.setUserName('Captions');
  // Captions come from the server: this client receives no media at all.
  await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'unsubscribed' } });
  let running = false;
  client.on('participant-left', (p) => names.set(p.id, p.info.userName || p.id));
  client.on('transcription-started', (status) => {
    running = true;
    console.log(`transcription started by ${nameOf(client, status.startedBy)} (${status.language}, ${status.model})`);
  });
  client.on('transcription-message', (m) =>
    console.log(`${clock(m.timestamp)}  ${nameOf(client, m.participantId)}: ${m.text}`),
  );
  client.on('transcription-stopped', (by, byError) => {
    running = false;
    console.log(byError ? 'transcription stopped by an error' : `transcription stopped by ${nameOf(client, by ?? '')}`);
  });
  client.on('transcription-error', (message) => console.log(`transcription error: ${message}`));
  await client.join(meetingUrl, {
    ...(meetingToken ? { meetingToken } : {}),
    clientSettings: { inputs: { camera: false, microphone: false } },
  });
  if (meetingToken && !running) await client.startTranscription();
  onStopSignal(() => void stop(client));
  console.log('captions follow; Ctrl-C to stop');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
