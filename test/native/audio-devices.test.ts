/**
 * Virtual microphones, custom sources, speakers and renderers without any
 * call: write and read semantics, completions that mean "played out",
 * clear/queuedDurationMs, renderer intervals. Nothing here needs a peer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AudioRenderer, CustomAudioSource, CustomAudioTrack, Daily } from '../../src';
import type { AudioData } from '../../src';
import { channelSamples, tone, toneAmplitude, zeroCrossingFrequency } from '../helpers/audio';
import { waitFor } from '../helpers/process';

beforeAll(async () => {
  await Daily.init();
});

afterAll(async () => {
  await Daily.deinit();
});

const elapsedSince = (t0: number): number => performance.now() - t0;

describe('VirtualMicrophoneDevice.writeFrames', () => {
  it('blocking: resolves with the frame count once the audio has been played out, not when queued', async () => {
    const mic = Daily.createMicrophoneDevice('blocking-mic', { sampleRate: 16000 });
    const t0 = performance.now();
    const frames = await mic.writeFrames(tone(440, 300, 16000));
    expect(frames).toBe(4800);
    // The first frame leaves at the next 10 ms tick, the last one 290 ms later.
    expect(elapsedSince(t0)).toBeGreaterThanOrEqual(280);
    expect(mic.queuedDurationMs).toBe(0);
  });

  it('blocking: pads a tail shorter than 10 ms and still reports the frames written', async () => {
    const mic = Daily.createMicrophoneDevice('tail-mic', { sampleRate: 16000 });
    // 15 ms = one full 10 ms frame and a 5 ms tail.
    expect(await mic.writeFrames(new Int16Array(240))).toBe(240);
  });

  it('accepts Buffer, Uint8Array, Int16Array and ArrayBuffer', async () => {
    const mic = Daily.createMicrophoneDevice('bytes-mic', { sampleRate: 8000, channels: 2 });
    const samples = tone(300, 10, 8000, 0.3, 2);
    const asBuffer = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    const results = await Promise.all([
      mic.writeFrames(asBuffer),
      mic.writeFrames(new Uint8Array(samples.buffer.slice(0))),
      mic.writeFrames(samples),
      mic.writeFrames(samples.buffer.slice(0)),
    ]);
    expect(results).toEqual([80, 80, 80, 80]);
  });

  it('non-blocking: resolves at once while the audio is still queued; the completion form fires when played', async () => {
    const mic = Daily.createMicrophoneDevice('nb-mic', { sampleRate: 16000, nonBlocking: true });
    expect(await mic.writeFrames(tone(440, 400, 16000))).toBe(6400);
    expect(mic.queuedDurationMs).toBeGreaterThan(250);
    const t0 = performance.now();
    let completed: number | undefined;
    let completedAfter = 0;
    const returned = mic.writeFrames(tone(440, 200, 16000), (n) => {
      completed = n;
      completedAfter = elapsedSince(t0);
    });
    expect(returned).toBe(3200);
    expect(completed).toBeUndefined();
    await waitFor('the completion', () => completed !== undefined, 3000);
    expect(completed).toBe(3200);
    // Played after the 400 ms already queued: 600 ms of audio in all.
    expect(completedAfter).toBeGreaterThanOrEqual(450);
  });

  it('clear() drops queued audio; the pending write resolves with the frames that played', async () => {
    const mic = Daily.createMicrophoneDevice('clear-mic', { sampleRate: 16000 });
    const pending = mic.writeFrames(tone(440, 3000, 16000));
    await waitFor('some playout', () => mic.queuedDurationMs < 2700 && mic.queuedDurationMs > 0, 3000);
    const dropped = await mic.clear();
    const played = await pending;
    expect(played).toBeGreaterThan(0);
    expect(played + dropped).toBe(48000);
    expect(dropped).toBeGreaterThan(16000);
    expect(mic.queuedDurationMs).toBe(0);
    // Writing goes on normally after a clear.
    expect(await mic.writeFrames(new Int16Array(160))).toBe(160);
  });

  it('queuedDurationMs and waitForPlayout follow the engine playout', async () => {
    const mic = Daily.createMicrophoneDevice('queue-mic', { sampleRate: 48000, nonBlocking: true });
    await mic.writeFrames(tone(440, 500, 48000));
    await mic.writeFrames(tone(440, 500, 48000));
    expect(mic.queuedDurationMs).toBeGreaterThan(850);
    expect(mic.queuedDurationMs).toBeLessThanOrEqual(1000);
    const t0 = performance.now();
    await mic.waitForPlayout();
    expect(elapsedSince(t0)).toBeGreaterThanOrEqual(850);
    expect(mic.queuedDurationMs).toBe(0);
  });

  it('keeps pacing in the engine while the event loop is blocked', async () => {
    const mic = Daily.createMicrophoneDevice('busy-mic', { sampleRate: 16000, nonBlocking: true });
    await mic.pacingStats(true);
    await mic.writeFrames(tone(440, 1000, 16000));
    const until = performance.now() + 500;
    while (performance.now() < until) {
      // the JS thread is busy: nothing is written or read meanwhile
    }
    // About half the audio left the engine while JS was blocked.
    expect((await mic.pacingStats()).audioFrames).toBeGreaterThanOrEqual(40);
    await mic.waitForPlayout();
    const stats = await mic.pacingStats();
    expect(stats.audioFrames).toBe(100);
    expect(stats.underruns).toBe(0);
  });
});

describe('CustomAudioSource.writeFrames', () => {
  it('blocks (promise) without a completion and is non-blocking with one', async () => {
    const source = new CustomAudioSource(24000, 1);
    const t0 = performance.now();
    expect(await source.writeFrames(tone(440, 200, 24000))).toBe(4800);
    expect(elapsedSince(t0)).toBeGreaterThanOrEqual(180);
    let done = -1;
    expect(source.writeFrames(tone(440, 100, 24000), (n) => (done = n))).toBe(2400);
    expect(done).toBe(-1);
    await waitFor('the completion', () => done === 2400, 3000);
  });

  it('autoSilence=false sends nothing while idle; true sends silence', async () => {
    const quiet = new CustomAudioSource(16000, 1, { autoSilence: false });
    const silent = new CustomAudioSource(16000, 1);
    await quiet.pacingStats(true);
    await silent.pacingStats(true);
    await new Promise((r) => setTimeout(r, 300));
    expect((await quiet.pacingStats()).frames).toBe(0);
    expect((await silent.pacingStats()).silentFrames).toBeGreaterThan(20);
    expect(await quiet.writeFrames(new Int16Array(1600))).toBe(1600);
    expect((await quiet.pacingStats()).audioFrames).toBe(10);
  });
});

describe('VirtualSpeakerDevice.readFrames', () => {
  it('blocking: collects exactly the frames asked for, in real time', async () => {
    const speaker = Daily.createSpeakerDevice('read-spk', { sampleRate: 16000 });
    await Daily.selectSpeakerDevice('read-spk');
    await speaker.readFrames(1600); // drain what was buffered before
    const t0 = performance.now();
    const frames = await speaker.readFrames(8000);
    expect(frames.byteLength).toBe(16000);
    expect(elapsedSince(t0)).toBeGreaterThanOrEqual(400);
    expect(await speaker.readFrames(0)).toHaveLength(0);
  });

  it('reads 10 s in one call', async () => {
    const speaker = Daily.createSpeakerDevice('long-spk', { sampleRate: 8000, channels: 2 });
    await Daily.selectSpeakerDevice('long-spk');
    const frames = await speaker.readFrames(80000);
    expect(frames.byteLength).toBe(80000 * 2 * 2);
  }, 20_000);

  it('completion form: returns at once, the completion gets all the frames', async () => {
    const speaker = Daily.createSpeakerDevice('cb-spk', { sampleRate: 16000 });
    await Daily.selectSpeakerDevice('cb-spk');
    let got: Buffer | undefined;
    expect(speaker.readFrames(3200, (b) => (got = b))).toBeUndefined();
    expect(got).toBeUndefined();
    await waitFor('the completion', () => got, 3000);
    expect(got!.byteLength).toBe(6400);
  });

  it('non-blocking: returns what is buffered now, possibly nothing', async () => {
    const speaker = Daily.createSpeakerDevice('nb-spk', { sampleRate: 16000, nonBlocking: true });
    await Daily.selectSpeakerDevice('nb-spk');
    await new Promise((r) => setTimeout(r, 300));
    const some = await speaker.readFrames(16000);
    expect(some.byteLength).toBeGreaterThan(2 * 2000);
    expect(some.byteLength).toBeLessThan(2 * 16000);
    const again = await speaker.readFrames(16000);
    expect(again.byteLength).toBeLessThan(2 * 1600);
  });

  it('a speaker that is not selected gets nothing; a release ends its pending read', async () => {
    const speaker = Daily.createSpeakerDevice('idle-spk', { sampleRate: 16000 });
    const pending = speaker.readFrames(1600);
    await new Promise((r) => setTimeout(r, 200));
    await speaker.release();
    // Nothing was read: an empty result rather than an error.
    expect((await pending).byteLength).toBe(0);
    expect(() => speaker.readFrames(160)).toThrow(/virtual speaker 'idle-spk' has been released/);
  });

  it('a blocking read cut short after some frames rejects', async () => {
    const speaker = Daily.createSpeakerDevice('cut-spk', { sampleRate: 16000 });
    await Daily.selectSpeakerDevice('cut-spk');
    await speaker.readFrames(160);
    const outcome = speaker.readFrames(16000 * 5).then(
      () => undefined,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    await speaker.release();
    expect(String(await outcome)).toMatch(/error reading audio frames from the device: got \d+ of 80000 frames/);
  });
});

describe('AudioRenderer on a local track', () => {
  async function intervals(callbackIntervalMs: number): Promise<AudioData[]> {
    const source = new CustomAudioSource(48000, 1);
    const track = new CustomAudioTrack(source);
    source.writeFrames(tone(1000, 2000, 48000)).catch(() => undefined);
    const got: AudioData[] = [];
    const renderer = await AudioRenderer.start(track.id, { sampleRate: 16000, callbackIntervalMs }, (d) => got.push(d));
    await waitFor('three deliveries', () => got.length >= 3, 5000);
    await renderer.stop();
    await source.release();
    return got;
  }

  it.each([20, 30, 100])('delivers %i ms of audio per callback, resampled', async (ms) => {
    const got = await intervals(ms);
    for (const d of got) {
      expect(d).toMatchObject({ bitsPerSample: 16, sampleRate: 16000, numChannels: 1, numAudioFrames: 16 * ms });
      expect(d.audioFrames.byteLength).toBe(16 * ms * 2);
      expect(d.timestampUs).toBeGreaterThan(Date.now() * 1000 - 10_000_000);
    }
    const samples = channelSamples(Buffer.concat(got.slice(1).map((d) => d.audioFrames)));
    expect(zeroCrossingFrequency(samples, 16000)).toBeCloseTo(1000, -1);
    expect(toneAmplitude(samples, 1000, 16000)).toBeGreaterThan(0.28);
  });

  it('can be iterated, and ends when stopped', async () => {
    const source = new CustomAudioSource(16000, 2);
    const track = new CustomAudioTrack(source);
    const renderer = await AudioRenderer.start(track.id, { sampleRate: 16000, channels: 2, callbackIntervalMs: 10 });
    let n = 0;
    for await (const data of renderer) {
      expect(data.numChannels).toBe(2);
      expect(data.audioFrames.byteLength).toBe(160 * 4);
      if (++n === 5) break;
    }
    expect(renderer.ended).toBe(true);
  });
});
