/**
 * What a virtual microphone and a custom audio source share: written audio
 * goes into an engine source whose queue the engine plays out in 10 ms frames.
 * @module
 */
import type { SourceStats } from '../../engine/protocol';
import type { EngineAudioSource } from './engine-audio-source';
import { checkCallback, pcmBytes, type PcmInput } from './pcm';
import { completeWith, type WriteCompletion } from './write-completion';

export abstract class AudioWriterBase {
  /** @internal */
  readonly engineSource: EngineAudioSource;

  /** @internal */
  protected constructor(engineSource: EngineAudioSource) {
    this.engineSource = engineSource;
  }

  /**
   * Queues `frames`. With a completion: returns the frame count at once and
   * calls `completion` when they have been played. Without: a promise of the
   * frames played, settled once played out when `blocking`, at once otherwise.
   */
  protected write(
    frames: PcmInput,
    completion: WriteCompletion | undefined,
    blocking: boolean,
  ): number | Promise<number> {
    checkCallback(completion, 'completion');
    const write = this.engineSource.write(pcmBytes(frames, this.engineSource.channels));
    if (completion) {
      completeWith(write, completion);
      return write.frames;
    }
    if (blocking) return write.played.then((r) => r.playedFrames);
    // The caller did not ask to hear back; still never leave a rejection unhandled.
    write.played.catch(() => undefined);
    return Promise.resolve(write.frames);
  }

  /**
   * Drops all queued audio at once (barge-in). Pending writes resolve with the
   * frames that had been played, rather than rejecting, so writing loops end
   * cleanly. Resolves with the number of frames dropped.
   */
  clear(): Promise<number> {
    return this.engineSource.clear();
  }

  /** Milliseconds of written audio still waiting to be played (an estimate kept by the SDK, exact to a few ms). */
  get queuedDurationMs(): number {
    return this.engineSource.queuedDurationMs;
  }

  /** Resolves once all audio written so far has been played out. */
  waitForPlayout(): Promise<void> {
    return this.engineSource.waitForPlayout();
  }

  /** @internal Pacing figures measured inside the engine (benchmarks, diagnostics). */
  pacingStats(reset = false): Promise<SourceStats> {
    return this.engineSource.stats(reset);
  }

  /** True once `release()` was called. */
  get released(): boolean {
    return this.engineSource.isReleased;
  }

  /** Frees it in the engine (beyond daily-python): queued audio is dropped and later calls throw. */
  release(): Promise<void> {
    return this.engineSource.release();
  }
}
