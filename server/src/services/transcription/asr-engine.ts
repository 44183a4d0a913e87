/**
 * The ASR engine interface: one stream per transcribed participant, 16 kHz
 * mono s16 PCM in, finished utterances out. Engines are chosen on the server
 * (`--transcription-engine`); each checks the TranscriptionSettings it can
 * honour and refuses the rest by name.
 */
import type { TranscriptionSettings } from 'daily-node';

/** Sample rate of the PCM every stream gets. */
export const ASR_SAMPLE_RATE = 16000;

/** One recognised word, times in seconds from the start of the stream. */
export interface AsrWord {
  word: string;
  start: number;
  end: number;
  confidence: number;
}

/** One finished utterance. */
export interface AsrUtterance {
  text: string;
  /** Seconds from the start of the stream when the utterance began (if the engine says). */
  start?: number;
  end?: number;
  words?: AsrWord[];
  /** The engine's own result, for `includeRawResponse`. */
  raw: Record<string, unknown>;
}

/** Where a stream reports. */
export interface AsrStreamListener {
  utterance(u: AsrUtterance): void;
  /** The stream cannot go on (its process died): the supervisor restarts it. */
  failed(reason: string): void;
}

/** A running recognition of one participant's audio. */
export interface AsrStream {
  /** Feeds 16 kHz mono s16le PCM. Never throws; data to a dead stream is dropped. */
  write(pcm: Buffer): void;
  /** Ends the stream and frees its process or socket. */
  close(): void;
  /** OS process id, for engines that run one (tests kill it). */
  readonly pid?: number;
}

/** A settings key the engine cannot honour. */
export class UnsupportedSettingError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'UnsupportedSettingError';
  }
}

/** An ASR engine. */
export interface AsrEngine {
  readonly name: string;
  /**
   * Checks settings against what this engine can do.
   * @throws UnsupportedSettingError naming the key (`settings.punctuate`, ...)
   */
  checkSettings(settings: TranscriptionSettings): void;
  /** Language and model the engine will use for these settings (for TranscriptionStatus). */
  describe(settings: TranscriptionSettings): { language: string; model: string };
  /** Opens a stream; results and failures go to `listener`. */
  open(settings: TranscriptionSettings, listener: AsrStreamListener): AsrStream;
}

/** Refuses a key that is set to anything but the given "off" values. */
export function refuseUnless(
  settings: TranscriptionSettings,
  key: keyof TranscriptionSettings,
  off: unknown[],
  engine: string,
  what: string,
): void {
  const value = settings[key];
  if (value === undefined || off.includes(value)) return;
  throw new UnsupportedSettingError(
    `settings.${key}`,
    `the ${engine} engine cannot ${what} (got ${JSON.stringify(value)})`,
  );
}
