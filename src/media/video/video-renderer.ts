/**
 * The engine side of a video renderer: frames of one video track, converted
 * to a color format and handed to a callback. CallClient.setVideoRenderer
 * builds on it.
 * @internal
 * @module
 */
import { randomUUID } from 'node:crypto';

import { InvalidArgumentError } from '../../errors';
import type { EngineChannel } from '../../engine/engine-channel';
import { EngineObject } from '../../engine/engine-object';
import { checkOptionsObject } from '../../options-object';
import type { VideoRendererFrameHeader } from '../../engine/protocol';
import { checkColorFormat, type ColorFormat } from './color-format';
import { VideoFrame } from './video-frame';

/** Options of {@link VideoRenderer}. */
export interface VideoRendererOptions {
  /** Layout of delivered frames (default `RGBA`); anything else throws `invalid color format '<fmt>'`. */
  colorFormat?: string;
  /**
   * Frames that may be on their way to JS at once (1..30, default 2). When
   * the callback or the event loop falls behind, newer frames are dropped in
   * the engine instead of queued.
   */
  maxPendingFrames?: number;
}

export type VideoFrameCallback = (frame: VideoFrame) => void;

/**
 * Renders one video track of the engine's track registry: a remote track
 * (`remote:<pcId>:<mid>`) or a local one (a CustomVideoTrack's id).
 * `ready()` rejects (code `invalid-argument`, field `trackId`) if the engine
 * has no such video track. After an engine restart it is made again if the
 * track exists in the new engine (local tracks do); otherwise `ready()`
 * rejects and it stays silent.
 */
export class VideoRenderer extends EngineObject {
  readonly rendererId = `video-renderer-${randomUUID()}`;
  readonly trackId: string;
  readonly colorFormat: ColorFormat;
  private readonly maxPendingFrames: number | undefined;
  private offFrames: (() => void) | undefined;
  private received = 0;
  private droppedInEngine = 0;

  constructor(
    trackId: string,
    private readonly callback: VideoFrameCallback,
    options: VideoRendererOptions = {},
  ) {
    super('VideoRenderer');
    this.trackId = trackId;
    if (typeof trackId !== 'string' || trackId.length === 0) {
      throw new InvalidArgumentError('trackId', `must be a non-empty string, got ${String(trackId)}`);
    }
    if (typeof callback !== 'function') throw new InvalidArgumentError('callback', 'must be a function');
    options = checkOptionsObject(options, ['colorFormat', 'maxPendingFrames'], 'VideoRenderer');
    this.colorFormat = checkColorFormat(options.colorFormat ?? 'RGBA');
    const pending = options.maxPendingFrames;
    if (pending !== undefined && (!Number.isInteger(pending) || pending < 1 || pending > 30)) {
      throw new InvalidArgumentError('maxPendingFrames', `must be an integer from 1 to 30, got ${String(pending)}`);
    }
    this.maxPendingFrames = pending;
    this.start();
  }

  /** Frames handed to the callback. */
  get framesReceived(): number {
    return this.received;
  }

  /** Frames the engine dropped because JS had not handled the previous ones. */
  get framesDropped(): number {
    return this.droppedInEngine;
  }

  /** Stops delivery; no callback runs after the returned promise resolves. */
  stop(): Promise<void> {
    this.detach();
    return this.release();
  }

  /** @internal */
  protected createIn(channel: EngineChannel): Promise<void> {
    this.detach();
    this.offFrames = channel.onData('video.rendererFrame', (header, payload) => {
      if (header.rendererId === this.rendererId)
        this.deliver(channel, header as unknown as VideoRendererFrameHeader, payload);
    });
    const params = { rendererId: this.rendererId, trackId: this.trackId, colorFormat: this.colorFormat };
    return channel
      .request(
        'video.createRenderer',
        this.maxPendingFrames === undefined ? params : { ...params, maxPendingFrames: this.maxPendingFrames },
      )
      .then(() => undefined);
  }

  /** @internal */
  protected releaseIn(channel: EngineChannel): Promise<void> {
    return channel.request('video.stopRenderer', { rendererId: this.rendererId }).then(() => undefined);
  }

  private deliver(channel: EngineChannel, header: VideoRendererFrameHeader, payload: Buffer): void {
    if (this.isReleased) return;
    this.received++;
    this.droppedInEngine = header.dropped;
    const frame = new VideoFrame(payload, header.width, header.height, header.timestampUs, header.colorFormat);
    try {
      this.callback(frame);
    } catch (err) {
      // As in daily-python, a throwing callback is reported and rendering goes on.
      console.error(`daily-node: video renderer callback threw: ${(err as Error)?.stack ?? String(err)}`);
    } finally {
      // The ack comes after the callback, so a slow callback slows the engine down, not memory.
      if (channel.alive) {
        try {
          channel.sendData({ type: 'video.rendererAck', rendererId: this.rendererId }, EMPTY);
        } catch {
          // The engine just died; the next one starts with nothing pending.
        }
      }
    }
  }

  private detach(): void {
    this.offFrames?.();
    this.offFrames = undefined;
  }
}

const EMPTY = new Uint8Array(0);
