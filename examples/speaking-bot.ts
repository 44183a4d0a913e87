/**
 * A bot that joins a call and says a sentence a few times with flite's
 * voice, then leaves: the bot that bot-launcher.ts starts, one process each,
 * like daily-python's demos/flask/bot.py. It also runs on its own:
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/speaking-bot.ts <meeting URL> [--name Bot] \
 *     [--text "Hello from a bot"] [--repeat 3]
 *
 * Stops early, leaving the call, on Ctrl-C (SIGINT) or SIGTERM.
 */
import { parseArgs } from 'node:util';

import { CallClient, Daily } from 'daily-node';

import { FLITE_RATE, speak } from './flite';
import { onStopSignal } from './stop-signals';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string', default: 'Speaking bot' },
      text: { type: 'string', default: 'Hello, I am a bot started by the bot launcher.' },
      repeat: { type: 'string', default: '3' },
    },
  });
  const [meetingUrl] = positionals;
  if (!meetingUrl) throw new Error('usage: speaking-bot.ts <meeting URL> [--name N] [--text T] [--repeat N]');
  const repeat = Number(values.repeat);
  if (!(Number.isInteger(repeat) && repeat >= 1))
    throw new Error(`--repeat: must be a whole number ≥ 1, got ${values.repeat}`);

  // Each bot is its own process, so each one initialises the SDK, as in the demo.
  await Daily.init();
  const mic = Daily.createMicrophoneDevice('bot-mic', { sampleRate: FLITE_RATE, channels: 1 });
  const client = new CallClient();
  client.setUserName(values.name!);
  let stopped = false;
  onStopSignal(() => (stopped = true));
  await client.join(meetingUrl, {
    clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'bot-mic' } } } },
  });
  console.log(`joined as ${client.participants().local.id}`);
  const speech = await speak(values.text!);
  for (let i = 0; i < repeat && !stopped; i++) {
    // Blocking microphone: each write resolves once it has played out. One
    // second at a time, so that a stop request is heard within a second.
    for (let at = 0; at < speech.length && !stopped; at += FLITE_RATE)
      await mic.writeFrames(speech.subarray(at, at + FLITE_RATE));
    if (!stopped) console.log(`said: ${values.text}`);
  }
  await client.leave();
  await client.release();
  await Daily.deinit();
  console.log('left');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
