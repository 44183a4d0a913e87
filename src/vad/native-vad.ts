/**
 * `NativeVad`: WebRTC's voice activity detector, in-process and synchronous.
 * @module
 */
import { InvalidArgumentError, InvalidStateError } from '../errors';
import type { PcmInput } from '../media/audio/pcm';
import { nativeAddon } from '../native';
import { resolveNativeVadOptions, type NativeVadOptions } from './native-vad-options';

/** What the addon's `createNativeVad` returns (native/addon/vad/native_vad.h). */
interface NativeVadHandle {
  /** Confidence 0..1, or a negative {@link InputError} code. */
  analyze(frames: unknown): number;
  release(): void;
}

type CreateNativeVad = (resetPeriodMs: number, sampleRate: number, channels: number) => NativeVadHandle;

/** Negative results of the native `analyze` (dn::vad::InputError). */
const enum InputError {
  Released = -1,
  NotBytes = -2,
  NotPcmArray = -3,
  OddLength = -4,
  PartialSample = -5,
  TooShort = -6,
}

/** Length of audio one call analyses. */
const FRAME_MS = 10;

/**
 * A voice activity detector: WebRTC's GMM VAD running in this process,
 * synchronously, with no media engine involved. Made by
 * {@link Daily.createNativeVad}.
 *
 * **Confidence.** WebRTC's VAD splits each 10 ms frame into six frequency
 * bands and scores their energies against a two-Gaussian noise model and a
 * two-Gaussian speech model per band, both of which adapt to the audio it
 * has seen; it calls the frame speech when the spectrally weighted sum of the
 * per-band log2 likelihood ratios passes a threshold. It only reports that
 * 0/1 decision. {@link analyzeFrames} returns instead the posterior that
 * this evidence implies: the same weighted log-likelihood ratio, computed in
 * floating point with the instance's models as they stood for this frame,
 * divided by the mean spectral weight so that it reads as bits of evidence,
 * with WebRTC's decision threshold as the prior log-odds:
 *
 * `confidence = 1 / (1 + 2^-(LLR - threshold) / 11)`
 *
 * So 0.5 sits exactly on WebRTC's own decision boundary and each further bit
 * of evidence doubles the odds. Speech frames typically carry tens of bits
 * and read ≈ 1.0, steady noise the models have learnt and silence read ≈ 0,
 * and frames near the boundary (onsets, weak consonants) fall in between, so
 * a threshold such as daily-python's demo value of 0.90 separates them well.
 * Frames below WebRTC's energy floor (digital silence) are exactly 0. Unlike
 * WebRTC's decision, the confidence has no hangover: smooth it over time
 * yourself (the demo waits 300 ms before "speaking" and 700 ms before "silent").
 *
 * The first frames after a start or a reset (see
 * {@link NativeVadOptions.resetPeriodMs}) are judged against the initial
 * models; a loud noise at that point can read as speech for a frame or two.
 *
 * Not thread-safe across worker threads sharing one instance (each worker
 * should create its own). Call {@link release} to free it early; otherwise it
 * is freed when garbage-collected.
 */
export class NativeVad {
  /** The reset period in milliseconds of analysed audio. */
  readonly resetPeriodMs: number;
  /** Sample rate of the PCM this VAD expects, in Hz. */
  readonly sampleRate: number;
  /** Channels of the PCM this VAD expects (1 or 2). */
  readonly channels: number;
  // The native functions themselves, not the handle: one property load less
  // on a call that runs a hundred times per second of audio, or a million in bulk.
  readonly #analyze: NativeVadHandle['analyze'];
  readonly #release: NativeVadHandle['release'];
  #released = false;

  /** @internal Use {@link Daily.createNativeVad}. */
  constructor(handle: NativeVadHandle, resetPeriodMs: number, sampleRate: number, channels: number) {
    this.#analyze = handle.analyze;
    this.#release = handle.release;
    this.resetPeriodMs = resetPeriodMs;
    this.sampleRate = sampleRate;
    this.channels = channels;
  }

  /** Bytes in the 10 ms that one {@link analyzeFrames} call looks at. */
  get frameBytes(): number {
    return ((this.sampleRate * FRAME_MS) / 1000) * 2 * this.channels;
  }

  /** Whether {@link release} has been called. */
  get released(): boolean {
    return this.#released;
  }

  /**
   * Analyses the first 10 ms of `frames` ({@link frameBytes} bytes) and
   * returns the probability, 0 to 1, that they hold speech (see the class
   * notes). Anything past 10 ms is ignored, so pass exactly 10 ms at a time
   * to follow a stream. Every call advances the detector's adaptive state.
   *
   * Less than 10 ms (including nothing) returns 0 without touching the
   * detector's state, as daily-python's binding, which checks only that the
   * length is even, does not raise for it either.
   *
   * `frames` is 16-bit little-endian PCM, interleaved when stereo: a Buffer,
   * Uint8Array or Int16Array (also Int8Array, Uint16Array, a DataView, an
   * ArrayBuffer or a SharedArrayBuffer), read in place and not kept. Float and 32-bit typed arrays
   * are refused rather than read as bytes: they usually hold samples of
   * another format.
   *
   * @throws InvalidArgumentError (field `frames`) for something that is not
   *   16-bit PCM bytes, an odd byte length or a length that splits a stereo sample
   * @throws InvalidStateError after {@link release}
   */
  analyzeFrames(frames: PcmInput): number {
    let result = this.#analyze(frames);
    if (result >= 0) return result;
    if (result === InputError.TooShort) return 0;
    // N-API sees no bytes in a bare SharedArrayBuffer; a view over it works.
    if (result === InputError.NotBytes && frames instanceof SharedArrayBuffer) {
      result = this.#analyze(new Uint8Array(frames));
      if (result >= 0) return result;
      if (result === InputError.TooShort) return 0;
    }
    throw this.#inputError(result, frames);
  }

  /** Frees the detector. Later {@link analyzeFrames} calls throw; releasing again does nothing. */
  release(): void {
    this.#released = true;
    this.#release();
  }

  #inputError(code: number, frames: unknown): Error {
    const length = byteLengthOf(frames);
    switch (code) {
      case InputError.Released:
        return new InvalidStateError('NativeVad: this object has already been released');
      case InputError.NotBytes:
        return new InvalidArgumentError(
          'frames',
          `must be 16-bit PCM bytes (Buffer, Uint8Array or Int16Array), got ${typeName(frames)}`,
        );
      case InputError.NotPcmArray:
        return new InvalidArgumentError(
          'frames',
          `a ${typeName(frames)} is not 16-bit PCM; pass a Buffer, Uint8Array or Int16Array`,
        );
      case InputError.OddLength:
        return new InvalidArgumentError(
          'frames',
          `frames bytestring should contain 16-bit samples: byte length must be even, got ${length}`,
        );
      case InputError.PartialSample:
        return new InvalidArgumentError(
          'frames',
          `frames bytestring should contain 16-bit samples: byte length must be a multiple of 4 (stereo), got ${length}`,
        );
      default:
        return new InvalidStateError(`NativeVad: unexpected result ${code} from the addon`);
    }
  }
}

/** Makes a {@link NativeVad}; see {@link Daily.createNativeVad}. */
export function createNativeVad(options?: NativeVadOptions): NativeVad {
  const { resetPeriodMs, sampleRate, channels } = resolveNativeVadOptions(options);
  const create = nativeAddon().createNativeVad as CreateNativeVad;
  return new NativeVad(create(resetPeriodMs, sampleRate, channels), resetPeriodMs, sampleRate, channels);
}

function byteLengthOf(value: unknown): number | string {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
  return '?';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}
