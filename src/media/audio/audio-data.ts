/**
 * `AudioData`: one callback's worth of rendered audio.
 * @module
 */

/** Audio delivered to an audio renderer: 16-bit PCM, channels interleaved. */
export class AudioData {
  /** @internal */
  constructor(
    /** Always 16. */
    readonly bitsPerSample: number,
    /** The rate the renderer asked for. */
    readonly sampleRate: number,
    readonly numChannels: number,
    /** Frames in `audioFrames` (samples per channel). */
    readonly numAudioFrames: number,
    /** The PCM bytes: numAudioFrames x numChannels x 2. */
    readonly audioFrames: Buffer,
    /** When the engine received the first 10 ms of this data, in microseconds since the Unix epoch. */
    readonly timestampUs: number,
  ) {}
}
