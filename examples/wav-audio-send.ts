/**
 * Plays a WAV file (16-bit PCM) into a call through a virtual microphone, like
 * daily-python's demos/audio/wav_audio_send.py.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/wav-audio-send.ts <meeting URL> <file.wav> [meeting token]
 */
import { CallClient, Daily } from 'daily-node';

import { readWav } from './wav';

async function main(): Promise<void> {
  const [meetingUrl, file, meetingToken] = process.argv.slice(2);
  if (!meetingUrl || !file) throw new Error('usage: wav-audio-send.ts <meeting URL> <file.wav> [meeting token]');
  const wav = readWav(file);
  await Daily.init();
  const mic = Daily.createMicrophoneDevice('wav-mic', { sampleRate: wav.sampleRate, channels: wav.channels });
  const client = new CallClient();
  client.on('error', (message) => console.error(`error: ${message}`));
  await client.join(meetingUrl, {
    meetingToken,
    clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'wav-mic' } } } },
  });
  console.log(
    `joined as ${client.participants().local.id}; playing ${file} (${(wav.pcm.length / 2 / wav.channels / wav.sampleRate).toFixed(1)} s)`,
  );
  // Written in 100 ms chunks as the Python demo does; each write resolves once played.
  const chunk = (wav.sampleRate / 10) * 2 * wav.channels;
  for (let offset = 0; offset < wav.pcm.length; offset += chunk)
    await mic.writeFrames(wav.pcm.subarray(offset, offset + chunk));
  console.log('done playing');
  await client.leave();
  await client.release();
  await Daily.deinit();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
