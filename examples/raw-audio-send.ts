/**
 * Sends raw 16-bit PCM read from stdin into a call through a blocking virtual
 * microphone, like daily-python's demos/audio/raw_audio_send.py.
 *
 *   ffmpeg -i speech.mp3 -f s16le -ar 16000 -ac 1 - | \
 *     npx ts-node -T -P examples/tsconfig.json examples/raw-audio-send.ts \
 *       <meeting URL> [sample rate, default 16000] [channels, default 1]
 *
 * Leaves the call when stdin ends.
 */
import { CallClient, Daily } from 'daily-node';

async function main(): Promise<void> {
  const [meetingUrl, rateArg, channelsArg] = process.argv.slice(2);
  if (!meetingUrl) throw new Error('usage: raw-audio-send.ts <meeting URL> [sample rate] [channels]');
  const sampleRate = Number(rateArg ?? 16000);
  const channels = Number(channelsArg ?? 1);
  await Daily.init();
  // Blocking (the default): each write resolves once played, which paces the reading of stdin.
  const mic = Daily.createMicrophoneDevice('raw-mic', { sampleRate, channels });
  const client = new CallClient();
  await client.join(meetingUrl, {
    clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'raw-mic' } } } },
  });
  console.log(
    `joined as ${client.participants().local.id}; sending stdin (${sampleRate} Hz, ${channels} channel(s), 16-bit) until it ends`,
  );

  const chunkBytes = (sampleRate / 10) * 2 * channels; // 100 ms
  let pending = Buffer.alloc(0);
  for await (const data of process.stdin as AsyncIterable<Buffer>) {
    pending = Buffer.concat([pending, data]);
    for (; pending.length >= chunkBytes; pending = pending.subarray(chunkBytes))
      await mic.writeFrames(pending.subarray(0, chunkBytes));
  }
  // The tail, cut to whole sample frames.
  const tail = pending.length - (pending.length % (2 * channels));
  if (tail > 0) await mic.writeFrames(pending.subarray(0, tail));
  console.log('stdin ended');

  await client.leave();
  await client.release();
  await Daily.deinit();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
