// NativeVad end to end through the addon: real WebRTC VAD, speech from flite.
// No Daily.init anywhere in this file: the VAD must not need the engine.
import { beforeAll, describe, expect, it } from 'vitest';

import { Daily, InvalidArgumentError, InvalidStateError, type NativeVad } from '../../src';
import { engineHost } from '../../src/engine/engine-host';
import { fliteSpeech, frames10ms, interleave, rmsDbfs, silence, whiteNoise } from '../helpers/pcm-signals';

const TEXT =
  'The quick brown fox jumps over the lazy dog. Voice activity detection should find every word of this ' +
  'sentence, and ignore the pauses in between.';
const THRESHOLD = 0.9; // daily-python's VAD demo threshold

const speechByRate = new Map<number, Buffer>();

beforeAll(() => {
  for (const rate of [8000, 16000, 32000, 48000]) {
    // Half a second of silence either side, as a bot would hear it.
    const pad = silence(rate, 0.5);
    speechByRate.set(rate, Buffer.concat([pad, fliteSpeech(TEXT, rate), pad]));
  }
});

function confidences(vad: NativeVad, pcm: Buffer): number[] {
  return frames10ms(pcm, vad.sampleRate, vad.channels).map((f) => vad.analyzeFrames(f));
}

/** Frames within 20 dB of the loudest: where flite is actually speaking. */
function voicedMask(pcm: Buffer, rate: number): boolean[] {
  const levels = frames10ms(pcm, rate).map(rmsDbfs);
  const loudest = Math.max(...levels);
  return levels.map((db) => db >= loudest - 20);
}

interface Accuracy {
  flagged: number;
  total: number;
  share: number;
}

function accuracy(scores: number[], mask?: boolean[]): Accuracy {
  const considered = scores.filter((_, i) => mask === undefined || mask[i]);
  const flagged = considered.filter((c) => c >= THRESHOLD).length;
  return { flagged, total: considered.length, share: flagged / considered.length };
}

function report(label: string, a: Accuracy): void {
  console.log(`NativeVad ${label}: ${a.flagged}/${a.total} frames >= ${THRESHOLD} (${(a.share * 100).toFixed(1)} %)`);
}

function expectInvalidArgument(call: () => unknown, field: string, message: RegExp): void {
  let caught: unknown;
  try {
    call();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  expect((caught as InvalidArgumentError).field).toBe(field);
  expect((caught as Error).message).toMatch(message);
}

describe('NativeVad accuracy', () => {
  it('detects flite speech and not silence or -30 dBFS white noise, without Daily.init', () => {
    const speech = speechByRate.get(16000)!;
    const speechScores = confidences(Daily.createNativeVad(), speech);
    const voiced = accuracy(speechScores, voicedMask(speech, 16000));
    const quiet = accuracy(confidences(Daily.createNativeVad(), silence(16000, 3)));
    const noise = accuracy(confidences(Daily.createNativeVad(), whiteNoise(16000, 3, -30)));
    report('16 kHz voiced speech frames', voiced);
    report('16 kHz silence frames', quiet);
    report('16 kHz -30 dBFS white noise frames', noise);
    expect(voiced.share).toBeGreaterThanOrEqual(0.7);
    expect(quiet.share).toBeLessThanOrEqual(0.05);
    expect(noise.share).toBeLessThanOrEqual(0.2);
    for (const c of speechScores) expect(c >= 0 && c <= 1).toBe(true);
    // The engine was never started for any of this.
    expect(engineHost.initialized).toBe(false);
  });

  it('gives speech confidences well above the threshold, noise and silence well below', () => {
    const speech = speechByRate.get(16000)!;
    const scores = confidences(Daily.createNativeVad(), speech);
    const mask = voicedMask(speech, 16000);
    const voicedScores = scores.filter((_, i) => mask[i]).sort((a, b) => a - b);
    const median = voicedScores[Math.floor(voicedScores.length / 2)]!;
    const noiseScores = confidences(Daily.createNativeVad(), whiteNoise(16000, 3, -30, 7)).sort((a, b) => a - b);
    const noiseMedian = noiseScores[Math.floor(noiseScores.length / 2)]!;
    console.log(
      `NativeVad median confidence: voiced speech ${median.toFixed(3)}, noise ${noiseMedian.toExponential(2)}`,
    );
    expect(median).toBeGreaterThan(0.99);
    expect(noiseMedian).toBeLessThan(0.01);
    // Digital silence is below WebRTC's energy floor: exactly 0.
    expect(new Set(confidences(Daily.createNativeVad(), silence(16000, 1)))).toEqual(new Set([0]));
  });

  it('keeps more of long utterances with a longer reset period (the demo uses 2000 ms)', () => {
    const speech = speechByRate.get(16000)!;
    const mask = voicedMask(speech, 16000);
    const shares = [300, 1000, 2000].map((resetPeriodMs) => {
      const voiced = accuracy(confidences(Daily.createNativeVad({ resetPeriodMs }), speech), mask);
      report(`16 kHz voiced speech frames, resetPeriodMs ${resetPeriodMs}`, voiced);
      return voiced.share;
    });
    expect(shares[0]).toBeLessThan(shares[1]!);
    expect(shares[1]).toBeLessThan(shares[2]!);
    expect(shares[2]).toBeGreaterThanOrEqual(0.85);
  });

  it.each([8000, 32000, 48000])('detects speech and rejects noise at %i Hz', (rate) => {
    const speech = speechByRate.get(rate)!;
    const voiced = accuracy(confidences(Daily.createNativeVad({ sampleRate: rate }), speech), voicedMask(speech, rate));
    const noise = accuracy(confidences(Daily.createNativeVad({ sampleRate: rate }), whiteNoise(rate, 3, -30)));
    report(`${rate / 1000} kHz voiced speech frames`, voiced);
    report(`${rate / 1000} kHz -30 dBFS white noise frames`, noise);
    expect(voiced.share).toBeGreaterThanOrEqual(0.7);
    expect(noise.share).toBeLessThanOrEqual(0.2);
  });
});

describe('NativeVad stereo', () => {
  it('mixes stereo down: the same speech in both channels scores exactly as mono', () => {
    const mono = speechByRate.get(16000)!;
    const stereoVad = Daily.createNativeVad({ channels: 2 });
    expect(stereoVad.channels).toBe(2);
    expect(stereoVad.frameBytes).toBe(640);
    expect(confidences(stereoVad, interleave(mono, mono))).toEqual(confidences(Daily.createNativeVad(), mono));
  });

  it('hears speech in one channel only, and rejects stereo noise', () => {
    const mono = speechByRate.get(48000)!;
    const leftOnly = interleave(mono, Buffer.alloc(mono.length));
    const voiced = accuracy(
      confidences(Daily.createNativeVad({ channels: 2, sampleRate: 48000 }), leftOnly),
      voicedMask(mono, 48000),
    );
    const noise = interleave(whiteNoise(48000, 3, -30, 3), whiteNoise(48000, 3, -30, 4));
    const noisy = accuracy(confidences(Daily.createNativeVad({ channels: 2, sampleRate: 48000 }), noise));
    report('48 kHz stereo, speech in the left channel only: voiced frames', voiced);
    report('48 kHz stereo -30 dBFS white noise frames', noisy);
    expect(voiced.share).toBeGreaterThanOrEqual(0.7);
    expect(noisy.share).toBeLessThanOrEqual(0.2);
  });
});

describe('NativeVad reset period', () => {
  it('starts afresh after every resetPeriodMs of analysed audio', () => {
    const frames = frames10ms(Buffer.concat([whiteNoise(16000, 0.45, -30, 9), speechByRate.get(16000)!]), 16000);
    const withReset = frames.slice(0, 90).map((f) => resetting.analyzeFrames(f));
    // Three fresh VADs over 30-frame chunks produce exactly the same numbers.
    const fresh = [0, 30, 60].flatMap((start) => {
      const vad = Daily.createNativeVad();
      return frames.slice(start, start + 30).map((f) => vad.analyzeFrames(f));
    });
    expect(withReset).toEqual(fresh);
  });

  // One instance for the test above, made here so that its construction is not part of it.
  const resetting = Daily.createNativeVad({ resetPeriodMs: 300 });

  it('keeps its adapted state within the period', () => {
    // A fresh VAD judges its first noise frame against the initial models
    // and calls it speech; one that has listened to the noise does not.
    const noise = frames10ms(whiteNoise(16000, 0.5, -30, 11), 16000);
    const fresh = Daily.createNativeVad().analyzeFrames(noise[40]!);
    const adapted = Daily.createNativeVad({ resetPeriodMs: 1000 });
    const scores = noise.map((f) => adapted.analyzeFrames(f));
    expect(fresh).toBeGreaterThan(THRESHOLD);
    expect(scores[40]).toBeLessThan(0.1);
    // 20 ms (two frames) is the shortest period: every other frame starts afresh.
    const shortest = Daily.createNativeVad({ resetPeriodMs: 20 });
    const everyOther = noise.map((f) => shortest.analyzeFrames(f));
    expect(everyOther[40]).toBe(fresh);
    expect(shortest.resetPeriodMs).toBe(20);
  });
});

describe('NativeVad input', () => {
  const speech = (): Buffer => speechByRate.get(16000)!;

  it('accepts Buffer, Uint8Array, Int16Array, DataView, ArrayBuffer and SharedArrayBuffer, aligned or not, and ignores extra input', () => {
    const frames = frames10ms(speech(), 16000).slice(60, 160);
    const reference = confidences(Daily.createNativeVad(), Buffer.concat(frames));
    const views: Array<(f: Buffer) => unknown> = [
      (f) => new Uint8Array(f),
      (f) => new Int16Array(f.buffer.slice(f.byteOffset, f.byteOffset + f.length)),
      (f) => new DataView(f.buffer.slice(f.byteOffset, f.byteOffset + f.length)),
      (f) => f.buffer.slice(f.byteOffset, f.byteOffset + f.length),
      (f) => {
        const shared = new SharedArrayBuffer(f.length);
        new Uint8Array(shared).set(f);
        return shared;
      },
      (f) => Buffer.concat([Buffer.alloc(1), f]).subarray(1), // odd byte offset
      (f) => Buffer.concat([f, Buffer.alloc(320, 0x7f)]), // 20 ms: the second 10 ms is ignored
    ];
    for (const view of views) {
      const vad = Daily.createNativeVad();
      expect(frames.map((f) => vad.analyzeFrames(view(f) as Uint8Array))).toEqual(reference);
    }
    expect(reference.some((c) => c > THRESHOLD)).toBe(true);
  });

  it('rejects bad frames with an error naming frames and the reason, and keeps working', () => {
    const vad = Daily.createNativeVad();
    const stereo = Daily.createNativeVad({ channels: 2, sampleRate: 8000 });
    const cases: Array<[NativeVad, unknown, RegExp]> = [
      [
        vad,
        Buffer.alloc(321),
        /frames: frames bytestring should contain 16-bit samples: byte length must be even, got 321/,
      ],
      [
        stereo,
        Buffer.alloc(322),
        /frames: frames bytestring should contain 16-bit samples: byte length must be a multiple of 4 \(stereo\), got 322/,
      ],
      [vad, 'audio', /frames: must be 16-bit PCM bytes .*got string/],
      [vad, undefined, /got undefined/],
      [vad, null, /got null/],
      [vad, [1, 2, 3], /got Array/],
      [vad, new Float32Array(160), /a Float32Array is not 16-bit PCM/],
      [vad, new Int32Array(160), /a Int32Array is not 16-bit PCM/],
    ];
    for (const [target, input, message] of cases) {
      expectInvalidArgument(() => target.analyzeFrames(input as Uint8Array), 'frames', message);
    }
    expect(vad.analyzeFrames(Buffer.alloc(320))).toBe(0);
    expect(stereo.analyzeFrames(Buffer.alloc(320))).toBe(0);
  });

  it('returns 0 for less than 10 ms, as daily-python does not raise for it', () => {
    const vad = Daily.createNativeVad();
    const stereo = Daily.createNativeVad({ channels: 2, sampleRate: 8000 });
    const loud = Buffer.from(new Int16Array(159).map((_, i) => (i % 2 ? 20000 : -20000)).buffer);
    expect(vad.analyzeFrames(loud)).toBe(0);
    expect(vad.analyzeFrames(Buffer.alloc(0))).toBe(0);
    expect(stereo.analyzeFrames(Buffer.alloc(316))).toBe(0);
  });

  it('fails clearly after release, and release twice is harmless', () => {
    const vad = Daily.createNativeVad();
    expect(vad.released).toBe(false);
    vad.release();
    vad.release();
    expect(vad.released).toBe(true);
    expect(() => vad.analyzeFrames(Buffer.alloc(320))).toThrow(InvalidStateError);
    expect(() => vad.analyzeFrames(Buffer.alloc(320))).toThrow(/already been released/);
  });

  it('rejects bad options with the field named', () => {
    const bad: Array<[unknown, string, RegExp]> = [
      [{ sampleRate: 44100 }, 'sampleRate', /44100 Hz is not supported by WebRTC's VAD; use 8000, 16000, 32000, 48000/],
      [{ sampleRate: 22050 }, 'sampleRate', /22050 Hz/],
      [{ sampleRate: '16000' }, 'sampleRate', /"16000" Hz/],
      [{ channels: 3 }, 'channels', /must be 1 \(mono\) or 2 \(stereo\), got 3/],
      [{ channels: 0 }, 'channels', /got 0/],
      [{ resetPeriodMs: 10 }, 'resetPeriodMs', /integer from 20 to 86400000 ms, got 10/],
      [{ resetPeriodMs: 100.5 }, 'resetPeriodMs', /got 100.5/],
      [{ resetPeriodMs: NaN }, 'resetPeriodMs', /got NaN/],
      [
        { reset_period_ms: 1000 },
        'options.reset_period_ms',
        /not a known option of createNativeVad \(known: resetPeriodMs, sampleRate, channels\)/,
      ],
      [42, 'options', /must be an object, got 42/],
    ];
    for (const [options, field, message] of bad) {
      expectInvalidArgument(() => Daily.createNativeVad(options as object), field, message);
    }
  });

  it('reports its settings, with daily-python defaults', () => {
    const vad = Daily.createNativeVad();
    expect([vad.resetPeriodMs, vad.sampleRate, vad.channels, vad.frameBytes]).toEqual([1000, 16000, 1, 320]);
    const other = Daily.createNativeVad({ resetPeriodMs: 2000, sampleRate: 48000, channels: 2 });
    expect([other.resetPeriodMs, other.sampleRate, other.channels, other.frameBytes]).toEqual([2000, 48000, 2, 1920]);
  });
});
