/**
 * 16-bit interleaved PCM as the SDK accepts it, and the formats the engine
 * supports.
 * @module
 */
import { InvalidArgumentError } from '../../errors';

/**
 * Audio samples as bytes: 16-bit signed little-endian PCM, channels
 * interleaved. A Buffer, any Uint8Array, an Int16Array (one element per
 * sample), an 8- or 16-bit typed array or DataView over such bytes, or an
 * ArrayBuffer (or SharedArrayBuffer). 32- and 64-bit arrays (Float32Array...)
 * are refused: they hold samples of another format.
 */
export type PcmInput = Uint8Array | Int16Array | ArrayBufferView | ArrayBufferLike;

/**
 * Rates the engine runs audio at. Any integer rate in {@link SAMPLE_RATE_RANGE}
 * works for every device, source and renderer; a rate not in this list (22050,
 * 11025 Hz TTS output...) costs a resampling step in the engine (libwebrtc's
 * sinc resampler, well under 1 % of a core) and up to one resampling block of
 * latency (20 ms at 22050 Hz, 40 ms at 11025 Hz).
 */
export const SUPPORTED_SAMPLE_RATES: readonly number[] = [8000, 12000, 16000, 24000, 32000, 44100, 48000];

/**
 * Rates microphones, speakers, custom audio sources and audio renderers take:
 * any integer in this range, as in daily-python.
 */
export const SAMPLE_RATE_RANGE = { min: 8000, max: 96000 } as const;

/**
 * The range written audio (microphones, custom sources) takes.
 * @deprecated Every audio object now takes {@link SAMPLE_RATE_RANGE}; this is the same object.
 */
export const WRITTEN_SAMPLE_RATE_RANGE = SAMPLE_RATE_RANGE;

/** @internal Checks a sample rate (any integer in range) and channel count, naming the argument on error. */
export function checkAudioFormat(
  sampleRate: unknown,
  channels: unknown,
  rateField = 'sampleRate',
  channelsField = 'channels',
): void {
  const { min, max } = SAMPLE_RATE_RANGE;
  if (typeof sampleRate !== 'number' || !Number.isInteger(sampleRate) || sampleRate < min || sampleRate > max) {
    throw new InvalidArgumentError(rateField, `must be an integer from ${min} to ${max} Hz, got ${String(sampleRate)}`);
  }
  checkChannels(channels, channelsField);
}

function checkChannels(channels: unknown, field: string): void {
  if (channels !== 1 && channels !== 2) {
    throw new InvalidArgumentError(field, `must be 1 (mono) or 2 (stereo), got ${String(channels)}`);
  }
}

/** @internal The bytes of `frames` as a Uint8Array view (no copy), checked to hold whole frames. */
export function pcmBytes(frames: unknown, channels: number, field = 'frames'): Uint8Array {
  let bytes: Uint8Array;
  if (frames instanceof Uint8Array) bytes = frames;
  else if (isWideSampleArray(frames)) {
    // Float32Array and friends are almost always samples, not bytes of 16-bit
    // PCM; reading their bytes would play noise. NativeVad refuses them too.
    throw new InvalidArgumentError(
      field,
      `a ${frames.constructor.name} holds ${frames.BYTES_PER_ELEMENT * 8}-bit samples; convert them to 16-bit PCM (an Int16Array, or a Buffer of its bytes)`,
    );
  } else if (ArrayBuffer.isView(frames)) bytes = new Uint8Array(frames.buffer, frames.byteOffset, frames.byteLength);
  else if (frames instanceof ArrayBuffer || frames instanceof SharedArrayBuffer) bytes = new Uint8Array(frames);
  else {
    throw new InvalidArgumentError(
      field,
      `must be a Buffer, Uint8Array, Int16Array or ArrayBuffer of 16-bit PCM, got ${describe(frames)}`,
    );
  }
  const frameBytes = 2 * channels;
  if (bytes.byteLength % frameBytes !== 0) {
    throw new InvalidArgumentError(
      field,
      `frames bytestring should contain 16-bit samples: ${bytes.byteLength} bytes is not a multiple of ${frameBytes} ` +
        `(2 bytes x ${channels} channel${channels > 1 ? 's' : ''})`,
    );
  }
  return bytes;
}

type WideSampleArray = Float32Array | Float64Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

function isWideSampleArray(value: unknown): value is WideSampleArray {
  return (
    value instanceof Float32Array ||
    value instanceof Float64Array ||
    value instanceof Int32Array ||
    value instanceof Uint32Array ||
    value instanceof BigInt64Array ||
    value instanceof BigUint64Array
  );
}

/** @internal Checks a frame count argument. */
export function checkFrameCount(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(field, `must be a whole number of frames (0 or more), got ${String(value)}`);
  }
  if (value > max) throw new InvalidArgumentError(field, `must be at most ${max} frames, got ${value}`);
  return value;
}

/** @internal Checks that an optional callback is a function. */
export function checkCallback(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidArgumentError(field, `must be a function, got ${describe(value)}`);
  }
}

/** @internal Checks a device or track name. */
export function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    throw new InvalidArgumentError(
      field,
      `must be a non-empty string of at most 256 characters, got ${describe(value)}`,
    );
  }
  return value;
}

/** @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return `${typeof value} ${String(value)}`;
}
