/**
 * The main job (`npm run demo`): a whole call on this machine.
 *
 * 1. Starts the meeting server with its embedded Janus SFU and makes a room.
 * 2. Makes a sentence of speech with flite (`flite -voice rms`).
 * 3. Bot A joins and speaks it through a virtual microphone.
 * 4. Bot B joins, hears A through an audio renderer, finds the speech with
 *    NativeVad, and writes what it heard to `received.wav`.
 * 5. Prints the participants, the events B saw and the speech segments, then
 *    leaves and stops everything.
 *
 * With `--wait`, bot A then stays in the call and talks with whoever joins
 * from the browser call page, until Ctrl-C (see demo-wait.ts).
 *
 * Exit code 0 when B detected speech, 1 when it did not, 2 on an error.
 * Run it inside the private network namespace (scripts/demo does).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { CallClient, Daily, LogLevel, type Participant } from 'daily-node';
import { startServer } from 'daily-node-server';

import { talkUntilStopped } from './demo-wait';
import { speechMs, SpeechSegmenter, type Segment } from './speech-segments';
import { readWav, writeWav } from './wav';

const SENTENCE =
  'Hello from bot A. This sentence travels through the meeting server and Janus, and bot B hears it on the other side.';
const RATE = 16000;
const ARGS = process.argv.slice(2);
const WAIT = ARGS.includes('--wait');
const unknownFlag = ARGS.find((a) => a.startsWith('-') && a !== '--wait');
if (unknownFlag) {
  console.error(`demo: unknown option ${unknownFlag} (usage: demo.ts [--wait] [received.wav])`);
  process.exit(2);
}
const OUT = path.resolve(ARGS.find((a) => !a.startsWith('-')) ?? 'received.wav');

const t0 = Date.now();
const stamp = (): string => `${((Date.now() - t0) / 1000).toFixed(2).padStart(6)} s`;
const say = (who: string, what: string): void => console.log(`${stamp()}  ${who.padEnd(6)} ${what}`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const describeSegments = (segments: Segment[]): string =>
  segments.length ? segments.map((s) => `${seconds(s.startMs)}–${seconds(s.endMs)}`).join(', ') : 'none';

function who(p: Participant): string {
  return `${p.info.userName || '(no name)'} [${p.id.slice(0, 8)}]`;
}

async function main(): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-demo-'));
  say('server', 'starting the meeting server with its embedded Janus SFU ...');
  const server = await startServer({ port: 0, dataDir, logLevel: 'error' });
  const cleanup: (() => Promise<void>)[] = [
    async () => {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  ];
  try {
    say('server', `listening at ${server.url}`);
    const res = await fetch(`${server.url}/v1/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'demo' }),
    });
    if (!res.ok) throw new Error(`creating the room failed: HTTP ${res.status} ${await res.text()}`);
    const meetingUrl = ((await res.json()) as { url: string }).url;
    say('server', `room "demo" ready: ${meetingUrl}`);

    const wavPath = path.join(dataDir, 'speech.wav');
    execFileSync('flite', ['-voice', 'rms', '-t', SENTENCE, '-o', wavPath]);
    const speech = readWav(wavPath);
    if (speech.sampleRate !== RATE || speech.channels !== 1)
      throw new Error(`flite made ${speech.sampleRate} Hz × ${speech.channels}; 16 kHz mono expected`);
    const speechDurationMs = (speech.pcm.length / 2 / RATE) * 1000;

    await Daily.init({ logLevel: LogLevel.Error });
    cleanup.unshift(() => Daily.deinit());
    const sent = new SpeechSegmenter(Daily.createNativeVad({ sampleRate: RATE }));
    sent.push(speech.pcm);
    say(
      'speech',
      `flite -voice rms: ${seconds(speechDurationMs)} at ${RATE} Hz; speech in it (NativeVad): ${describeSegments(sent.finish())}`,
    );

    // Bot A: speaks through a virtual microphone.
    const mic = Daily.createMicrophoneDevice('bot-a-mic', { sampleRate: RATE, channels: 1 });
    const a = new CallClient();
    cleanup.unshift(() => a.release());
    a.setUserName('Bot A (speaker)');
    await a.join(meetingUrl, {
      clientSettings: {
        inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'bot-a-mic' } } },
      },
    });
    say('A', `joined as ${who(a.participants().local)}`);

    // Bot B: listens through an audio renderer, finds speech with NativeVad.
    const b = new CallClient();
    cleanup.unshift(() => b.release());
    b.setUserName('Bot B (listener)');
    const heard: Buffer[] = [];
    const vad = Daily.createNativeVad({ sampleRate: RATE, resetPeriodMs: 2000 });
    const received = new SpeechSegmenter(vad, (speaking, atMs) =>
      say('B', `VAD: speech ${speaking ? 'starts' : 'ends  '} at ${seconds(atMs)} after A started speaking`),
    );
    let listening = false;
    b.on('participant-joined', (p) => say('B', `event participant-joined: ${who(p)}`));
    b.on('participant-left', (p, reason) => say('B', `event participant-left: ${who(p)} (${reason})`));
    b.on('active-speaker-changed', (p) => say('B', `event active-speaker-changed: ${p ? who(p) : 'nobody'}`));
    b.on('participant-counts-updated', (c) =>
      say('B', `event participant-counts-updated: ${c.present} present, ${c.hidden} hidden`),
    );
    b.on('call-state-updated', (s) => say('B', `event call-state-updated: ${s}`));
    b.on('error', (message) => say('B', `event error: ${message}`));
    let micState = '';
    const playable = new Promise<void>((resolve) =>
      b.on('participant-updated', (p) => {
        if (p.info.isLocal || p.media.microphone.state === micState) return;
        micState = p.media.microphone.state;
        say('B', `event participant-updated: ${who(p)} microphone ${micState}`);
        if (micState === 'playable') resolve();
      }),
    );
    const joinData = await b.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone: false } } });
    say('B', `joined; participants: ${Object.values(joinData!.participants).map(who).join(', ')}`);
    const aId = a.participants().local.id;
    // Registered before the media flows: it starts when A's microphone arrives.
    b.setAudioRenderer(
      aId,
      (_id, data) => {
        if (!listening) return;
        heard.push(data.audioFrames);
        received.push(data.audioFrames);
      },
      { sampleRate: RATE, callbackIntervalMs: 20 },
    );
    await Promise.race([
      playable,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error("A's microphone did not become playable at B within 15 s")), 15_000),
      ),
    ]);

    listening = true;
    say('A', `speaking (${seconds(speechDurationMs)}) ...`);
    await mic.writeFrames(speech.pcm);
    say('A', 'done speaking');
    // Let the tail of the speech arrive, and the VAD see the silence after it.
    await new Promise((r) => setTimeout(r, 1500));

    const segments = received.finish();
    const pcm = Buffer.concat(heard);
    writeWav(OUT, { sampleRate: RATE, channels: 1, pcm });
    say('B', `wrote ${OUT} (${seconds((pcm.length / 2 / RATE) * 1000)} of audio)`);

    console.log('');
    console.log('participants as B sees them:');
    for (const [key, p] of Object.entries(b.participants())) {
      console.log(
        `  ${key === 'local' ? 'local ' : 'remote'} ${who(p)}  microphone: ${p.media.microphone.state}, owner: ${p.info.isOwner}`,
      );
    }
    const stats = b.getNetworkStats();
    console.log(
      `network (B): receiving ${(stats.stats.latest.receiveBitsPerSecond / 1000).toFixed(1)} kbit/s, quality ${stats.quality} (${stats.threshold})`,
    );
    console.log(`speech in what A sent:     ${describeSegments(sent.segments)} (${seconds(speechMs(sent.segments))})`);
    console.log(
      `speech in what B received: ${describeSegments(segments)} (${seconds(speechMs(segments))}), times from A's first sample`,
    );

    if (WAIT) {
      await b.leave();
      await talkUntilStopped(a, mic, meetingUrl, dataDir, (what) => say('A', what));
      await a.leave();
    } else {
      const aLeft = new Promise<void>((resolve) => b.on('participant-left', (p) => p.id === aId && resolve()));
      await a.leave();
      await aLeft;
      await b.leave();
    }
    if (segments.length === 0) {
      console.log('\nFAILED: B detected no speech.');
      return 1;
    }
    console.log(
      `\nOK: B heard A speak (${segments.length} speech segment${segments.length === 1 ? '' : 's'}), in ${stamp().trim()}.`,
    );
    return 0;
  } finally {
    for (const step of cleanup) await step().catch((err: Error) => console.error(`cleanup: ${err.message}`));
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(2);
  },
);
