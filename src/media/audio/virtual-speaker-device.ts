/**
 * `VirtualSpeakerDevice`: the mix of all received audio, read by the bot.
 * @module
 */
import { randomUUID } from 'node:crypto';

import type { EngineChannel } from '../../engine/engine-channel';
import { EngineObject } from '../../engine/engine-object';
import { DailyError } from '../../errors';
import { devicesChanged } from '../device-list';
import { checkCallback, checkFrameCount } from './pcm';

/** Options of {@link Daily.createSpeakerDevice}. */
export interface SpeakerDeviceOptions {
  /** Rate the mix is delivered at (default 16000): any integer from 8000 to 96000 Hz. */
  sampleRate?: number;
  /** 1 (mono, default) or 2 (stereo, interleaved). */
  channels?: number;
  /**
   * false (default): `readFrames` waits until all requested frames have played.
   * true: `readFrames` without a completion returns what is buffered right now.
   */
  nonBlocking?: boolean;
}

/**
 * Called with the frames read (a Buffer of 16-bit PCM); `error` is set when
 * the read failed (e.g. the media engine exited).
 */
export type ReadCompletion = (frames: Buffer, error?: Error) => void;

/** The longest single read: 60 seconds of audio. */
const MAX_READ_MS = 60_000;

/**
 * A virtual speaker, made by {@link Daily.createSpeakerDevice}. While it is the
 * selected speaker ({@link Daily.selectSpeakerDevice}; one per process) it
 * receives the mix of all remote audio, in real time, at its own rate and
 * channel count. Audio nobody has read yet is kept for up to one second (the
 * oldest is dropped beyond that).
 */
export class VirtualSpeakerDevice {
  readonly name: string;
  readonly sampleRate: number;
  readonly channels: number;
  readonly nonBlocking: boolean;
  /** @internal */
  readonly resident: EngineSpeaker;

  /** @internal Use {@link Daily.createSpeakerDevice}. */
  constructor(name: string, sampleRate: number, channels: number, nonBlocking: boolean, isSelected: () => boolean) {
    this.name = name;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.nonBlocking = nonBlocking;
    this.resident = new EngineSpeaker(`virtual speaker '${name}'`, sampleRate, channels, isSelected);
  }

  /**
   * Reads `numFrames` frames of 16-bit PCM.
   *
   * - Without `completion`: a blocking device resolves once `numFrames` frames
   *   have been collected (reading 10 s in one call is fine); a non-blocking
   *   device resolves at once with what is buffered (possibly an empty Buffer).
   * - With `completion`: returns at once; `completion(frames)` runs once
   *   `numFrames` frames have been collected.
   *
   * A read that ends with nothing read gives an empty Buffer; one cut short
   * after some frames (the device was released) rejects with a DailyError.
   */
  readFrames(numFrames: number, completion: ReadCompletion): void;
  readFrames(numFrames: number): Promise<Buffer>;
  readFrames(numFrames: number, completion?: ReadCompletion): void | Promise<Buffer> {
    checkFrameCount(numFrames, 'numFrames', (MAX_READ_MS * this.sampleRate) / 1000);
    checkCallback(completion, 'completion');
    this.resident.assertUsable();
    const wait = completion !== undefined || !this.nonBlocking;
    const read = this.resident.read(numFrames, wait);
    if (!completion) return read;
    read.then(
      (frames) => invokeRead(completion, frames),
      (err: Error) => invokeRead(completion, Buffer.alloc(0), err),
    );
  }

  /** @internal Buffered/dropped frame counts and playout pulls, from the engine. */
  stats(): ReturnType<EngineSpeaker['stats']> {
    return this.resident.stats();
  }

  get released(): boolean {
    return this.resident.isReleased;
  }

  /** Frees the device in the engine (beyond daily-python); pending reads end. */
  release(): Promise<void> {
    const first = !this.released;
    const done = this.resident.release();
    if (first) devicesChanged();
    return done;
  }
}

function invokeRead(completion: ReadCompletion, frames: Buffer, error?: Error): void {
  try {
    if (error) completion(frames, error);
    else completion(frames);
  } catch (err) {
    process.emitWarning(`daily-node: a speaker read completion threw: ${(err as Error).message}`);
  }
}

/** The engine half of a virtual speaker. @internal */
export class EngineSpeaker extends EngineObject {
  readonly speakerId = `spk-${randomUUID()}`;

  constructor(
    private readonly description: string,
    private readonly sampleRate: number,
    private readonly channels: number,
    private readonly isSelected: () => boolean,
  ) {
    super(description);
    this.start();
  }

  protected async createIn(channel: EngineChannel): Promise<void> {
    const { speakerId, sampleRate, channels } = this;
    const created = channel.request('audio.speaker.create', { speakerId, sampleRate, channels });
    // After an engine restart the selection is restored with the device.
    const selected = this.isSelected() ? channel.request('audio.speaker.select', { speakerId }) : undefined;
    await Promise.all([created, selected]); // together: a dead engine rejects both, both handled
  }

  protected async releaseIn(channel: EngineChannel): Promise<void> {
    await channel.request('audio.speaker.release', { speakerId: this.speakerId });
  }

  /** Throws if the speaker was released or outlived its SDK session. */
  assertUsable(): void {
    this.checkUsable();
  }

  async read(frames: number, wait: boolean): Promise<Buffer> {
    if (frames === 0) {
      this.checkUsable();
      return Buffer.alloc(0);
    }
    const r = await this.request('audio.speaker.read', { speakerId: this.speakerId, frames, wait }, { timeoutMs: 0 });
    const bytes = r.binary ?? Buffer.alloc(0);
    if (wait && !r.complete && r.frames > 0) {
      throw new DailyError(
        `error reading audio frames from the device: got ${r.frames} of ${frames} frames (${this.description} was released)`,
        'read-failed',
      );
    }
    return bytes;
  }

  select(): Promise<void> {
    return this.request('audio.speaker.select', { speakerId: this.speakerId }).then(() => undefined);
  }

  stats(): Promise<{ bufferedFrames: number; droppedFrames: number; selected: boolean; playoutPulls: number }> {
    return this.request('audio.speaker.stats', { speakerId: this.speakerId });
  }
}
