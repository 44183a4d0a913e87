/**
 * The engine's compositor (compositor.*): a camera and a microphone sent over
 * a peer connection of one engine are drawn and mixed by the engine and
 * written straight into two FIFOs that a real ffmpeg encodes; the file shows
 * the camera's colour in its tile on the background and holds the tone. A
 * stalled encoder leaves pictures out, never sound.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Daily } from '../../src';
import type { EngineChannel } from '../../src/engine/engine-channel';
import { engineHost } from '../../src/engine/engine-host';
import type { CompositorStats, CompositorTile } from '../../src/engine/protocol/compositor';
import { channelSamples, tone, toneAmplitude } from '../helpers/audio';
import { connectPair } from '../helpers/peer-pair';
import { waitFor, waitForAsync } from '../helpers/process';
import { colourDistance, type Rgb } from '../helpers/video-pixels';

const WIDTH = 320;
const HEIGHT = 240;
const FPS = 15;
const RED: Rgb = [255, 0, 0];
const BLUE: Rgb = [0, 0, 255];
const GREEN: Rgb = [0, 255, 0];

let channel: EngineChannel;
let dir: string;
let cameraTrack: string;
let micTrack: string;
let stopSending: () => void;

function stats(compositorId: string): Promise<CompositorStats> {
  return channel.request('compositor.stats', { compositorId });
}

/** ffmpeg reading the compositor's two FIFOs into an MKV (H.264 + FLAC). */
function startEncoder(name: string): { encoder: ChildProcess; ended: Promise<number | null>; out: string } {
  const video = join(dir, `${name}.video`);
  const audio = join(dir, `${name}.audio`);
  const out = join(dir, `${name}.mkv`);
  expect(spawnSync('mkfifo', [video, audio]).status).toBe(0);
  const encoder = spawn(
    'ffmpeg',
    [
      ...['-nostdin', '-loglevel', 'error', '-y', '-f', 'matroska', '-i', video],
      ...['-f', 's16le', '-ar', '48000', '-ac', '1', '-i', audio, '-map', '0:v', '-map', '1:a'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-fps_mode', 'vfr', '-r', String(FPS)],
      ...['-c:a', 'flac', out],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const ended = new Promise<number | null>((resolve) => encoder.on('exit', (code) => resolve(code)));
  return { encoder, ended, out };
}

function create(
  id: string,
  paths: { videoPath: string; audioPath: string },
  tiles: CompositorTile[],
): Promise<unknown> {
  return channel.request('compositor.create', {
    compositorId: id,
    width: WIDTH,
    height: HEIGHT,
    fps: FPS,
    backgroundColor: '#0000ff',
    pictureDelayMs: 0,
    ...paths,
    tiles,
    audioInputs: [micTrack],
  });
}

/** The RGB of pixel (x, y) of the picture at `atS` seconds of `file`. */
function pixelAt(file: string, atS: number, x: number, y: number): Rgb {
  const r = spawnSync('ffmpeg', [
    ...['-loglevel', 'error', '-ss', String(atS), '-i', file, '-frames:v', '1'],
    ...['-vf', `format=rgb24,crop=1:1:${x}:${y}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
  ]);
  expect(r.status, r.stderr.toString()).toBe(0);
  return [r.stdout[0], r.stdout[1], r.stdout[2]];
}

function decodedAudio(file: string): Float64Array {
  const r = spawnSync(
    'ffmpeg',
    ['-loglevel', 'error', '-i', file, '-f', 's16le', '-ac', '1', '-ar', '48000', 'pipe:1'],
    {
      maxBuffer: 64 << 20,
    },
  );
  expect(r.status).toBe(0);
  return channelSamples(r.stdout);
}

function durations(file: string): { video: number; audio: number } {
  const probe = (stream: string): number => {
    const r = spawnSync('ffprobe', [
      ...['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts_time,duration_time'],
      ...['-of', 'csv=p=0', file],
    ]);
    const ends = r.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.split(',').map(Number))
      .map(([pts, d]) => pts + (d || 0));
    return Math.max(...ends);
  };
  return { video: probe('v:0'), audio: probe('a:0') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dn-compositor-'));
  await Daily.init();
  channel = await engineHost.ensure();
  const camera = Daily.createCameraDevice('comp-cam', 160, 120);
  const mic = Daily.createMicrophoneDevice('comp-mic', { sampleRate: 48000, channels: 1 });
  await connectPair(async ({ sender, receiver }) => {
    await sender.addTrack(camera.trackId);
    await sender.addTrack(mic.trackId);
    receiver.on('track', (e) => {
      if (e.kind === 'video') cameraTrack = e.trackId;
      else micTrack = e.trackId;
    });
  });
  const red = Buffer.alloc(160 * 120 * 4);
  for (let i = 0; i < red.length; i += 4) red.set([...RED, 255], i);
  const timer = setInterval(() => camera.writeFrame(red), 33);
  mic.writeFrames(tone(440, 60_000, 48000, 0.3)).catch(() => undefined);
  stopSending = () => clearInterval(timer);
});

afterAll(async () => {
  stopSending?.();
  await Daily.deinit();
  rmSync(dir, { recursive: true, force: true });
});

describe('compositor in the engine', () => {
  it('draws the camera into its tile on the background and mixes the microphone, straight to ffmpeg', async () => {
    const { ended, out } = startEncoder('grid');
    const tiles = [{ trackId: cameraTrack, x: 0, y: 0, width: WIDTH / 2, height: HEIGHT }];
    await create('grid', { videoPath: join(dir, 'grid.video'), audioPath: join(dir, 'grid.audio') }, tiles);
    await waitForAsync('the tile drawn', async () => (await stats('grid')).tilesAttached === 1, 10_000);
    await waitForAsync('3 s of pictures', async () => (await stats('grid')).picturesWritten >= 3 * FPS, 15_000);
    const figures = await stats('grid');
    await channel.request('compositor.release', { compositorId: 'grid' });
    expect(await ended).toBe(0);

    expect(figures.error).toBeNull();
    expect(figures.audioSecondsWritten).toBeGreaterThan(2);
    expect(colourDistance(pixelAt(out, 2, WIDTH / 4, HEIGHT / 2), RED)).toBeLessThan(60);
    expect(colourDistance(pixelAt(out, 2, (3 * WIDTH) / 4, HEIGHT / 2), BLUE)).toBeLessThan(60);
    const samples = decodedAudio(out);
    const lastSecond = samples.subarray(samples.length - 48000);
    expect(toneAmplitude(lastSecond, 440, 48000)).toBeGreaterThan(0.15);
    const d = durations(out);
    expect(Math.abs(d.video - d.audio)).toBeLessThan(0.3);
  });

  it('draws a tile laid out before its track had a picture once the pictures come', async () => {
    const late = Daily.createCameraDevice('comp-late-cam', 160, 120);
    let lateTrack = '';
    await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack(late.trackId);
      receiver.on('track', (e) => (lateTrack = e.trackId));
    });
    const { ended, out } = startEncoder('late');
    const tiles = [{ trackId: lateTrack, x: 0, y: 0, width: WIDTH, height: HEIGHT }];
    await create('late', { videoPath: join(dir, 'late.video'), audioPath: join(dir, 'late.audio') }, tiles);
    await waitForAsync('1 s of pictures', async () => (await stats('late')).picturesWritten >= FPS, 15_000);
    const before = await stats('late');
    const green = Buffer.alloc(160 * 120 * 4);
    for (let i = 0; i < green.length; i += 4) green.set([...GREEN, 255], i);
    const timer = setInterval(() => late.writeFrame(green), 33);
    try {
      await waitForAsync('the late picture drawn', async () => (await stats('late')).tilesAttached === 1, 10_000);
      const drawnFrom = (await stats('late')).picturesWritten;
      await waitForAsync('1 s more', async () => (await stats('late')).picturesWritten >= drawnFrom + FPS, 15_000);
    } finally {
      clearInterval(timer);
    }
    await channel.request('compositor.release', { compositorId: 'late' });
    expect(await ended).toBe(0);

    expect(before.tilesAttached).toBe(0);
    // The background where the tile is until the first picture, then the picture.
    expect(colourDistance(pixelAt(out, 0.2, WIDTH / 2, HEIGHT / 2), BLUE)).toBeLessThan(60);
    const last = durations(out).video - 0.3;
    expect(colourDistance(pixelAt(out, last, WIDTH / 2, HEIGHT / 2), GREEN)).toBeLessThan(60);
  });

  it('moves a tile with setLayout and leaves pictures out, not sound, while the encoder is stalled', async () => {
    const { encoder, ended, out } = startEncoder('stall');
    await create('stall', { videoPath: join(dir, 'stall.video'), audioPath: join(dir, 'stall.audio') }, []);
    await channel.request('compositor.setLayout', {
      compositorId: 'stall',
      tiles: [{ trackId: cameraTrack, x: WIDTH / 2, y: 0, width: WIDTH / 2, height: HEIGHT }],
      audioInputs: [micTrack],
    });
    await waitForAsync('1 s of pictures', async () => (await stats('stall')).picturesWritten >= FPS, 15_000);
    encoder.kill('SIGSTOP');
    await waitForAsync('pictures left out', async () => (await stats('stall')).picturesLeftOut >= 5, 15_000);
    const stalled = await stats('stall');
    encoder.kill('SIGCONT');
    await waitForAsync('the sound queue drained', async () => (await stats('stall')).audioQueuedBytes < 10_000, 15_000);
    await channel.request('compositor.release', { compositorId: 'stall' });
    expect(await ended).toBe(0);

    expect(stalled.picturesQueuedMax).toBeLessThanOrEqual(Math.max(2, FPS / 2));
    expect(colourDistance(pixelAt(out, 0.5, (3 * WIDTH) / 4, HEIGHT / 2), RED)).toBeLessThan(60);
    expect(colourDistance(pixelAt(out, 0.5, WIDTH / 4, HEIGHT / 2), BLUE)).toBeLessThan(60);
    const d = durations(out);
    // No sound was left out: the audio lasts as long as the pictures, the stall one long picture.
    expect(Math.abs(d.video - d.audio)).toBeLessThan(0.3);
  });

  it('answers other requests while a release waits for an encoder that stopped reading, and gives it up', async () => {
    // A stand-in for a stuck encoder: it holds both FIFOs open and reads nothing, so the pipes stay full.
    const video = join(dir, 'stuck.video');
    const audio = join(dir, 'stuck.audio');
    expect(spawnSync('mkfifo', [video, audio]).status).toBe(0);
    const holder = spawn('sh', ['-c', 'exec 3<"$0" 4<"$1"; exec sleep 60', video, audio], { stdio: 'ignore' });
    const tiles = [{ trackId: cameraTrack, x: 0, y: 0, width: WIDTH, height: HEIGHT }];
    await create('stuck', { videoPath: video, audioPath: audio }, tiles);
    // A 320x240 picture is 115 kB, a pipe holds 64 kB: pictures are soon left out and the release has bytes to write.
    await waitForAsync('pictures left out', async () => (await stats('stuck')).picturesLeftOut >= 3, 15_000);
    const releasedAt = Date.now();
    let releaseAnsweredAt = 0;
    const release = channel
      .request('compositor.release', { compositorId: 'stuck' })
      .then(() => (releaseAnsweredAt = Date.now()));
    // The engine's channel answers at once meanwhile.
    const askedAt = Date.now();
    await channel.request('compositor.create', {
      compositorId: 'beside',
      width: WIDTH,
      height: HEIGHT,
      fps: FPS,
      backgroundColor: '#000000',
      pictureDelayMs: 0,
      videoPath: null,
      audioPath: join(dir, 'beside.audio'),
      tiles: [],
      audioInputs: [],
    });
    await channel.request('compositor.release', { compositorId: 'beside' });
    expect(Date.now() - askedAt).toBeLessThan(1000);
    expect(releaseAnsweredAt).toBe(0);
    // The stuck reader is given up on after the drain bound (3 s without a byte read), not waited for.
    await release;
    holder.kill('SIGKILL');
    expect(releaseAnsweredAt - releasedAt).toBeGreaterThan(2500);
    expect(releaseAnsweredAt - releasedAt).toBeLessThan(6000);
  });

  it('names the field of bad input and keeps running', async () => {
    const bad = async (params: Record<string, unknown>): Promise<{ code: string; message: string }> => {
      try {
        await (channel as any).request('compositor.create', {
          compositorId: 'bad',
          width: WIDTH,
          height: HEIGHT,
          fps: FPS,
          backgroundColor: '#000000',
          pictureDelayMs: 0,
          videoPath: join(dir, 'never.video'),
          audioPath: join(dir, 'never.audio'),
          tiles: [],
          audioInputs: [],
          ...params,
        });
      } catch (err) {
        return err as { code: string; message: string };
      }
      throw new Error('compositor.create did not fail');
    };
    expect((await bad({ backgroundColor: 'red' })).message).toMatch(/backgroundColor: must be #rrggbb/);
    expect((await bad({ fps: 0 })).message).toMatch(/fps/);
    expect((await bad({ tiles: [{ trackId: 'x', x: 0, y: 0, width: -4, height: 2 }] })).message).toMatch(
      /tiles\[0\]\.width/,
    );
    expect((await bad({ tiles: [{ x: 0 }] })).message).toMatch(/tiles\[0\]\.trackId: must be a string/);
    await expect(channel.request('compositor.stats', { compositorId: 'nope' })).rejects.toThrow(/compositorId/);
    await waitFor('the engine still answers', () => true);
    expect(
      (await channel.request('audio.mixer.create', {
        mixerId: 'after-bad',
        sampleRate: 48000,
        channels: 1,
        inputs: [],
      })) ?? {},
    ).toEqual({});
  });
});
