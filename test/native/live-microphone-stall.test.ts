/**
 * A non-blocking microphone fed as its audio is produced (a media player, a
 * hardware callback) must not fall further behind real time with each stall
 * of its writer: the audio the writer then writes in a burst would otherwise
 * stay queued, delaying the rest of the stream (and the sound behind the
 * pictures) by the stall's length. Audio written ahead, or after a pause, is
 * all played. That rule is asked for (`liveStream: true`); a plain
 * non-blocking microphone plays everything it is given. No call: the engine's
 * queue and stats tell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Daily, type VirtualMicrophoneDevice } from '../../src';
import { tone } from '../helpers/audio';
import { waitFor } from '../helpers/process';

const RATE = 48000;
const CHUNK_MS = 10;

beforeAll(async () => {
  await Daily.init();
});

afterAll(async () => {
  await Daily.deinit();
});

/** Blocks the event loop: the writer stalls as it does on a loaded machine. */
function stallFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: no timer runs, nothing is written
  }
}

/**
 * Writes 10 ms chunks as wall-clock time makes them due (as `ffmpeg -re` does):
 * after a stall it writes the backlog at once. Returns a function that stops it.
 */
function writeLive(mic: VirtualMicrophoneDevice): () => void {
  const chunk = tone(1000, CHUNK_MS, RATE, 0.3, 2);
  const t0 = performance.now();
  let written = 0;
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - t0) / CHUNK_MS);
    for (; written < due; written++) void mic.writeFrames(chunk);
  }, 5);
  return () => clearInterval(timer);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Writes live for 500 ms, stalls the writer 300 ms, lets it catch up for 500 ms; the mic's stats then. */
async function statsAfterStall(mic: VirtualMicrophoneDevice): ReturnType<VirtualMicrophoneDevice['pacingStats']> {
  await mic.pacingStats(true);
  const stop = writeLive(mic);
  try {
    await sleep(500);
    const before = await mic.pacingStats();
    expect(before.queuedMs, 'queued before the stall').toBeLessThan(100);
    stallFor(300);
    await sleep(500);
    return await mic.pacingStats();
  } finally {
    stop();
  }
}

describe('a non-blocking microphone written live', () => {
  it('liveStream: after a 300 ms stall of its writer, drops the late audio and stays real time', async () => {
    const live = { sampleRate: RATE, channels: 2, nonBlocking: true, liveStream: true };
    const mic = Daily.createMicrophoneDevice('live-mic', live);
    try {
      const after = await statsAfterStall(mic);
      // Without the catch-up the queue kept the stall's audio: about 300 ms behind for the rest of the stream.
      expect(after.queuedMs, 'queued after the stall').toBeLessThan(160);
      expect(after.stallsCaughtUp).toBeGreaterThanOrEqual(1);
      expect(after.lateDroppedMs).toBeGreaterThanOrEqual(150);
      expect(after.lateDroppedMs).toBeLessThanOrEqual(400);
    } finally {
      await mic.release();
    }
  });

  it('without liveStream, keeps every late sample: the queue stays behind by the stall', async () => {
    const mic = Daily.createMicrophoneDevice('plain-mic', { sampleRate: RATE, channels: 2, nonBlocking: true });
    try {
      const after = await statsAfterStall(mic);
      expect(after.lateDroppedMs).toBe(0);
      expect(after.stallsCaughtUp).toBe(0);
      expect(after.queuedMs, 'queued after the stall').toBeGreaterThanOrEqual(200);
    } finally {
      await mic.release();
    }
  });

  it('refuses liveStream on a blocking microphone, naming the field', () => {
    expect(() => Daily.createMicrophoneDevice('blocking-live', { liveStream: true })).toThrow(
      expect.objectContaining({ field: 'liveStream', message: expect.stringContaining('nonBlocking: true') }),
    );
    expect(() => Daily.createMicrophoneDevice('bad-live', { nonBlocking: true, liveStream: 'yes' as never })).toThrow(
      expect.objectContaining({ field: 'liveStream' }),
    );
  });

  it('plays all audio written ahead, even when the writer stalls meanwhile', async () => {
    const mic = Daily.createMicrophoneDevice('ahead-mic', {
      sampleRate: RATE,
      channels: 2,
      nonBlocking: true,
      liveStream: true,
    });
    let played = -1;
    const frames = mic.writeFrames(tone(440, 1000, RATE, 0.3, 2), (n) => (played = n));
    await sleep(200);
    stallFor(300);
    await waitFor('the completion', () => played >= 0, 3000);
    expect(played).toBe(frames);
    expect((await mic.pacingStats()).lateDroppedMs).toBe(0);
    await mic.release();
  });

  it('plays all of a write that follows a pause of the writer', async () => {
    const mic = Daily.createMicrophoneDevice('pause-mic', {
      sampleRate: RATE,
      channels: 2,
      nonBlocking: true,
      liveStream: true,
    });
    await new Promise((done) => mic.writeFrames(tone(440, 200, RATE, 0.3, 2), done));
    await sleep(300);
    let played = -1;
    const frames = mic.writeFrames(tone(440, 250, RATE, 0.3, 2), (n) => (played = n));
    await waitFor('the completion', () => played >= 0, 3000);
    expect(played).toBe(frames);
    expect((await mic.pacingStats()).lateDroppedMs).toBe(0);
    await mic.release();
  });
});
