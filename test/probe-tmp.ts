import { Daily, AudioRenderer } from '../src';
import { engineHost } from '../src/engine/engine-host';
import { tone, channelSamples, rms } from './helpers/audio';
import { connectPair } from './helpers/peer-pair';

async function level(trackId: string): Promise<number> {
  const r = await AudioRenderer.start(trackId, { sampleRate: 16000, callbackIntervalMs: 100 });
  let max = 0; let n = 0;
  for await (const d of r) { max = Math.max(max, rms(channelSamples(d.audioFrames))); if (++n >= 10) break; }
  await r.stop();
  return max;
}
async function remoteLevel(micTrack: string): Promise<number> {
  let remote = '';
  const pair = await connectPair(async ({ sender, receiver }) => {
    await sender.addTrack(micTrack);
    receiver.on('track', (e) => (remote = e.trackId));
  });
  const l = await level(remote);
  await pair.sender.close(); await pair.receiver.close();
  return l;
}
(async () => {
  await Daily.init();
  const mic = Daily.createMicrophoneDevice('m');
  let playing = true;
  void (async () => { while (playing) await mic.writeFrames(tone(440, 2000, 16000, 0.3)).catch(() => new Promise((r) => setTimeout(r, 100))); })();
  console.log('before local', await level(mic.trackId), 'remote', await remoteLevel(mic.trackId));
  process.kill(engineHost.channel!.info.pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  await engineHost.ensure();
  await new Promise((r) => setTimeout(r, 500));
  console.log('after local', await level(mic.trackId), 'remote', await remoteLevel(mic.trackId));
  playing = false;
  await Daily.deinit();
})();
