/**
 * The examples in examples/ run as a user runs them (examples/README.md), as
 * child processes against a real meeting server, checked by what a user
 * notices: their output, their exit codes and the audio they record.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { channelSamples, rms } from '../helpers/audio';
import { readPcmWav } from '../helpers/wav-file';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { EXAMPLE_COMMAND, ExampleProcess } from './helpers/example-process';
import { Daily } from './helpers/sdk';

const RATE = 16000;
const SENTENCE = 'The quick brown fox jumps over the lazy dog, and then it runs home.';

let server: TestServer;
let dir: string;
let speechWav: string;
const running: ExampleProcess[] = [];

function run(name: string, args: string[]): ExampleProcess {
  const example = new ExampleProcess(name, args);
  running.push(example);
  return example;
}

/** Milliseconds of `pcm` (16 kHz mono) in 10 ms frames that NativeVad rates as speech (confidence ≥ 0.9). */
function speechMs(pcm: Buffer): number {
  const vad = Daily.createNativeVad({ sampleRate: RATE });
  const frame = (RATE / 100) * 2;
  let frames = 0;
  for (let offset = 0; offset + frame <= pcm.length; offset += frame) if (vad.analyzeFrames(pcm.subarray(offset, offset + frame)) >= 0.9) frames++;
  return frames * 10;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-examples-'));
  speechWav = path.join(dir, 'speech.wav');
  execFileSync('flite', ['-voice', 'rms', '-t', SENTENCE, '-o', speechWav]);
  server = await startCallServer();
});

afterEach(async () => {
  for (const example of running.splice(0)) await example.kill();
});

afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('examples/README.md gives the command the test runs', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../examples/README.md'), 'utf8');
  expect(readme).toContain(`npx ${EXAMPLE_COMMAND.join(' ')} examples/<name>.ts`);
});

describe('demo.ts (npm run demo)', () => {
  it('exits 0 after B hears A, listing both bots and a speech segment, and writes the received WAV', async () => {
    const out = path.join(dir, 'received.wav');
    const demo = run('demo', [out]);
    expect(await demo.exit(40_000)).toBe(0);
    const output = demo.stdout.join('\n');
    expect(output).toMatch(/^\s+local\s+Bot B \(listener\)/m);
    expect(output).toMatch(/^\s+remote\s+Bot A \(speaker\).*microphone: playable/m);
    const received = /^speech in what B received: (\d+\.\d\d) s–(\d+\.\d\d) s/m.exec(output);
    expect(received, demo.transcript()).not.toBeNull();
    expect(Number(received![2]) - Number(received![1])).toBeGreaterThan(1);
    expect(output).toMatch(/^OK: B heard A speak/m);

    const wav = readPcmWav(out);
    expect({ sampleRate: wav.sampleRate, channels: wav.channels }).toEqual({ sampleRate: RATE, channels: 1 });
    // The demo's sentence lasts about 7 s; B records it plus 1.5 s of tail.
    const seconds = wav.pcm.length / 2 / RATE;
    expect(seconds).toBeGreaterThan(6);
    expect(seconds).toBeLessThan(15);
    expect(rms(channelSamples(wav.pcm))).toBeGreaterThan(0.01);
    expect(speechMs(wav.pcm)).toBeGreaterThan(3000);
  });
});

describe('wav-audio-send.ts, wav-audio-receive.ts and native-vad.ts in one room', () => {
  it('the receiver records the sender speaking and native-vad prints when it starts and stops', async () => {
    const url = await createRoom(server, 'wav-room');
    const out = path.join(dir, 'recorded.wav');
    const receiver = run('wav-audio-receive', [url, out, '60']);
    const vad = run('native-vad', [url]);
    await receiver.line(/^joined; recording 60 s/, 20_000);
    await vad.line(/^listening/, 20_000);

    const sender = run('wav-audio-send', [url, speechWav]);
    const senderId = /^joined as (\S+);/.exec(await sender.line(/^joined as /, 20_000))![1];
    expect(await sender.exit(20_000)).toBe(0);
    expect(sender.stdout).toContain('done playing');
    const started = await vad.line(new RegExp(`${senderId} started speaking$`), 5_000);
    const stopped = await vad.line(new RegExp(`${senderId} stopped speaking$`), 5_000);
    expect(vad.stdout.indexOf(started)).toBeLessThan(vad.stdout.indexOf(stopped));

    receiver.interrupt();
    vad.interrupt();
    await receiver.line(/^wrote /, 10_000);
    expect(await receiver.exit(10_000)).toBe(0);
    expect(await vad.exit(10_000)).toBe(0);
    expect(vad.stdout).toContain('left');

    const recorded = readPcmWav(out);
    expect({ sampleRate: recorded.sampleRate, channels: recorded.channels }).toEqual({ sampleRate: RATE, channels: 1 });
    const sent = readPcmWav(speechWav);
    const sentSpeechMs = speechMs(sent.pcm);
    expect(sentSpeechMs).toBeGreaterThan(1500);
    // Most of the speech sent is in the recording (the first part may be
    // spoken before the receiver's subscription is up, as in daily-python).
    const recordedSpeechMs = speechMs(recorded.pcm);
    console.log(`speech sent ${sentSpeechMs} ms, recorded ${recordedSpeechMs} ms of ${recorded.pcm.length / 32} ms`);
    expect(recordedSpeechMs).toBeGreaterThan(sentSpeechMs * 0.4);
  });
});
