/**
 * A phone bot: it waits in a room that takes dial-in calls (room property
 * `sip`, server started with `--sip-port`), greets each caller with flite's
 * voice, says back every digit the caller presses, and hangs up on `#`.
 * It needs an owner meeting token (dial-in events and hanging up are for admins).
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/phone-bot.ts <meeting URL> <meeting token>
 *
 * Prints `dial in at <SIP URI>` once the room's endpoint is known, then one
 * line per caller, digit and hang-up. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { CallClient, Daily, type VirtualMicrophoneDevice } from 'daily-node';

import { onStopSignal } from './stop-signals';
import { readWav } from './wav';

/** flite's `rms` voice speaks at 16 kHz. */
const RATE = 16000;
const DIGIT_NAMES: Record<string, string> = { '*': 'star', '#': 'pound' };

/** `text` spoken by flite, as 16-bit mono PCM. */
async function speech(text: string): Promise<Int16Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phone-bot-'));
  try {
    const file = path.join(dir, 'say.wav');
    await promisify(execFile)('flite', ['-voice', 'rms', '-t', text, '-o', file]);
    const wav = readWav(file);
    return new Int16Array(wav.pcm.buffer, wav.pcm.byteOffset, wav.pcm.length / 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Says things one at a time, in order. */
function speaker(mic: VirtualMicrophoneDevice): (text: string) => Promise<void> {
  let queue = Promise.resolve();
  return (text) => {
    queue = queue
      .then(async () => void (await mic.writeFrames(await speech(text))))
      .catch((err: unknown) => {
        console.error('speaking failed:', err);
      });
    return queue;
  };
}

async function main(): Promise<void> {
  const [meetingUrl, meetingToken] = process.argv.slice(2);
  if (!meetingUrl || !meetingToken) throw new Error('usage: phone-bot.ts <meeting URL> <meeting token>');
  await Daily.init();
  const mic = Daily.createMicrophoneDevice('phone-bot-mic', { sampleRate: RATE, channels: 1 });
  const client = new CallClient();
  client.setUserName('Phone bot');
  const say = speaker(mic);
  client.on('dialin-ready', (endpoint) => console.log(`dial in at ${endpoint}`));
  client.on('dialin-connected', (e) => {
    console.log(`caller ${e.sipFrom ?? 'unknown'} connected as ${e.sessionId}`);
    void say('Hello! Press some digits and I will say them. Press pound to hang up.');
  });
  client.on('dtmf-event', (e) => {
    console.log(`pressed ${e.tone}`);
    if (e.tone !== '#') {
      void say(`you pressed ${DIGIT_NAMES[e.tone] ?? e.tone}`);
      return;
    }
    void say('Goodbye!').then(async () => {
      await client.stopDialout(e.sessionId)?.catch((err: Error) => console.error('hang-up failed:', err.message));
      console.log(`hung up on ${e.sessionId}`);
    });
  });
  client.on('dialin-stopped', (e) => console.log(`call ${e.sessionId} ended`));
  await client.join(meetingUrl, {
    meetingToken,
    clientSettings: {
      inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'phone-bot-mic' } } },
    },
  });
  console.log(`joined as ${client.participants().local.id}; waiting for calls`);
  onStopSignal(() => {
    void (async () => {
      await client.leave();
      await client.release();
      await Daily.deinit();
      console.log('left');
    })().catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
