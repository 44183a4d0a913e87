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
import { waitFor, waitForAsync } from '../helpers/process';
import { colourDistance, readPixel, type Rgb } from '../helpers/video-pixels';
import { readPcmWav } from '../helpers/wav-file';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { EXAMPLE_COMMAND, ExampleProcess, type ExampleOptions } from './helpers/example-process';
import { Bot } from './helpers/bot';
import { RtpPhone } from './helpers/rtp-phone';
import { patientCaller, Sipp } from './helpers/sipp';
import { Daily, type VideoFrame } from './helpers/sdk';

const RATE = 16000;
const SENTENCE = 'The quick brown fox jumps over the lazy dog, and then it runs home.';

let server: TestServer;
let dir: string;
let speechWav: string;
const running: ExampleProcess[] = [];

function run(name: string, args: string[], options: ExampleOptions = {}): ExampleProcess {
  const example = new ExampleProcess(name, args, options);
  running.push(example);
  return example;
}

/** Milliseconds of `pcm` (16 kHz mono) in 10 ms frames that NativeVad rates as speech (confidence ≥ 0.9). */
function speechMs(pcm: Buffer): number {
  const vad = Daily.createNativeVad({ sampleRate: RATE });
  const frame = (RATE / 100) * 2;
  let frames = 0;
  for (let offset = 0; offset + frame <= pcm.length; offset += frame)
    if (vad.analyzeFrames(pcm.subarray(offset, offset + frame)) >= 0.9) frames++;
  return frames * 10;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-examples-'));
  speechWav = path.join(dir, 'speech.wav');
  execFileSync('flite', ['-voice', 'rms', '-t', SENTENCE, '-o', speechWav]);
  server = await startCallServer({ sip: { port: 0 } });
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

describe('wav-audio-send.ts with wav-audio-receive.ts, timed-wav-audio-receive.ts and native-vad.ts in one room', () => {
  it('the receivers record the sender speaking and native-vad prints when it starts and stops', async () => {
    const url = await createRoom(server, 'wav-room');
    const out = path.join(dir, 'recorded.wav');
    const timedOut = path.join(dir, 'timed.wav');
    const receiver = run('wav-audio-receive', [url, out, '60']);
    const timed = run('timed-wav-audio-receive', [url, timedOut, '3']);
    const vad = run('native-vad', [url]);
    await receiver.line(/^joined; recording 60 s/, 20_000);
    await timed.line(/^joined; waiting for a microphone/, 20_000);
    await vad.line(/^listening/, 20_000);

    const sender = run('wav-audio-send', [url, speechWav]);
    const senderId = /^joined as (\S+);/.exec(await sender.line(/^joined as /, 20_000))![1];
    await timed.line(new RegExp(`^${senderId}'s microphone is playable; recording 3 s`), 10_000);
    expect(await sender.exit(20_000)).toBe(0);
    expect(sender.stdout).toContain('done playing');
    const started = await vad.line(new RegExp(`${senderId} started speaking$`), 5_000);
    const stopped = await vad.line(new RegExp(`${senderId} stopped speaking$`), 5_000);
    expect(vad.stdout.indexOf(started)).toBeLessThan(vad.stdout.indexOf(stopped));
    // The timed recorder ends by itself, 3 s after the microphone became playable.
    expect(await timed.exit(10_000)).toBe(0);

    receiver.interrupt();
    vad.interrupt();
    await receiver.line(/^wrote /, 10_000);
    expect(await receiver.exit(10_000)).toBe(0);
    expect(await vad.exit(10_000)).toBe(0);
    expect(vad.stdout).toContain('left');

    const sentSpeechMs = speechMs(readPcmWav(speechWav).pcm);
    expect(sentSpeechMs).toBeGreaterThan(1500);
    const recorded = readPcmWav(out);
    expect({ sampleRate: recorded.sampleRate, channels: recorded.channels }).toEqual({ sampleRate: RATE, channels: 1 });
    // Most of the speech sent is in the recording (the example writes at
    // once after join(), as daily-python's demo does; the margin is for
    // child processes starting on a loaded machine).
    expect(speechMs(recorded.pcm)).toBeGreaterThan(sentSpeechMs * 0.4);
    const timedWav = readPcmWav(timedOut);
    expect({ sampleRate: timedWav.sampleRate, channels: timedWav.channels, samples: timedWav.pcm.length / 2 }).toEqual({
      sampleRate: RATE,
      channels: 1,
      samples: 3 * RATE,
    });
    // The recorder starts at "playable" and records 3 s of the speech.
    expect(speechMs(timedWav.pcm)).toBeGreaterThan(800);
  });
});

describe('raw-audio-receive.ts hearing raw-audio-send.ts, then async-wav-audio-send.ts', () => {
  it("PCM piped into the sender, then a WAV played with completions, come out of the receiver's stdout as speech", async () => {
    const url = await createRoom(server, 'raw-room');
    const receiver = run('raw-audio-receive', [url], { binaryStdout: true });
    await receiver.line(/^joined; writing the call's audio to stdout \(16000 Hz, 1 channel/, 20_000, 'stderr');
    const received = (): Buffer => Buffer.concat(receiver.stdoutBytes);
    /** Waits for half a second more of the call after a sender ended, for the tail still in flight. */
    const tail = async (): Promise<void> => {
      const end = received().length + RATE;
      await waitFor('0.5 s more audio on stdout', () => received().length >= end, 5_000);
    };
    const sent = readPcmWav(speechWav).pcm;

    const raw = run('raw-audio-send', [url], { stdin: 'pipe' });
    raw.child.stdin!.end(sent);
    await raw.line(/^joined as /, 20_000);
    expect(await raw.exit(20_000)).toBe(0);
    expect(raw.stdout).toContain('stdin ended');
    await tail();
    const fromRaw = received();
    expect(fromRaw.length % 2).toBe(0);
    expect(speechMs(fromRaw)).toBeGreaterThan(speechMs(sent) * 0.4);

    const wavSender = run('async-wav-audio-send', [url, speechWav]);
    await wavSender.line(/^joined as /, 20_000);
    expect(await wavSender.exit(20_000)).toBe(0);
    // Every frame of the file was reported played by the completions.
    expect(wavSender.stdout).toContain(`done playing (${(sent.length / 2 / RATE).toFixed(1)} s)`);
    await tail();

    receiver.interrupt();
    expect(await receiver.exit(10_000)).toBe(0);
    expect(receiver.stderr).toContain('stopping');
    expect(speechMs(received().subarray(fromRaw.length))).toBeGreaterThan(speechMs(sent) * 0.4);
  });
});

describe('auto-recording.ts', () => {
  it('a start_cloud_recording token records the call from the join until the bot leaves', async () => {
    const url = await createRoom(server, 'auto-recorded', { enable_recording: 'cloud' });
    const claims = { room_name: 'auto-recorded', is_owner: true, start_cloud_recording: true };
    const token = await meetingToken(server, claims);
    const bot = run('auto-recording', [url, '--token', token]);
    const started = await bot.line(/^recording started /, 30_000);
    const recordingId = /\(recording (\S+)\)/.exec(started)![1];
    const file = path.join(server.dataDir, 'recordings', `${recordingId}.mp4`);
    const onDisk = (): boolean => fs.existsSync(file) && fs.statSync(file).size > 20_000;
    await waitFor('a second of recording on disk', onDisk, 20_000);
    bot.interrupt();
    expect(await bot.exit(15_000)).toBe(0);
    // The room emptied: the recording ends and is kept, finished.
    const finished = async (): Promise<boolean> =>
      ((await server.rest('GET', `/v1/recordings/${recordingId}`)).body as { status: string }).status === 'finished';
    await waitForAsync('the recording to be finished', finished, 10_000);
    const probeArgs = ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file];
    const streams = execFileSync('ffprobe', probeArgs).toString();
    expect(streams.split('\n').filter(Boolean).sort()).toEqual(['aac', 'h264']);
  });
});

describe('send-image.ts', () => {
  /** A 320×240 picture of four coloured quadrants, as a P6 PPM file. */
  const QUADRANTS: { x: number; y: number; colour: Rgb }[] = [
    { x: 80, y: 60, colour: [200, 60, 60] },
    { x: 240, y: 60, colour: [60, 200, 60] },
    { x: 80, y: 180, colour: [60, 60, 200] },
    { x: 240, y: 180, colour: [128, 128, 128] },
  ];
  function writeQuadrantsPpm(file: string): void {
    const rgb = Buffer.alloc(320 * 240 * 3);
    for (let y = 0; y < 240; y++) {
      for (let x = 0; x < 320; x++) rgb.set(QUADRANTS[(y < 120 ? 0 : 2) + (x < 160 ? 0 : 1)].colour, (y * 320 + x) * 3);
    }
    fs.writeFileSync(file, Buffer.concat([Buffer.from('P6\n# four quadrants\n320 240\n255\n', 'ascii'), rgb]));
  }

  let viewer: Bot | undefined;
  afterAll(async () => {
    await viewer?.client.release().catch(() => undefined);
    await Daily.deinit();
  });

  it('a renderer sees the image file and the generated colour bars at their size and colours', async () => {
    const url = await createRoom(server, 'image-room');
    const image = path.join(dir, 'quadrants.ppm');
    writeQuadrantsPpm(image);
    await Daily.init();
    viewer = new Bot('viewer');
    await viewer.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });

    const fromFile = run('send-image', [url, '--image', image, '--fps', '15']);
    const bars = run('send-image', [url, '--fps', '15']);
    const idOf = async (example: ExampleProcess): Promise<string> =>
      /^joined as (\S+);/.exec(await example.line(/^joined as /, 20_000))![1];
    const frames = new Map<string, { last?: VideoFrame; count: number }>();
    for (const id of [await idOf(fromFile), await idOf(bars)]) {
      const seen: { last?: VideoFrame; count: number } = { count: 0 };
      frames.set(id, seen);
      viewer.client.setVideoRenderer(id, (_id, frame) => {
        seen.last = frame;
        seen.count++;
      });
    }
    const [fileSeen, barsSeen] = [...frames.values()];
    // Two seconds of frames: the encoder has refined the still picture by then.
    await waitFor('30 frames of each sender', () => fileSeen.count >= 30 && barsSeen.count >= 30, 20_000);

    const pixel = (frame: VideoFrame, x: number, y: number): Rgb =>
      readPixel(frame.buffer, frame.width, frame.height, frame.colorFormat, x, y);
    const file = fileSeen.last!;
    expect([file.width, file.height]).toEqual([320, 240]);
    for (const q of QUADRANTS)
      expect(
        colourDistance(pixel(file, q.x, q.y), q.colour),
        `pixel (${q.x}, ${q.y}) is ${pixel(file, q.x, q.y)}`,
      ).toBeLessThanOrEqual(3);
    const generated = barsSeen.last!;
    expect([generated.width, generated.height]).toEqual([640, 480]);
    // Eight bars 80 pixels wide: 75 % white first, 75 % red sixth, black last.
    expect(colourDistance(pixel(generated, 40, 240), [191, 191, 191])).toBeLessThanOrEqual(3);
    expect(colourDistance(pixel(generated, 440, 240), [191, 0, 0])).toBeLessThanOrEqual(3);
    expect(colourDistance(pixel(generated, 600, 240), [0, 0, 0])).toBeLessThanOrEqual(3);

    for (const example of [fromFile, bars]) example.interrupt();
    for (const example of [fromFile, bars]) {
      expect(await example.exit(10_000)).toBe(0);
      expect(example.stdout).toContain('left');
    }
  });
});

describe('voice-echo-bot.ts with transcribe.ts, hearing wav-audio-send.ts', () => {
  it('the captions name who spoke; the bot speaks each sentence back and is transcribed saying it', async () => {
    const url = await createRoom(server, 'echo-room', { enable_transcription: true });
    const bot = run('voice-echo-bot', [url, await meetingToken(server, { is_owner: true })]);
    const botId = /^transcribing as (\S+);/.exec(await bot.line(/^transcribing as /, 30_000))![1];
    const captions = run('transcribe', [url]);
    await captions.line(/^transcription started by Echo bot \(en-US, en-us\)$/, 20_000);
    await captions.line(/^captions follow/, 5_000);

    const sender = run('wav-audio-send', [url, speechWav]);
    const senderId = /^joined as (\S+);/.exec(await sender.line(/^joined as /, 20_000))![1];
    expect(await sender.exit(20_000)).toBe(0);
    await captions.line(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  ${senderId}: .*(quick|brown|fox)`), 20_000);
    const heard = await bot.line(new RegExp(`^heard ${senderId}: `), 5_000);
    const said = await bot.line(/^said: you said /, 20_000);
    expect(said.slice('said: you said '.length)).toBe(heard.slice(`heard ${senderId}: `.length));
    // The loop closes: the bot's own voice is transcribed, under its name.
    await captions.line(/^\d\d:\d\d:\d\d\.\d{3} {2}Echo bot: you said .*(quick|brown|fox)/, 20_000);
    expect(bot.stdout.filter((l) => l.startsWith(`heard ${botId}`))).toEqual([]);

    bot.interrupt();
    expect(await bot.exit(10_000)).toBe(0);
    await captions.line(/^transcription stopped by Echo bot$/, 10_000);
    captions.interrupt();
    expect(await captions.exit(10_000)).toBe(0);
  });
});

describe('phone-bot.ts, called by sipp', () => {
  /** Milliseconds of speech NativeVad finds in 8 kHz PCM (what the phone hears). */
  function phoneSpeechMs(pcm8k: Buffer): number {
    const vad = Daily.createNativeVad({ sampleRate: 8000 });
    let frames = 0;
    for (let i = 0; i + 160 <= pcm8k.length; i += 160)
      if (vad.analyzeFrames(pcm8k.subarray(i, i + 160)) >= 0.9) frames++;
    return frames * 10;
  }

  it('greets the caller, says back a pressed digit, and hangs up on #', async () => {
    const room = 'phone-bot-room';
    const url = await createRoom(server, room, { sip: { display_name: 'Caller' } });
    const bot = run('phone-bot', [url, await meetingToken(server, { is_owner: true })]);
    const sipPort = server.sipListener!.address.port;
    expect(await bot.line(/^dial in at /, 30_000)).toBe(`dial in at sip:${room}@127.0.0.1:${sipPort}`);

    const rtp = await RtpPhone.open();
    const sipp = await Sipp.start({
      scenario: patientCaller(),
      port: 15_400,
      remote: `127.0.0.1:${sipPort}`,
      service: room,
      keys: { mport: rtp.port },
    });
    try {
      await bot.line(/^caller sip:\+15550001@127\.0\.0\.1\S* connected as /, 40_000);
      await waitFor('the greeting at the phone', () => phoneSpeechMs(rtp.audio) > 1000, 20_000);
      rtp.telephoneEventPt = 101; // the caller's offer numbers telephone-event 101
      const before = rtp.audio.length;
      await rtp.pressDigit('5');
      await bot.line(/^pressed 5$/, 10_000);
      await waitFor('"you pressed 5" at the phone', () => phoneSpeechMs(rtp.audio.subarray(before)) > 400, 20_000);
      await rtp.pressDigit('#');
      await bot.line(/^hung up on /, 20_000);
      expect(await sipp.done, sipp.log).toBe(0); // the scenario ends only with the bot's BYE
    } finally {
      await sipp.stop();
      rtp.close();
    }
    bot.interrupt();
    expect(await bot.exit(10_000)).toBe(0);
  });
});
