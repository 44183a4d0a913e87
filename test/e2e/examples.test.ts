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

import { channelSamples, rms, toneAmplitude } from '../helpers/audio';
import { waitFor, waitForAsync } from '../helpers/process';
import { colourDistance, readPixel, type Rgb } from '../helpers/video-pixels';
import { readPcmWav } from '../helpers/wav-file';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { EXAMPLE_COMMAND, ExampleProcess, type ExampleOptions } from './helpers/example-process';
import { Bot } from './helpers/bot';
import {
  decodeJpeg,
  jpegParts,
  jpegSize,
  QUADRANTS,
  quadrantsPicture,
  quadrantsPpm,
  recordParticipant,
  speechMs,
} from './helpers/example-media';
import { Daily, type VideoFrame } from './helpers/sdk';

const RATE = 16000;
const SENTENCE = 'The quick brown fox jumps over the lazy dog, and then it runs home.';

let server: TestServer;
let dir: string;
let speechWav: string;
const running: ExampleProcess[] = [];
const bots: Bot[] = [];

/** A bot in this process, released after the test. */
function bot(name: string): Bot {
  const b = new Bot(name);
  bots.push(b);
  return b;
}

function run(name: string, args: string[], options: ExampleOptions = {}): ExampleProcess {
  const example = new ExampleProcess(name, args, options);
  running.push(example);
  return example;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-examples-'));
  speechWav = path.join(dir, 'speech.wav');
  execFileSync('flite', ['-voice', 'rms', '-t', SENTENCE, '-o', speechWav]);
  server = await startCallServer();
  // One SDK for the bots this process runs itself (viewers, listeners).
  await Daily.init();
});

afterEach(async () => {
  for (const example of running.splice(0)) await example.kill();
  for (const b of bots.splice(0)) await b.client.release().catch(() => undefined);
});

afterAll(async () => {
  await Daily.deinit();
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
  let viewer: Bot | undefined;
  afterAll(async () => {
    await viewer?.client.release().catch(() => undefined);
  });

  it('a renderer sees the image file and the generated colour bars at their size and colours', async () => {
    const url = await createRoom(server, 'image-room');
    const image = path.join(dir, 'quadrants.ppm');
    fs.writeFileSync(image, quadrantsPpm());
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

describe('media-player.ts', () => {
  /** An 8 s film: blue with the speech, then at 6 s the picture turns white as a 1 kHz tone starts. */
  function makeFilm(file: string): void {
    const picture = "color=c=0x3C64C8:s=320x240:r=25:d=8,drawbox=c=white:t=fill:enable='gte(t,6)'";
    const tone = "aevalsrc='if(gte(t,6),0.4*sin(2*PI*1000*t),0)':s=44100:d=8";
    const mix = '[1:a][2:a]amix=inputs=2:duration=longest:normalize=0[a]';
    const encode = ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2'];
    const inputs = ['-f', 'lavfi', '-i', picture, '-i', speechWav, '-f', 'lavfi', '-i', tone];
    execFileSync('ffmpeg', [
      '-v',
      'error',
      ...inputs,
      '-filter_complex',
      mix,
      '-map',
      '0:v',
      '-map',
      '[a]',
      ...encode,
      file,
    ]);
  }

  it('plays a film: a viewer sees it at the asked size and colour, hears its speech, picture and sound in sync', async () => {
    const media = path.join(dir, 'film.mp4');
    makeFilm(media);
    const url = await createRoom(server, 'player-room');
    const viewer = bot('viewer');
    await viewer.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });

    const player = run('media-player', [url, media, '--size', '640x480', '--fps', '15']);
    const id = /^joined as (\S+);/.exec(await player.line(/^joined as /, 20_000))![1];
    expect(player.stdout).toContain(`joined as ${id}; playing ${media} (audio + video)`);
    const heard: Buffer[] = [];
    let toneAtUs: number | undefined;
    viewer.client.setAudioRenderer(
      id,
      (_id, data) => {
        heard.push(Buffer.from(data.audioFrames));
        if (toneAtUs === undefined && toneAmplitude(channelSamples(data.audioFrames), 1000, RATE) > 0.15)
          toneAtUs = data.timestampUs;
      },
      { sampleRate: RATE },
    );
    const pixel = (f: VideoFrame, x: number, y: number): Rgb =>
      readPixel(f.buffer, f.width, f.height, f.colorFormat, x, y);
    let blue: VideoFrame | undefined;
    let whiteAtUs: number | undefined;
    viewer.client.setVideoRenderer(id, (_id, frame) => {
      if (whiteAtUs === undefined && colourDistance(pixel(frame, 320, 240), [255, 255, 255]) < 40)
        whiteAtUs = frame.timestampUs;
      else if (whiteAtUs === undefined) blue = frame;
    });

    // It ends by itself at the end of the file, after the last sound has played.
    expect(await player.exit(25_000)).toBe(0);
    expect(player.stdout).toEqual(expect.arrayContaining(['end of file', 'left']));
    expect([blue!.width, blue!.height]).toEqual([640, 480]);
    const centre = pixel(blue!, 320, 240);
    expect(colourDistance(centre, [0x3c, 0x64, 0xc8]), `centre pixel is ${centre}`).toBeLessThanOrEqual(8);
    expect(speechMs(Buffer.concat(heard))).toBeGreaterThan(speechMs(readPcmWav(speechWav).pcm) * 0.5);
    // The picture turns white and the tone starts at the same moment of the film. Measured: the picture
    // arrives 84 to 156 ms before the sound (docs/architecture.md); a quarter second is the bound.
    expect(whiteAtUs, 'the white picture').toBeDefined();
    expect(toneAtUs, 'the tone').toBeDefined();
    const offsetMs = (whiteAtUs! - toneAtUs!) / 1000;
    console.log(`[media-player] the white picture arrived ${offsetMs.toFixed(0)} ms after the tone`);
    expect(Math.abs(offsetMs), 'ms between picture and sound').toBeLessThan(250);
  });
});

describe('bot-launcher.ts', () => {
  it('POST /start starts speaking bots in their own processes, GET /bots lists them; bad bodies get 400', async () => {
    const url = await createRoom(server, 'launcher-room');
    const listener = bot('listener');
    await listener.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    const launcher = run('bot-launcher', ['--port', '0']);
    const base = /^listening on (\S+);/.exec(await launcher.line(/^listening on /, 20_000))![1];
    const start = (body: string): Promise<Response> =>
      fetch(`${base}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    for (const [body, error] of [
      ['{}', /^url: missing/],
      ['{"url": 7}', /^url: must be a string/],
      ['{"url": "ftp://example.com/room"}', /^url: must be http\(s\)/],
      ['["x"]', /^body: must be a JSON object/],
      [`{"url": "${url}", "text": ""}`, /^text: must be a non-empty string/],
    ] as const) {
      const response = await start(body);
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(error);
    }

    const started = [await start(JSON.stringify({ url })), await start(JSON.stringify({ url }))];
    expect(started.map((r) => r.status)).toEqual([201, 201]);
    const ids = await Promise.all(started.map(async (r) => ((await r.json()) as { id: number; pid: number }).id));
    expect(ids).toEqual([1, 2]);
    const listed = (await (await fetch(`${base}/bots`)).json()) as { id: number; url: string; status: string }[];
    expect(listed.map(({ id, url: u, status }) => ({ id, url: u, status }))).toEqual([
      { id: 1, url, status: 'running' },
      { id: 2, url, status: 'running' },
    ]);

    // Both bots join under their names and the listener hears each of them speak.
    const [[one], [two]] = await Promise.all(
      [1, 2].map((n) =>
        listener.waitEvent('participant-joined', (p) => p.info.userName === `Launched bot ${n}`, 30_000),
      ),
    );
    const recordings = [one, two].map((p) => recordParticipant(listener.client, p.id));
    await waitFor('a second of speech from each bot', () => recordings.every((r) => speechMs(r()) >= 1000), 30_000);

    // Stopping the service stops its bots: they leave the call.
    launcher.interrupt();
    expect(await launcher.exit(20_000)).toBe(0);
    expect(launcher.stdout).toEqual(expect.arrayContaining(['stopping 2 running bots', 'stopped']));
    for (const p of [one, two]) await listener.waitEvent('participant-left', (left) => left.id === p.id, 5_000);
  });
});

describe('remote-participant-control.ts', () => {
  it("a guest's commands are refused; an owner revokes and restores the remote's canSend and canReceive", async () => {
    const url = await createRoom(server, 'control-room');
    const remote = bot('remote');
    remote.client.setUserName('Remote');
    await remote.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    const own = (): { canSend: string[]; base: unknown } => {
      const { canSend, canReceive } = remote.client.participants().local.info.permissions;
      return { canSend, base: canReceive.base };
    };
    const initial = own();
    expect(initial.canSend.length).toBeGreaterThan(0);

    const guest = run('remote-participant-control', [url], { stdin: 'pipe' });
    await guest.line(/^joined as guest/, 20_000);
    guest.child.stdin!.write('revoke-send\n');
    await guest.line(/^refused: only a meeting owner can change others' permissions/, 5_000);
    guest.child.stdin!.end('quit\n');
    expect(await guest.exit(10_000)).toBe(0);
    expect(own()).toEqual(initial);

    const token = await meetingToken(server, { room_name: 'control-room', is_owner: true });
    const control = run('remote-participant-control', [url, '--token', token], { stdin: 'pipe' });
    await control.line(/^joined as owner/, 20_000);
    const step = async (command: string, expected: { canSend: string[]; base: unknown }): Promise<void> => {
      control.child.stdin!.write(`${command}\n`);
      await control.line(new RegExp(`^${command}: done for Remote$`), 10_000);
      const changed = (): boolean => JSON.stringify(own()) === JSON.stringify(expected);
      await waitFor(`the remote's own permissions after ${command}`, changed, 10_000);
    };
    await step('revoke-send', { canSend: [], base: initial.base });
    await control.line(/^Remote: canSend \[\], /, 5_000);
    await step('restore-send', initial);
    await step('revoke-receive', { canSend: initial.canSend, base: false });
    await control.line(/^Remote: canSend \[.+\], canReceive base false$/, 5_000);
    await step('restore-receive', initial);
    control.child.stdin!.end('quit\n');
    expect(await control.exit(10_000)).toBe(0);
    expect(control.stdout).toContain('left');
  });
});

describe('video-processing.ts and video-receive.ts, on a camera showing four quadrants', () => {
  let sender: Bot;
  let timer: NodeJS.Timeout | undefined;
  let url: string;
  afterEach(() => clearInterval(timer));

  /**
   * A bot whose camera shows the four quadrants at 15 fps, joining after the
   * example (as people join a call its bot is already in). The other order,
   * the example joining while the camera's publication is new, can leave the
   * example's subscription stuck in `loading` (reported; not the examples').
   */
  async function joinQuadrantsCamera(room: string): Promise<void> {
    const camera = Daily.createCameraDevice(`quadrants-${room}`, 320, 240, { colorFormat: 'RGBA' });
    const rgba = quadrantsPicture(4);
    sender = bot('camera');
    await sender.client.join(url, {
      clientSettings: {
        inputs: { microphone: false, camera: { isEnabled: true, settings: { deviceId: `quadrants-${room}` } } },
      },
    });
    timer = setInterval(() => camera.writeFrame(rgba), 1000 / 15);
  }

  it('video-processing sends back the negative of the camera it renders, framed in white', async () => {
    url = await createRoom(server, 'processing-room');
    const processor = run('video-processing', [url]);
    const id = /^joined as (\S+)$/.exec(await processor.line(/^joined as /, 20_000))![1];
    await joinQuadrantsCamera('processing-room');
    await processor.line(new RegExp(`^processing ${sender.id}'s camera$`), 10_000);
    await processor.line(/^sending processed video at 320×240$/, 15_000);
    let last: VideoFrame | undefined;
    let frames = 0;
    sender.client.setVideoRenderer(id, (_id, frame) => {
      last = frame;
      frames++;
    });
    // Two seconds of frames: the encoder has refined the picture by then.
    await waitFor('30 processed frames', () => frames >= 30, 20_000);
    const pixel = (x: number, y: number): Rgb => readPixel(last!.buffer, 320, 240, last!.colorFormat, x, y);
    expect([last!.width, last!.height]).toEqual([320, 240]);
    for (const q of QUADRANTS) {
      const negative: Rgb = [255 - q.colour[0], 255 - q.colour[1], 255 - q.colour[2]];
      expect(colourDistance(pixel(q.x, q.y), negative), `(${q.x}, ${q.y}) is ${pixel(q.x, q.y)}`).toBeLessThanOrEqual(
        6,
      );
    }
    expect(colourDistance(pixel(3, 60), [255, 255, 255]), `the frame is ${pixel(3, 60)}`).toBeLessThanOrEqual(12);
    processor.interrupt();
    expect(await processor.exit(10_000)).toBe(0);
  });

  it('video-receive serves the camera as an MJPEG page: JPEGs of its size and colours', async () => {
    url = await createRoom(server, 'receive-room');
    const receiver = run('video-receive', [url, '--port', '0', '--fps', '10']);
    const base = /open (http:\S+)\/$/.exec(await receiver.line(/^joined; open http/, 20_000))![1];
    await joinQuadrantsCamera('receive-room');
    await receiver.line(new RegExp(`^showing ${sender.id}'s camera$`), 10_000);
    expect(await (await fetch(`${base}/`)).text()).toContain('<img src="/stream.mjpg"');
    // The stream's headers go out with its first picture: wait until there is one.
    const havePicture = async (): Promise<boolean> => (await fetch(`${base}/frame.jpg`)).status === 200;
    await waitForAsync('a first picture', havePicture, 15_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${receiver.transcript()}`);
    });

    const response = await fetch(`${base}/stream.mjpg`);
    expect(response.headers.get('content-type')).toMatch(/^multipart\/x-mixed-replace; boundary=/);
    const reader = response.body!.getReader();
    let body = Buffer.alloc(0);
    // 2 s of pictures at 10 fps: the encoder has refined the picture by then.
    const deadline = Date.now() + 15_000;
    while (jpegParts(body).length < 20) {
      const chunk = await reader.read();
      if (chunk.done || Date.now() > deadline)
        throw new Error(`${jpegParts(body).length} JPEGs in ${body.length} bytes\n${receiver.transcript()}`);
      body = Buffer.concat([body, chunk.value]);
    }
    await reader.cancel();
    const jpegs = jpegParts(body);
    for (const jpeg of jpegs) {
      expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
      expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9');
      expect(jpegSize(jpeg)).toEqual({ width: 320, height: 240 });
    }
    const rgb = decodeJpeg(jpegs.at(-1)!);
    for (const q of QUADRANTS) {
      const seen = readPixel(rgb, 320, 240, 'RGB', q.x, q.y);
      expect(colourDistance(seen, q.colour), `(${q.x}, ${q.y}) is ${seen}`).toBeLessThanOrEqual(10);
    }
    receiver.interrupt();
    expect(await receiver.exit(10_000)).toBe(0);
  });
});

describe('text-to-speech.ts heard by speech-to-text.ts', () => {
  it('the lines spoken with flite come out of pocketsphinx as words', async () => {
    const url = await createRoom(server, 'speech-room');
    const lines = path.join(dir, 'lines.txt');
    fs.writeFileSync(
      lines,
      'hello world this is a test of the meeting server\n\nthe quick brown fox jumps over the lazy dog\n',
    );
    // 15 s: the speaker starts (a new process) and says both lines within it, even on a loaded machine.
    const stt = run('speech-to-text', [url, '15']);
    await stt.line(/^joined; recording 15 s$/, 20_000);
    const tts = run('text-to-speech', [url, lines]);
    expect(await tts.exit(25_000)).toBe(0);
    expect(tts.stdout.filter((l) => l.startsWith('said: '))).toEqual([
      'said: hello world this is a test of the meeting server',
      'said: the quick brown fox jumps over the lazy dog',
    ]);
    const transcript = await stt.line(/^transcript: /, 30_000);
    const words = ['hello', 'world', 'this', 'test', 'meeting', 'server', 'quick', 'brown', 'fox', 'lazy', 'dog'];
    const recognised = words.filter((w) => new RegExp(`\\b${w}\\b`).test(transcript));
    // Words of both lines: each was spoken and heard.
    expect(recognised.filter((w) => words.indexOf(w) < 6).length, transcript).toBeGreaterThanOrEqual(2);
    expect(recognised.filter((w) => words.indexOf(w) >= 6).length, transcript).toBeGreaterThanOrEqual(2);
    expect(await stt.exit(5_000)).toBe(0);
  });
});
