/**
 * `VirtualMicrophoneDevice`: audio the bot sends as its microphone.
 * @module
 */
import { randomUUID } from 'node:crypto';

import type { SourceStats } from '../../engine/protocol';
import { EngineAudioSource } from './engine-audio-source';
import { checkCallback, pcmBytes, type PcmInput } from './pcm';
import { completeWith, type WriteCompletion } from './write-completion';

/** Options of {@link Daily.createMicrophoneDevice}. */
export interface MicrophoneDeviceOptions {
  /** Sample rate of the audio you write (default 16000). */
  sampleRate?: number;
  /** 1 (mono, default) or 2 (stereo, interleaved). */
  channels?: number;
  /**
   * false (default): `writeFrames` without a completion resolves when the audio
   * has been played out, which paces a writing loop in real time. true: it
   * resolves at once; pass a completion to learn when the audio was consumed.
   */
  nonBlocking?: boolean;
}

/**
 * A virtual microphone, made by {@link Daily.createMicrophoneDevice}. Select it
 * as a call's microphone by its name (`inputs.microphone.settings.deviceId`).
 *
 * The engine plays what you write in exact 10 ms frames on its own clock, so
 * audio written ahead keeps playing on time while the JavaScript event loop
 * is busy. When nothing is queued the microphone sends silence.
 */
export class VirtualMicrophoneDevice {
  /** The device name given at creation. */
  readonly name: string;
  readonly sampleRate: number;
  readonly channels: number;
  /** Whether `writeFrames` without a completion returns before playout. */
  readonly nonBlocking: boolean;
  /** @internal Registry id of the microphone's track in the engine. */
  readonly trackId = `mic-${randomUUID()}`;
  private readonly source: EngineAudioSource;

  /** @internal Use {@link Daily.createMicrophoneDevice}. */
  constructor(name: string, sampleRate: number, channels: number, nonBlocking: boolean) {
    this.name = name;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.nonBlocking = nonBlocking;
    this.source = new EngineAudioSource({
      description: `virtual microphone '${name}'`,
      sampleRate,
      channels,
      autoSilence: true,
      trackId: this.trackId,
    });
  }

  /**
   * Writes 16-bit PCM (`channels` interleaved, a whole number of frames).
   *
   * - With `completion`: returns the number of frames at once; `completion(numFrames)`
   *   runs when they have been played out.
   * - Without: returns a promise of the number of frames played. On a blocking
   *   device it resolves once they have been played out (a tail shorter than
   *   10 ms is padded with silence); on a non-blocking device at once.
   *
   * If {@link clear} drops audio of a pending write, that write resolves with
   * the frames that did play rather than rejecting, so writing loops end cleanly.
   */
  writeFrames(frames: PcmInput, completion: WriteCompletion): number;
  writeFrames(frames: PcmInput): Promise<number>;
  writeFrames(frames: PcmInput, completion?: WriteCompletion): number | Promise<number> {
    checkCallback(completion, 'completion');
    const write = this.source.write(pcmBytes(frames, this.channels));
    if (completion) {
      completeWith(write, completion);
      return write.frames;
    }
    if (this.nonBlocking) {
      // The caller did not ask to hear back; still never leave a rejection unhandled.
      write.played.catch(() => undefined);
      return Promise.resolve(write.frames);
    }
    return write.played.then((r) => r.playedFrames);
  }

  /**
   * Drops all queued audio at once (barge-in). Pending writes resolve with the
   * frames that had been played. Resolves with the number of frames dropped.
   */
  clear(): Promise<number> {
    return this.source.clear();
  }

  /** Milliseconds of written audio still waiting to be played (an estimate kept by the SDK). */
  get queuedDurationMs(): number {
    return this.source.queuedDurationMs;
  }

  /** Resolves once all audio written so far has been played out. */
  waitForPlayout(): Promise<void> {
    return this.source.waitForPlayout();
  }

  /** @internal Pacing figures measured inside the engine (benchmarks, diagnostics). */
  pacingStats(reset = false): Promise<SourceStats> {
    return this.source.stats(reset);
  }

  /** True once {@link release} or `Daily.deinit()` ended the device. */
  get released(): boolean {
    return this.source.isReleased;
  }

  /**
   * Frees the device in the engine (beyond daily-python). Queued audio is
   * dropped; later calls throw.
   */
  release(): Promise<void> {
    return this.source.release();
  }
}
