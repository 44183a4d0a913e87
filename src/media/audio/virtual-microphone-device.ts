/**
 * `VirtualMicrophoneDevice`: audio the bot sends as its microphone.
 * @module
 */
import { randomUUID } from 'node:crypto';

import { devicesChanged } from '../device-list';
import { AudioWriterBase } from './audio-writer-base';
import { EngineAudioSource, type SourceProcessing } from './engine-audio-source';
import type { PcmInput } from './pcm';
import type { WriteCompletion } from './write-completion';

/** Options of {@link Daily.createMicrophoneDevice}. */
export interface MicrophoneDeviceOptions {
  /** Sample rate of the audio you write (default 16000): any integer from 8000 to 96000 (others are resampled). */
  sampleRate?: number;
  /** 1 (mono, default) or 2 (stereo, interleaved). */
  channels?: number;
  /**
   * false (default): `writeFrames` without a completion resolves when the audio
   * has been played out, which paces a writing loop in real time. true: it
   * resolves at once; pass a completion to learn when the audio was consumed.
   */
  nonBlocking?: boolean;
  /**
   * A daily-node extension, for a non-blocking microphone fed as the audio is
   * produced in real time beside pictures (a media player, a camera feed):
   * if the writer stalls (or the engine does) and then writes what it produced
   * meanwhile in a burst, up to the stall's length of that late audio is
   * dropped, so the sound does not fall behind the pictures. Counted in the
   * source's stats (`stallsCaughtUp`, `lateDroppedMs`).
   *
   * false (default): everything written is played, however late. Keep it so
   * for speech a bot produces in bursts (text-to-speech after a pause), which
   * this rule could cut. Needs `nonBlocking: true`.
   */
  liveStream?: boolean;
}

/**
 * A virtual microphone, made by {@link Daily.createMicrophoneDevice}. Select it
 * as a call's microphone by its name (`inputs.microphone.settings.deviceId`).
 *
 * The engine plays what you write in exact 10 ms frames on its own clock, so
 * audio written ahead keeps playing on time while the JavaScript event loop
 * is busy. When nothing is queued the microphone sends silence.
 */
export class VirtualMicrophoneDevice extends AudioWriterBase {
  /** The device name given at creation. */
  readonly name: string;
  readonly sampleRate: number;
  readonly channels: number;
  /** Whether `writeFrames` without a completion returns before playout. */
  readonly nonBlocking: boolean;
  /** @internal Registry id of the microphone's track in the engine. */
  readonly trackId: string;

  /** @internal Use {@link Daily.createMicrophoneDevice}. */
  constructor(name: string, sampleRate: number, channels: number, nonBlocking: boolean, liveStream = false) {
    const trackId = `mic-${randomUUID()}`;
    super(
      new EngineAudioSource({
        description: `virtual microphone '${name}'`,
        sampleRate,
        channels,
        autoSilence: true,
        liveStream,
        trackId,
      }),
    );
    this.name = name;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.nonBlocking = nonBlocking;
    this.trackId = trackId;
  }

  /**
   * Writes 16-bit PCM (`channels` interleaved, a whole number of frames).
   *
   * - With `completion`: returns the number of frames at once; `completion(numFrames)`
   *   runs when they have been played out.
   * - Without: returns a promise of the number of frames played. On a blocking
   *   device it resolves once they have been played out (a tail shorter than
   *   10 ms is padded with silence); on a non-blocking device at once.
   */
  writeFrames(frames: PcmInput, completion: WriteCompletion): number;
  writeFrames(frames: PcmInput): Promise<number>;
  writeFrames(frames: PcmInput, completion?: WriteCompletion): number | Promise<number> {
    return this.write(frames, completion, !this.nonBlocking);
  }

  /**
   * @internal Switches libwebrtc's audio processing of what is written here
   * (`undefined`: all off). A CallClient does this from its inputs'
   * `microphone.settings.customConstraints`.
   */
  setProcessing(processing: SourceProcessing | undefined): Promise<void> {
    return this.engineSource.setProcessing(
      processing ?? { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    );
  }

  /** Frees it in the engine (beyond daily-python); CallClients see it leave `available-devices-updated`. */
  override release(): Promise<void> {
    const first = !this.released;
    const done = super.release();
    if (first) devicesChanged();
    return done;
  }
}
