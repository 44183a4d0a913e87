/**
 * Test signals of the agents and latency benchmarks, and the click detector.
 */
import { MIC_RATE, RENDER_FRAMES, RENDER_RATE } from './agent';

/**
 * Speech-like audio: a 140 Hz voice with harmonics, its loudness moving at
 * syllable rate (4 Hz), so Opus codes it as voice rather than a steady tone.
 */
export function speechLike(seconds: number, fundamentalHz = 140): Int16Array {
  const out = new Int16Array(seconds * MIC_RATE);
  for (let i = 0; i < out.length; i++) {
    const t = i / MIC_RATE;
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin(2 * Math.PI * fundamentalHz * h * t) / h;
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
    out[i] = Math.round(6000 * envelope * v);
  }
  return out;
}

/** 10 ms of microphone audio that starts with a 5 ms, 1 kHz click (Hann window), silence after. */
export function clickFrame(): Int16Array {
  const frame = new Int16Array(MIC_RATE / 100);
  const n = MIC_RATE / 200;
  for (let i = 0; i < n; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    frame[i] = Math.round(20000 * hann * Math.sin((2 * Math.PI * 1000 * i) / MIC_RATE));
  }
  return frame;
}

/** Level above which a rendered sample belongs to a click (about -12 dBFS; silence decodes near 0). */
const CLICK_LEVEL = 8000;
/** A new click may start only after this much quiet (clicks are 200 ms apart). */
const QUIET_MS = 100;

export interface ClickHeard {
  /** When the renderer callback holding the click's first loud sample ran. */
  callbackAtMs: number;
  /** That sample's own time: the callback time minus the samples after it in the 20 ms block. */
  sampleAtMs: number;
}

/** Finds click onsets in 20 ms renderer blocks. */
export class ClickDetector {
  private lastLoudAt = -Infinity;

  constructor(private readonly onClick: (heard: ClickHeard) => void) {}

  push(pcm: Int16Array, atMs: number): void {
    for (let i = 0; i < pcm.length; i++) {
      if (Math.abs(pcm[i]!) < CLICK_LEVEL) continue;
      const sampleAtMs = atMs - ((RENDER_FRAMES - i) * 1000) / RENDER_RATE;
      if (sampleAtMs - this.lastLoudAt > QUIET_MS) this.onClick({ callbackAtMs: atMs, sampleAtMs });
      this.lastLoudAt = sampleAtMs;
    }
  }
}

/** Root mean square of 16-bit samples, 0..1. */
export function level(pcm: Int16Array): number {
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return pcm.length ? Math.sqrt(sum / pcm.length) / 32768 : 0;
}
