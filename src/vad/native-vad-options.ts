/**
 * Options of {@link Daily.createNativeVad} and their checks.
 * @module
 */
import { InvalidArgumentError } from '../errors';
import { checkKnownKeys } from '../options-object';

/** Options of {@link Daily.createNativeVad} (daily-python's `create_native_vad` keywords). */
export interface NativeVadOptions {
  /**
   * The VAD starts afresh (filters, noise and speech models, hangover) after
   * every this many milliseconds of analysed audio (default 1000, at least 20).
   * Counted in analysed 10 ms frames, not wall-clock time. Longer periods let
   * the noise model settle on steady background noise and make loud, long
   * utterances read more consistently as speech; daily-python's VAD demo uses 2000.
   */
  resetPeriodMs?: number;
  /** Sample rate of the PCM given to {@link NativeVad.analyzeFrames}: 8000, 16000 (default), 32000 or 48000 Hz. */
  sampleRate?: number;
  /** 1 (mono, default) or 2 (interleaved stereo, mixed down before analysis). */
  channels?: number;
}

/** The options with their defaults filled in. */
export type ResolvedNativeVadOptions = Required<NativeVadOptions>;

/** Sample rates WebRTC's VAD accepts. */
export const NATIVE_VAD_SAMPLE_RATES: readonly number[] = [8000, 16000, 32000, 48000];
/** Bounds of `resetPeriodMs`: two frames, and one day (in practice "never"). */
export const NATIVE_VAD_RESET_PERIOD_RANGE_MS = { min: 20, max: 86_400_000 } as const;

const KNOWN_KEYS: readonly string[] = ['resetPeriodMs', 'sampleRate', 'channels'];

/** Checks `options` and fills in the defaults; throws InvalidArgumentError naming the field. */
export function resolveNativeVadOptions(options: NativeVadOptions | undefined): ResolvedNativeVadOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError('options', `must be an object, got ${describe(options)}`);
  }
  checkKnownKeys(options, KNOWN_KEYS, 'options', 'createNativeVad');
  const resetPeriodMs = options.resetPeriodMs ?? 1000;
  const sampleRate = options.sampleRate ?? 16000;
  const channels = options.channels ?? 1;
  const { min, max } = NATIVE_VAD_RESET_PERIOD_RANGE_MS;
  if (!Number.isInteger(resetPeriodMs) || resetPeriodMs < min || resetPeriodMs > max) {
    throw new InvalidArgumentError(
      'resetPeriodMs',
      `must be an integer from ${min} to ${max} ms, got ${describe(resetPeriodMs)}`,
    );
  }
  if (!NATIVE_VAD_SAMPLE_RATES.includes(sampleRate)) {
    throw new InvalidArgumentError(
      'sampleRate',
      `${describe(sampleRate)} Hz is not supported by WebRTC's VAD; use ${NATIVE_VAD_SAMPLE_RATES.join(', ')}`,
    );
  }
  if (channels !== 1 && channels !== 2) {
    throw new InvalidArgumentError('channels', `must be 1 (mono) or 2 (stereo), got ${describe(channels)}`);
  }
  return { resetPeriodMs, sampleRate, channels };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
