/**
 * `CustomAudioSource`: audio for a custom track, independent of the microphone.
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { checkOptionsObject } from '../../options-object';
import { AudioWriterBase } from './audio-writer-base';
import { EngineAudioSource } from './engine-audio-source';
import { checkAudioFormat, type PcmInput } from './pcm';
import type { WriteCompletion } from './write-completion';

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
export class CustomAudioSource extends AudioWriterBase {
  readonly sampleRate: number;
  readonly channels: number;
  readonly autoSilence: boolean;
  private readonly tracks = new Set<{ release(): Promise<void> }>();

  constructor(sampleRate: number, channels: number, options: CustomAudioSourceOptions = {}) {
    checkAudioFormat(sampleRate, channels);
    options = checkOptionsObject(options, ['autoSilence'], 'CustomAudioSource');
    if (options.autoSilence !== undefined && typeof options.autoSilence !== 'boolean') {
      throw new InvalidArgumentError('autoSilence', `must be a boolean, got ${typeof options.autoSilence}`);
    }
    const autoSilence = options.autoSilence ?? true;
    super(
      new EngineAudioSource({
        description: `custom audio source (${sampleRate} Hz, ${channels} ch)`,
        sampleRate,
        channels,
        autoSilence,
      }),
    );
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.autoSilence = autoSilence;
  }

  /**
   * Writes 16-bit PCM (`channels` interleaved, a whole number of frames).
   *
   * - Without `completion` (blocking form): returns a promise that resolves with
   *   the number of frames once they have been played out.
   * - With `completion` (non-blocking form): returns the number of frames at
   *   once; `completion(numFrames)` runs when they have been played out.
   */
  writeFrames(frames: PcmInput, completion: WriteCompletion): number;
  writeFrames(frames: PcmInput): Promise<number>;
  writeFrames(frames: PcmInput, completion?: WriteCompletion): number | Promise<number> {
    return this.write(frames, completion, true);
  }

  /**
   * Frees it in the engine (beyond daily-python): queued audio is dropped and
   * later calls throw. The `CustomAudioTrack`s made from it are released
   * too: they could carry nothing more, and the engine keeps a source alive
   * for as long as a track of it exists (a churn run leaked one source and
   * track per bot that released only its source).
   */
  override async release(): Promise<void> {
    const tracks = [...this.tracks];
    this.tracks.clear();
    await Promise.all(tracks.map((t) => t.release()));
    await super.release();
  }

  /** Called by each track made from this source, so that releasing the source releases it. @internal */
  adoptTrack(track: { release(): Promise<void> }): void {
    this.tracks.add(track);
  }

  /** Called by a track when it is released on its own. @internal */
  disownTrack(track: { release(): Promise<void> }): void {
    this.tracks.delete(track);
  }
}
