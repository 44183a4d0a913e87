/**
 * Media through the server with three bots: A sends a virtual microphone, a
 * custom audio track, a virtual camera and a custom video track; B receives
 * everything; C starts with an audio-only base profile. Checks what each one
 * actually receives as inputs, publishing, subscriptions and tracks change.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { tone } from '../helpers/audio';
import { waitFor } from '../helpers/process';
import { colourDistance, readPixel, type Rgb } from '../helpers/video-pixels';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { frameWriter, measureTone, waitSilence } from './helpers/media';
import {
  CustomAudioSource,
  CustomAudioTrack,
  CustomVideoSource,
  CustomVideoTrack,
  Daily,
  LogLevel,
  type VideoFrame,
  type VirtualMicrophoneDevice,
} from './helpers/sdk';

const CAMERA: Rgb = [200, 40, 90];
const SLIDES: Rgb = [30, 160, 220];
const SLIDES_2: Rgb = [240, 220, 20];
const SCREEN: Rgb = [250, 250, 250];

let server: TestServer;
let url: string;
let a: Bot;
let b: Bot;
let c: Bot;
let mic: VirtualMicrophoneDevice;
let music: CustomAudioSource;
const writers: { stop(): void }[] = [];

/** The last frames a bot's video renderer saw, by source. */
function videoProbe(): { frames: Map<string, VideoFrame>; counts: Map<string, number> } {
  return { frames: new Map(), counts: new Map() };
}
const atB = videoProbe();
const atC = videoProbe();

function record(probe: ReturnType<typeof videoProbe>) {
  return (_id: string, frame: VideoFrame, source: string): void => {
    probe.frames.set(source, frame);
    probe.counts.set(source, (probe.counts.get(source) ?? 0) + 1);
  };
}

function centre(frame: VideoFrame): Rgb {
  return readPixel(frame.buffer, frame.width, frame.height, frame.colorFormat, frame.width >> 1, frame.height >> 1);
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, 'media');
  mic = Daily.createMicrophoneDevice('mic-a', { sampleRate: 16000 });
  const camera = Daily.createCameraDevice('cam-a', 320, 240);
  writers.push(frameWriter((f) => camera.writeFrame(f), 320, 240, CAMERA));
  music = new CustomAudioSource(48000, 1);
  const slides = new CustomVideoSource(160, 120);
  writers.push(frameWriter((f) => slides.writeFrame(f), 160, 120, SLIDES));

  a = new Bot('A');
  b = new Bot('B');
  c = new Bot('C');
  await a.client.join(url, {
    clientSettings: {
      inputs: {
        microphone: { isEnabled: true, settings: { deviceId: 'mic-a' } },
        camera: { isEnabled: true, settings: { deviceId: 'cam-a' } },
      },
    },
  });
  await a.client.addCustomAudioTrack('music', new CustomAudioTrack(music));
  await a.client.addCustomVideoTrack('slides', new CustomVideoTrack(slides));
  // Written ahead; the engine paces it. Cut short by Daily.deinit() at the end.
  mic.writeFrames(tone(440, 120_000, 16000, 0.3)).catch(() => undefined);
  music.writeFrames(tone(1000, 120_000, 48000, 0.2)).catch(() => undefined);

  await b.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
  b.client.setVideoRenderer(a.id, record(atB));
  b.client.setVideoRenderer(a.id, record(atB), { videoSource: 'slides' });

  // C: audio only, and its renderers registered before joining.
  await c.client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'subscribed' } });
  c.client.setVideoRenderer(a.id, record(atC));
  c.client.setVideoRenderer(a.id, record(atC), { videoSource: 'slides' });
  await c.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
}, 60_000);

afterAll(async () => {
  for (const w of writers) w.stop();
  for (const bot of [a, b, c]) await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

describe('what B receives', () => {
  it('the microphone and the custom audio track, each at its frequency and level', async () => {
    const m = await measureTone(b.client, a.id, 'microphone', 440);
    expect(m.frequency).toBeGreaterThan(435);
    expect(m.frequency).toBeLessThan(445);
    expect(m.level).toBeGreaterThan(0.24);
    expect(m.level).toBeLessThan(0.36);
    const u = await measureTone(b.client, a.id, 'music', 1000);
    expect(Math.abs(u.frequency - 1000)).toBeLessThan(10);
    expect(u.level).toBeGreaterThan(0.15);
    expect(u.level).toBeLessThan(0.25);
  });

  it('the camera and the custom video track, at their size and colour', async () => {
    await waitFor(
      'camera and slides frames at B',
      () => (atB.counts.get('camera') ?? 0) > 5 && (atB.counts.get('slides') ?? 0) > 5,
      20_000,
    );
    const cam = atB.frames.get('camera')!;
    expect([cam.width, cam.height, cam.colorFormat]).toEqual([320, 240, 'RGBA']);
    expect(colourDistance(centre(cam), CAMERA)).toBeLessThan(16);
    const slides = atB.frames.get('slides')!;
    expect([slides.width, slides.height]).toEqual([160, 120]);
    expect(colourDistance(centre(slides), SLIDES)).toBeLessThan(16);
  });

  it('sees every track of A as playable, custom ones by name', async () => {
    const [p] = await b.waitEvent(
      'participant-updated',
      (p) =>
        p.id === a.id &&
        p.media.camera.state === 'playable' &&
        p.media.customVideo.slides?.state === 'playable' &&
        p.media.customAudio.music?.state === 'playable',
    );
    expect(p.media.microphone.state).toBe('playable');
  });
});

describe('an audio-only profile (C)', () => {
  it('receives audio but decodes no video', async () => {
    const m = await measureTone(c.client, a.id, 'microphone', 440);
    expect(Math.abs(m.frequency - 440)).toBeLessThan(5);
    const [stats] = await c.waitEvent(
      'network-stats-updated',
      (s) => s.stats.latest.receiveBitsPerSecond > 10_000,
      15_000,
      c.mark,
    );
    expect(stats.stats.latest.videoRecvBitsPerSecond).toBe(0);
    expect(atC.counts.get('camera') ?? 0).toBe(0);
    expect(atC.counts.get('slides') ?? 0).toBe(0);
    const view = c.client.participants()[a.id]!;
    expect(view.media.camera).toEqual({ state: 'receivable', offReasons: [], subscribed: 'unsubscribed' });
    expect(view.media.customVideo.slides?.subscribed).toBe('unsubscribed');
  });

  it("subscribing to A's camera brings its frames (renderer registered before joining)", async () => {
    let cached: unknown;
    c.client.once('subscriptions-updated', () => (cached = c.client.subscriptions()));
    // Custom video follows the camera unless told otherwise.
    await c.client.updateSubscriptions({
      participantSettings: { [a.id]: { media: { camera: 'subscribed', customVideo: 'unsubscribed' } } },
    });
    expect(cached).toEqual({ [a.id]: { media: { camera: 'subscribed', customVideo: 'unsubscribed' } } });
    await waitFor('camera frames at C', () => (atC.counts.get('camera') ?? 0) > 3, 15_000);
    expect(colourDistance(centre(atC.frames.get('camera')!), CAMERA)).toBeLessThan(16);
    expect(atC.counts.get('slides') ?? 0).toBe(0);
  });
});

describe('A changes what it sends', () => {
  it('microphone off: B sees it off (user) and hears silence; on again: the tone is back', async () => {
    let cached: unknown;
    a.client.once('inputs-updated', () => (cached = a.client.inputs().microphone));
    const from = b.mark;
    await a.client.updateInputs({ microphone: { isEnabled: false } });
    expect(cached).toEqual({ isEnabled: false, settings: { deviceId: 'mic-a' } });
    const [p] = await b.waitEvent(
      'participant-updated',
      (p) => p.id === a.id && p.media.microphone.state === 'off',
      10_000,
      from,
    );
    expect(p.media.microphone.offReasons).toEqual(['user']);
    await waitSilence(b.client, a.id, 'microphone');
    await a.client.updateInputs({ microphone: { isEnabled: true } });
    const m = await measureTone(b.client, a.id, 'microphone', 440, 500);
    expect(Math.abs(m.frequency - 440)).toBeLessThan(5);
  });

  it('camera not published: B sees it off', async () => {
    const from = b.mark;
    await a.client.updatePublishing({ camera: { isPublishing: false } });
    expect(a.client.publishing().camera?.isPublishing).toBe(false);
    await b.waitEvent('participant-updated', (p) => p.id === a.id && p.media.camera.state === 'off', 10_000, from);
    await a.client.updatePublishing({ camera: { isPublishing: true } });
    await b.waitEvent('participant-updated', (p) => p.id === a.id && p.media.camera.state === 'playable', 10_000, from);
  });

  it('a custom video track swapped for another shows the new picture', async () => {
    const other = new CustomVideoSource(160, 120);
    writers.push(frameWriter((f) => other.writeFrame(f), 160, 120, SLIDES_2));
    await a.client.updateCustomVideoTrack('slides', new CustomVideoTrack(other));
    await waitFor(
      'new slides picture at B',
      () => {
        const f = atB.frames.get('slides');
        return f && colourDistance(centre(f), SLIDES_2) < 16;
      },
      15_000,
    );
  });

  it('a custom video track as screen share reaches B as screenVideo', async () => {
    const screen = new CustomVideoSource(320, 180);
    writers.push(frameWriter((f) => screen.writeFrame(f), 320, 180, SCREEN));
    const track = new CustomVideoTrack(screen);
    b.client.setVideoRenderer(a.id, record(atB), { videoSource: 'screenVideo' });
    await a.client.updateInputs({ screenVideo: { isEnabled: true, settings: { customTrack: { id: track.id } } } });
    await b.waitEvent('participant-updated', (p) => p.id === a.id && p.media.screenVideo.state === 'playable', 15_000);
    await waitFor('screen frames at B', () => (atB.counts.get('screenVideo') ?? 0) > 3, 15_000);
    const f = atB.frames.get('screenVideo')!;
    expect([f.width, f.height]).toEqual([320, 180]);
    expect(colourDistance(centre(f), SCREEN)).toBeLessThan(16);
    await a.client.updateInputs({ screenVideo: false });
    await b.waitEvent('participant-updated', (p) => p.id === a.id && p.media.screenVideo.state === 'off', 10_000);
  });

  it('a removed custom audio track disappears from A at B', async () => {
    const from = b.mark;
    await a.client.removeCustomAudioTrack('music');
    await b.waitEvent(
      'participant-updated',
      (p) => p.id === a.id && p.media.customAudio.music === undefined,
      10_000,
      from,
    );
    expect(() => a.client.removeCustomAudioTrack('music')).toThrow(/trackName: there is no custom track named 'music'/);
  });
});

describe('renderer log lines (loggingIntervalMs)', () => {
  it('at Debug level each renderer logs what it delivered every interval; 0 turns it off', async () => {
    const lines: string[] = [];
    // stderr is captured for the check (libwebrtc is verbose at Debug too).
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      b.client.setAudioRenderer(a.id, () => undefined, { loggingIntervalMs: 300 });
      b.client.setVideoRenderer(a.id, record(atB), { loggingIntervalMs: 300 });
      b.client.setVideoRenderer(a.id, record(atB), { videoSource: 'slides', loggingIntervalMs: 0 });
      Daily.setLogLevel(LogLevel.Debug);
      const audio = new RegExp(
        `^\\[daily-node sdk\\] debug: audio renderer ${a.id}/microphone: (\\d+) callbacks \\((\\d+) audio frames\\) delivered, (\\d+) dropped in the last 300 ms`,
      );
      const video = new RegExp(
        `^\\[daily-node sdk\\] debug: video renderer ${a.id}/camera: (\\d+) frames delivered, (\\d+) dropped in the last 300 ms`,
      );
      const busy = (re: RegExp): boolean => lines.some((l) => Number(re.exec(l)?.[1] ?? 0) > 0);
      await waitFor('renderer log lines with frames', () => busy(audio) && busy(video), 10_000);
      // 20 ms callbacks at 16 kHz: about 15 callbacks of 320 frames per 300 ms.
      const [, callbacks, frames] = lines.map((l) => audio.exec(l)).find((m) => m && Number(m[1]) > 0)!;
      expect(Number(frames)).toBe(Number(callbacks) * 320);
      expect(Number(callbacks)).toBeGreaterThanOrEqual(10);
      expect(Number(callbacks)).toBeLessThanOrEqual(20);
      expect(lines.filter((l) => l.startsWith('[daily-node sdk]') && l.includes('/slides'))).toEqual([]);
      Daily.setLogLevel(LogLevel.Off);
      const quietFrom = lines.length;
      await new Promise((r) => setTimeout(r, 700));
      expect(lines.slice(quietFrom).filter((l) => l.startsWith('[daily-node sdk]'))).toEqual([]);
    } finally {
      Daily.setLogLevel(LogLevel.Off);
      spy.mockRestore();
    }
  });
});
