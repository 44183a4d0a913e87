/**
 * `CustomAudioSource`: audio for a custom track, independent of the microphone.
 * @module
 */
import type { SourceStats } from '../../engine/protocol';
import { InvalidArgumentError } from '../../errors';
import { EngineAudioSource } from './engine-audio-source';
import { checkAudioFormat, checkCallback, pcmBytes, type PcmInput } from './pcm';
import { completeWith, type WriteCompletion } from './write-completion';

/** Options of {@link CustomAudioSource}. */
export interface CustomAudioSourceOptions {
  /**
   * true (default): silence is sent while nothing is written, so receivers get
   * RTP from the start. false: nothing is sent while idle.
   */
  autoSilence?: boolean;
}

/**
 * A source of audio you write, for a {@link CustomAudioTrack}. Any number may
 * exist; each becomes its own outgoing track. The engine plays what you write
 * in exact 10 ms frames on its own clock.
 *
 * ```ts
 * const source = new CustomAudioSource(48000, 1);
 * const track = new CustomAudioTrack(source);
 * await source.writeFrames(pcm); // resolves once played out
 * ```
 */
export class CustomAudioSource {
  readonly sampleRate: number;
  readonly channels: number;
  readonly autoSilence: boolean;
  /** @internal */
  readonly engineSource: EngineAudioSource;

  constructor(sampleRate: number, channels: number, options: CustomAudioSourceOptions = {}) {
    checkAudioFormat(sampleRate, channels);
    if (options.autoSilence !== undefined && typeof options.autoSilence !== 'boolean') {
      throw new InvalidArgumentError('autoSilence', `must be a boolean, got ${typeof options.autoSilence}`);
    }
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.autoSilence = options.autoSilence ?? true;
    this.engineSource = new EngineAudioSource({
      description: `custom audio source (${sampleRate} Hz, ${channels} ch)`,
      sampleRate,
      channels,
      autoSilence: this.autoSilence,
    });
  }

  /**
   * Writes 16-bit PCM (`channels` interleaved, a whole number of frames).
   *
   * - Without `completion` (blocking form): returns a promise that resolves with
   *   the number of frames once they have been played out.
   * - With `completion` (non-blocking form): returns the number of frames at
   *   once; `completion(numFrames)` runs when they have been played out.
   *
   * If {@link clear} drops audio of a pending write, it resolves with the
   * frames that did play.
   */
  writeFrames(frames: PcmInput, completion: WriteCompletion): number;
  writeFrames(frames: PcmInput): Promise<number>;
  writeFrames(frames: PcmInput, completion?: WriteCompletion): number | Promise<number> {
    checkCallback(completion, 'completion');
    const write = this.engineSource.write(pcmBytes(frames, this.channels));
    if (!completion) return write.played.then((r) => r.playedFrames);
    completeWith(write, completion);
    return write.frames;
  }

  /** Drops all queued audio (barge-in); resolves with the number of frames dropped. */
  clear(): Promise<number> {
    return this.engineSource.clear();
  }

  /** Milliseconds of written audio still waiting to be played (an estimate kept by the SDK). */
  get queuedDurationMs(): number {
    return this.engineSource.queuedDurationMs;
  }

  /** Resolves once all audio written so far has been played out. */
  waitForPlayout(): Promise<void> {
    return this.engineSource.waitForPlayout();
  }

  /** @internal Pacing figures measured inside the engine. */
  pacingStats(reset = false): Promise<SourceStats> {
    return this.engineSource.stats(reset);
  }

  get released(): boolean {
    return this.engineSource.isReleased;
  }

  /** Frees the source in the engine (beyond daily-python); later calls throw. */
  release(): Promise<void> {
    return this.engineSource.release();
  }
}
