/** PCM test signals and measurements: tones, frequency and level. */

/** A sine tone as interleaved 16-bit PCM (same signal on every channel). */
export function tone(
  freqHz: number,
  durationMs: number,
  sampleRate: number,
  amplitude = 0.3,
  channels = 1,
  phase0 = 0,
): Int16Array {
  const frames = Math.round((durationMs * sampleRate) / 1000);
  const out = new Int16Array(frames * channels);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(amplitude * 32767 * Math.sin(phase0 + (2 * Math.PI * freqHz * i) / sampleRate));
    for (let c = 0; c < channels; c++) out[i * channels + c] = v;
  }
  return out;
}

/** Samples of one channel of interleaved PCM bytes, as floats in -1..1. */
export function channelSamples(bytes: Uint8Array, channels = 1, channel = 0): Float64Array {
  const view = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2));
  const frames = Math.floor(view.length / channels);
  const out = new Float64Array(frames);
  for (let i = 0; i < frames; i++) out[i] = view[i * channels + channel] / 32768;
  return out;
}

/** Amplitude of the `freqHz` component (Goertzel), for a whole-signal window. */
export function toneAmplitude(samples: Float64Array, freqHz: number, sampleRate: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  const w = (2 * Math.PI * freqHz) / sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = samples[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / n;
}

/** Root mean square of the samples. */
export function rms(samples: Float64Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/** Frequency estimated from rising zero crossings (a clean tone). */
export function zeroCrossingFrequency(samples: Float64Array, sampleRate: number): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i - 1] < 0 && samples[i] >= 0) {
      // Interpolate the crossing point for sub-sample accuracy.
      const t = i - 1 + -samples[i - 1] / (samples[i] - samples[i - 1]);
      if (first < 0) first = t;
      last = t;
      count++;
    }
  }
  if (count < 2) return 0;
  return ((count - 1) * sampleRate) / (last - first);
}

/** The part of `samples` after the first sample louder than `threshold` (skips leading silence). */
export function afterOnset(samples: Float64Array, threshold = 0.05, skip = 0): Float64Array {
  let i = 0;
  while (i < samples.length && Math.abs(samples[i]) < threshold) i++;
  return samples.subarray(Math.min(samples.length, i + skip));
}
