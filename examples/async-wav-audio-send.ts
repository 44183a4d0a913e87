/**
 * Plays a WAV file (16-bit PCM) into a call through a non-blocking virtual
 * microphone, using the completion-callback form of every call, like
 * daily-python's demos/audio/async_wav_audio_send.py.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/async-wav-audio-send.ts <meeting URL> <file.wav>
 *
 * Leaves the call when the file has been played.
 */
import { CallClient, Daily, type VirtualMicrophoneDevice } from 'daily-node';

import { readWav } from './wav';

/** Resolves with the frames played once `pcm` has been consumed (the write itself returns at once). */
function play(mic: VirtualMicrophoneDevice, pcm: Buffer): Promise<number> {
  return new Promise((resolve, reject) =>
    mic.writeFrames(pcm, (frames, error) => (error ? reject(error) : resolve(frames))),
  );
}

async function main(): Promise<void> {
  const [meetingUrl, file] = process.argv.slice(2);
  if (!meetingUrl || !file) throw new Error('usage: async-wav-audio-send.ts <meeting URL> <file.wav>');
  const wav = readWav(file);
  await Daily.init();
  const mic = Daily.createMicrophoneDevice('async-mic', {
    sampleRate: wav.sampleRate,
    channels: wav.channels,
    nonBlocking: true,
  });
  const client = new CallClient();
  // A sender only: receive nothing.
  await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'unsubscribed' } });
  await new Promise<void>((resolve, reject) =>
    client.join(
      meetingUrl,
      {
        clientSettings: {
          inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'async-mic' } } },
        },
      },
      (_data, error) => (error ? reject(error) : resolve()),
    ),
  );
  console.log(`joined as ${client.participants().local.id}; playing ${file}`);
  const chunk = (wav.sampleRate / 10) * 2 * wav.channels; // 100 ms, as the Python demo
  let played = 0;
  for (let offset = 0; offset < wav.pcm.length; offset += chunk)
    played += await play(mic, wav.pcm.subarray(offset, offset + chunk));
  console.log(`done playing (${(played / wav.sampleRate).toFixed(1)} s)`);
  await new Promise<void>((resolve, reject) => client.leave((error) => (error ? reject(error) : resolve())));
  await client.release();
  await Daily.deinit();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
