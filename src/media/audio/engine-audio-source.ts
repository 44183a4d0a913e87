/**
 * The engine side of a virtual microphone or custom audio source: a push
 * source whose queue the engine plays out in exact 10 ms frames. Written audio
 * crosses to the engine at once; each write's promise settles when its last
 * frame has been played (or the queue was cleared). The SDK keeps an estimate
 * of how much audio is still queued, corrected at each completion.
 * @internal
 * @module
 */
import { randomUUID } from 'node:crypto';

import { InvalidArgumentError } from '../../errors';
import type { EngineChannel } from '../../engine/engine-channel';
import { EngineObject } from '../../engine/engine-object';
import type { SourceStats, SourceWriteResult } from '../../engine/protocol';

/** Audio processing of a microphone (libwebrtc's AudioProcessingModule in the engine). */
export interface SourceProcessing {
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
}

const NO_PROCESSING: SourceProcessing = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };

/** At most this much audio may wait in a source (the engine enforces it too). */
export const MAX_QUEUED_MS = 10 * 60 * 1000;
/** Writes larger than this cross the channel in several requests. */
const CHUNK_BYTES = 8 * 1024 * 1024;

export interface EngineAudioSourceOptions {
  description: string;
  sampleRate: number;
  channels: number;
  autoSilence: boolean;
  /**
   * Audio is written as it is produced (a non-blocking microphone): after a stall the engine drops
   * the audio that arrives late, up to the stall's length, instead of playing everything later.
   */
  liveStream?: boolean;
  /** Also create a track on this source, with this registry id. */
  trackId?: string;
}

export interface SourceWrite {
  /** Frames accepted. */
  frames: number;
  /** Settles when the audio has been played out (frames played) or dropped. */
  played: Promise<SourceWriteResult>;
}

export class EngineAudioSource extends EngineObject {
  readonly sourceId = `src-${randomUUID()}`;
  private readonly options: EngineAudioSourceOptions;
  /** Frames of the writes not yet completed, in write order. */
  private readonly pendingFrames: number[] = [];
  private playoutEndsAtMs = 0;
  private drained: Promise<void> = Promise.resolve();
  private processing: SourceProcessing = NO_PROCESSING;

  constructor(options: EngineAudioSourceOptions) {
    super(options.description);
    this.options = options;
    this.start();
  }

  get sampleRate(): number {
    return this.options.sampleRate;
  }

  get channels(): number {
    return this.options.channels;
  }

  protected async createIn(channel: EngineChannel): Promise<void> {
    const { sampleRate, channels, autoSilence, liveStream, trackId } = this.options;
    // Both requests leave now, in this order (see EngineObject.createIn).
    const source = channel.request('audio.source.create', {
      sourceId: this.sourceId,
      sampleRate,
      channels,
      autoSilence,
      liveStream: liveStream ?? false,
    });
    const track = trackId ? channel.request('audio.track.create', { trackId, sourceId: this.sourceId }) : undefined;
    // A source made again after an engine restart keeps its processing.
    const processing = isOn(this.processing)
      ? channel.request('audio.source.processing', { sourceId: this.sourceId, ...this.processing })
      : undefined;
    // Awaited together: when the engine dies the source's rejection would otherwise leave the
    // others' rejections unhandled.
    await Promise.all([source, track, processing]);
  }

  /** Switches the engine's audio processing of this source (all false: off). */
  async setProcessing(processing: SourceProcessing): Promise<void> {
    if (sameProcessing(processing, this.processing)) return;
    this.processing = { ...processing };
    await this.request('audio.source.processing', { sourceId: this.sourceId, ...processing });
  }

  protected async releaseIn(channel: EngineChannel): Promise<void> {
    const { trackId } = this.options;
    if (trackId) await channel.request('audio.track.release', { trackId }).catch(() => undefined);
    await channel.request('audio.source.release', { sourceId: this.sourceId });
  }

  /** Queues `bytes` (whole frames, already checked) for playout. */
  write(bytes: Uint8Array): SourceWrite {
    this.checkUsable();
    const frameBytes = 2 * this.channels;
    const frames = bytes.byteLength / frameBytes;
    if (frames === 0) return { frames, played: Promise.resolve({ frames: 0, playedFrames: 0, cleared: false }) };
    const addMs = (frames * 1000) / this.sampleRate;
    if (this.queuedDurationMs + addMs > MAX_QUEUED_MS) {
      throw new InvalidArgumentError(
        'frames',
        `writing ${Math.round(addMs)} ms would queue more than ${MAX_QUEUED_MS / 60000} minutes of audio ` +
          `(${this.queuedDurationMs} ms already queued); wait for playout or clear() first`,
      );
    }
    const chunks: Promise<SourceWriteResult>[] = [];
    const chunkBytes = CHUNK_BYTES - (CHUNK_BYTES % frameBytes);
    for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
      const binary = bytes.subarray(offset, Math.min(bytes.byteLength, offset + chunkBytes));
      chunks.push(this.request('audio.source.write', { sourceId: this.sourceId }, { binary, timeoutMs: 0 }));
    }
    const now = Date.now();
    this.playoutEndsAtMs = Math.max(now, this.playoutEndsAtMs) + addMs;
    this.pendingFrames.push(frames);
    const played = Promise.all(chunks).then((results) => {
      const playedFrames = results.reduce((n, r) => n + r.playedFrames, 0);
      return { frames, playedFrames, cleared: results.some((r) => r.cleared) };
    });
    played.then(
      () => this.onWriteDone(),
      () => this.onWriteDone(),
    );
    this.drained = played.then(
      () => undefined,
      () => undefined,
    );
    return { frames, played };
  }

  /** Milliseconds of written audio not yet played (an estimate, exact to within a few ms). */
  get queuedDurationMs(): number {
    if (this.pendingFrames.length === 0) return 0;
    return Math.max(0, Math.round(this.playoutEndsAtMs - Date.now()));
  }

  /** Drops the queued audio; pending writes settle with the frames that did play. */
  async clear(): Promise<number> {
    const { droppedFrames } = await this.request('audio.source.clear', { sourceId: this.sourceId });
    return droppedFrames;
  }

  /** Resolves once everything written so far has been played out. */
  async waitForPlayout(): Promise<void> {
    this.checkUsable();
    await this.request('audio.source.drain', { sourceId: this.sourceId }, { timeoutMs: 0 });
    await this.drained;
  }

  stats(reset = false): Promise<SourceStats> {
    return this.request('audio.source.stats', { sourceId: this.sourceId, reset });
  }

  private onWriteDone(): void {
    this.pendingFrames.shift();
    const remaining = this.pendingFrames.reduce((n, f) => n + f, 0);
    this.playoutEndsAtMs = Date.now() + (remaining * 1000) / this.sampleRate;
  }
}

function isOn(p: SourceProcessing): boolean {
  return p.echoCancellation || p.noiseSuppression || p.autoGainControl;
}

function sameProcessing(a: SourceProcessing, b: SourceProcessing): boolean {
  return (
    a.echoCancellation === b.echoCancellation &&
    a.noiseSuppression === b.noiseSuppression &&
    a.autoGainControl === b.autoGainControl
  );
}
