/**
 * Transcription through a real call: N bots speak flite sentences at the
 * same time (one pocketsphinx per bot on the server), an owner listens.
 * Prints, per round: utterance end → transcription-message delay (p50/p95),
 * WER against the spoken sentences, and the ASR processes' real-time factor
 * (CPU seconds per second of audio, per participant), whence how many
 * participants 2 cores keep up with.
 *
 *   npm run bench:transcription [-- <speaker counts, default 1,2,4>]
 */
import * as fs from 'node:fs';
import { CallClient, Daily, type TranscriptionMessage, type VirtualMicrophoneDevice } from '../src';
import { fliteSpeech } from '../test/helpers/pcm-signals';
import { wordErrorRate } from '../test/helpers/word-error-rate';
import { childPids, createRoom, percentile, startServerProcess, type BenchServer } from './server-bench-lib';
import { processCpuSeconds } from './video-cpu-lib';

const RATE = 16000;
const SENTENCES = [
  'hello world this is a test of the meeting server',
  'the quick brown fox jumps over the lazy dog',
  'please record this call and start the live stream',
];
const GAP_S = 1.5;
const counts = (process.argv[2] ?? '1,2,4').split(',').map(Number);

interface Spoken {
  text: string;
  endedAt: number;
}

function pcm16(buf: Buffer): Int16Array {
  return new Int16Array(buf.buffer, buf.byteOffset, buf.length / 2);
}

async function ownerToken(server: BenchServer): Promise<string> {
  const res = await fetch(`${server.url}/v1/meeting-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ properties: { is_owner: true } }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** CPU seconds of the server's child processes named `name*` (alive now), by pid. */
function childCpu(serverPid: number, name: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of childPids(serverPid)) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith(name)) out.set(pid, processCpuSeconds(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function speak(mic: VirtualMicrophoneDevice, speech: Buffer[], spoken: Spoken[], texts: string[]): Promise<void> {
  for (let i = 0; i < speech.length; i++) {
    await mic.writeFrames(pcm16(speech[i]!));
    spoken.push({ text: texts[i]!, endedAt: Date.now() });
    await mic.writeFrames(pcm16(Buffer.alloc(RATE * 2 * GAP_S)));
  }
}

async function round(server: BenchServer, n: number, speech: Buffer[]): Promise<void> {
  const url = await createRoom(server, `transcription-${n}`, { enable_transcription: true });
  const owner = new CallClient();
  const messages: Array<{ m: TranscriptionMessage; at: number }> = [];
  owner.on('transcription-message', (m) => messages.push({ m, at: Date.now() }));
  await owner.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'unsubscribed' } });
  await owner.join(url, {
    meetingToken: await ownerToken(server),
    clientSettings: { inputs: { camera: false, microphone: false } },
  });
  const bots: { client: CallClient; mic: VirtualMicrophoneDevice; spoken: Spoken[] }[] = [];
  for (let i = 0; i < n; i++) {
    const mic = Daily.createMicrophoneDevice(`bench-mic-${n}-${i}`, { sampleRate: RATE, channels: 1 });
    const client = new CallClient();
    await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'unsubscribed' } });
    await client.join(url, {
      clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: mic.name } } } },
    });
    bots.push({ client, mic, spoken: [] });
  }
  await owner.startTranscription();
  await new Promise((r) => setTimeout(r, 1500)); // every stream open
  const cpu0 = childCpu(server.child.pid!, 'pocketsphinx');
  const engine0 = childCpu(server.child.pid!, 'daily-node-engi');
  const t0 = Date.now();
  // Each bot starts with another sentence, so that simultaneous speech differs.
  await Promise.all(
    bots.map((b, i) => {
      const order = SENTENCES.map((_, k) => (k + i) % SENTENCES.length);
      return speak(
        b.mic,
        order.map((k) => speech[k]!),
        b.spoken,
        order.map((k) => SENTENCES[k]!),
      );
    }),
  );
  const deadline = Date.now() + 10_000;
  while (messages.length < n * SENTENCES.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const cpu1 = childCpu(server.child.pid!, 'pocketsphinx');
  const engine1 = childCpu(server.child.pid!, 'daily-node-engi');
  const wall = (Date.now() - t0) / 1000;
  let cpu = 0;
  for (const [pid, c] of cpu1) cpu += c - (cpu0.get(pid) ?? 0);
  let engineCpu = 0;
  for (const [pid, c] of engine1) engineCpu += c - (engine0.get(pid) ?? 0);

  const delays: number[] = [];
  let errors = 0;
  let words = 0;
  for (const b of bots) {
    const id = b.client.participants().local.id;
    const got = messages.filter((x) => x.m.participantId === id);
    b.spoken.forEach((s, k) => {
      const heard = got[k];
      const refWords = s.text.split(' ').length;
      words += refWords;
      errors += heard ? wordErrorRate(s.text, heard.m.text) * refWords : refWords;
      if (heard) delays.push(heard.at - s.endedAt);
    });
  }
  const audioSeconds = n * wall;
  const rtf = cpu / audioSeconds;
  // The service participant's media engine decodes and resamples every transcribed microphone.
  const withEngine = (cpu + engineCpu) / audioSeconds;
  console.log(
    `${n} speaker(s): ${messages.length}/${n * SENTENCES.length} utterances; ` +
      `delay after speech end p50 ${percentile(delays, 0.5)} ms, ` +
      `p95 ${percentile(delays, 0.95)} ms; WER ${((100 * errors) / words).toFixed(1)} %; ` +
      `ASR CPU ${cpu.toFixed(2)} s for ${audioSeconds.toFixed(1)} s of audio = RTF ${rtf.toFixed(3)} per participant` +
      `; with the service participant's media engine ${withEngine.toFixed(3)} ` +
      `(2 cores keep up with about ${Math.floor(2 / withEngine)} transcribed participants)`,
  );
  await owner.stopTranscription()?.catch(() => undefined);
  for (const b of bots) await b.client.release();
  await owner.release();
}

async function main(): Promise<void> {
  await Daily.init();
  const speech = SENTENCES.map((s) => fliteSpeech(s, RATE));
  const server = await startServerProcess();
  try {
    for (const n of counts) await round(server, n, speech);
  } finally {
    await server.stop();
    await Daily.deinit();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
