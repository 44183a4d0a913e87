/**
 * Engine CPU of a mixer source (the telephony bridge's audio path), by the
 * number of its inputs. Five remote Opus tracks flow into the engine over one
 * loopback peer connection pair (five 16 kHz custom sources playing tones);
 * each round measures the engine process's CPU (user + system, /proc) over a
 * steady window without a mixer, then with one 8 kHz mixer over the first N
 * remote tracks whose track is sent as PCMU over a second pair (what a phone
 * leg does). The figure is the difference; the lowest of the rounds is kept
 * (other load on the machine only ever adds CPU time).
 *
 *   npm run bench:audio-mixer-cpu [-- <inputs list, default 1,5> <seconds, default 8> <rounds, default 3>]
 */
import { CustomAudioSource, CustomAudioTrack, Daily } from '../src';
import type { EngineChannel } from '../src/engine/engine-channel';
import { engineHost } from '../src/engine/engine-host';
import { tone } from '../test/helpers/audio';
import { connectPair } from '../test/helpers/peer-pair';
import { processCpuSeconds } from './video-cpu-lib';

const RATE = 16000;
const STREAMS = 5;
const inputsList = (process.argv[2] ?? '1,5').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 8);
const rounds = Number(process.argv[4] ?? 3);
const WARMUP_MS = 2000;

async function cpuPercent(pid: number): Promise<number> {
  const cpu0 = processCpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return (100 * (processCpuSeconds(pid) - cpu0)) / ((performance.now() - t0) / 1000);
}

/** Starts STREAMS remote tracks flowing into the engine; returns their registry ids. */
async function remoteTracks(): Promise<string[]> {
  const ids: string[] = [];
  const audio = tone(440, (2 * seconds + 10) * 1000, RATE, 0.3);
  const sources = Array.from({ length: STREAMS }, () => new CustomAudioSource(RATE, 1));
  await connectPair(async ({ sender, receiver }) => {
    for (const source of sources) await sender.addTrack(new CustomAudioTrack(source).id);
    receiver.on('track', (e) => ids.push(e.trackId));
  });
  for (const source of sources) source.writeFrames(audio, () => undefined);
  return ids;
}

async function mixerCost(inputs: number): Promise<number> {
  await Daily.init();
  const channel: EngineChannel = await engineHost.ensure();
  const tracks = await remoteTracks();
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const pid = engineHost.channel!.pid;
  const without = await cpuPercent(pid);
  await channel.request('audio.mixer.create', {
    mixerId: 'bench',
    sampleRate: 8000,
    channels: 1,
    inputs: tracks.slice(0, inputs),
  });
  await channel.request('audio.track.create', { trackId: 'bench-track', sourceId: 'bench' });
  await connectPair(async ({ sender }) => {
    const { transceiverId } = await sender.addTrack('bench-track');
    await sender.setCodecPreferences(transceiverId, ['PCMU', 'telephone-event']);
  });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const withMixer = await cpuPercent(pid);
  const stats = await channel.request('audio.mixer.stats', { mixerId: 'bench' });
  await Daily.deinit();
  if (stats.inputs !== inputs) throw new Error(`the mixer attached ${stats.inputs} inputs, not ${inputs}`);
  return withMixer - without;
}

async function main(): Promise<void> {
  console.log(`mixer CPU: engine process, ${seconds} s windows, ${STREAMS} remote Opus tracks flowing`);
  for (const inputs of inputsList) {
    const results: number[] = [];
    for (let r = 0; r < rounds; r++) results.push(await mixerCost(inputs));
    const all = results.map((p) => p.toFixed(2)).join(', ');
    console.log(
      `  ${inputs} input(s): +${Math.min(...results).toFixed(2)} % of a core (mixer + PCMU send); rounds: ${all} %`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
