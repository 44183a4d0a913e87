/**
 * `CustomVideoSource`: video frames written by the application.
 * @module
 */
import { randomUUID } from 'node:crypto';

import { EngineExitedError, InvalidArgumentError } from '../../errors';
import type { EngineChannel } from '../../engine/engine-channel';
import { EngineObject } from '../../engine/engine-object';
import { checkOptionsObject } from '../../options-object';
import { checkColorFormat, checkFrameDimensions, frameByteLength, type ColorFormat } from './color-format';
import { frameBytes } from './frame-bytes';

/** Options of {@link CustomVideoSource}. */
export interface CustomVideoSourceOptions {
  /** Layout of the frames that will be written (default `RGBA`). */
  colorFormat?: ColorFormat;
}

/** Name in errors of the next source made by {@link namedVideoSource}; consumed by the constructor. */
let nextDescription: string | undefined;

function takeDescription(): string {
  const what = nextDescription ?? 'CustomVideoSource';
  nextDescription = undefined;
  return what;
}

/**
 * A source of video frames written by the application, sent through a
 * {@link CustomVideoTrack}. Frames are converted to I420 in the media engine.
 *
 * Video is a live stream: keep writing frames (about 30 per second) even when
 * the picture does not change.
 */
export class CustomVideoSource extends EngineObject {
  /** Frame width in pixels. */
  readonly width: number;
  /** Frame height in pixels. */
  readonly height: number;
  /** Layout of the frames {@link writeFrame} takes. */
  readonly colorFormat: ColorFormat;
  /** @internal The engine's id of this source. */
  readonly sourceId = `video-source-${randomUUID()}`;
  private readonly frameLength: number;
  private dropped = 0;

  /**
   * @param width frame width, 1 to 4096 (even for I420)
   * @param height frame height, 1 to 4096 (even for I420)
   * @throws InvalidArgumentError naming `width`, `height`, `colorFormat`, or `options`
   *   (not an object, or an unknown key)
   * @throws InvalidStateError before `Daily.init()`
   */
  constructor(width: number, height: number, options: CustomVideoSourceOptions = {}) {
    super(takeDescription());
    options = checkOptionsObject(options, ['colorFormat'], this.what);
    this.colorFormat = checkColorFormat(options.colorFormat ?? 'RGBA');
    checkFrameDimensions(width, height, this.colorFormat);
    this.width = width;
    this.height = height;
    this.frameLength = frameByteLength(width, height, this.colorFormat);
    this.start();
  }

  /**
   * Sends one frame: exactly `width × height × 4` bytes (3 for RGB,
   * `width × height × 3 / 2` for I420) in {@link colorFormat}. Accepts a
   * Buffer, any TypedArray, DataView or ArrayBuffer.
   *
   * Returns at once. While the media engine restarts after a crash, frames
   * are dropped (see {@link framesDropped}); `Daily.onEngineExit` reports the crash.
   * @throws InvalidArgumentError `frame` if it is not bytes or has the wrong length
   * @throws InvalidStateError after {@link release} or `Daily.deinit()`
   */
  writeFrame(frame: Uint8Array | ArrayBufferView | ArrayBuffer): void {
    const bytes = frameBytes(frame, 'frame');
    if (bytes.byteLength !== this.frameLength) {
      throw new InvalidArgumentError(
        'frame',
        `frame size mismatch: expected ${this.frameLength} bytes for ${this.width}x${this.height} ${this.colorFormat}, got ${bytes.byteLength}`,
      );
    }
    const channel = this.liveChannel();
    if (!channel) {
      this.dropped++;
      return;
    }
    try {
      channel.sendData({ type: 'video.sourceFrame', sourceId: this.sourceId }, bytes);
    } catch (err) {
      if (!(err instanceof EngineExitedError)) throw err;
      this.dropped++;
    }
  }

  /** Frames written while the media engine was down (beyond daily-python). */
  get framesDropped(): number {
    return this.dropped;
  }

  /** @internal */
  protected createIn(channel: EngineChannel): Promise<void> {
    return channel
      .request('video.createSource', {
        sourceId: this.sourceId,
        width: this.width,
        height: this.height,
        colorFormat: this.colorFormat,
      })
      .then(() => undefined);
  }

  /** @internal */
  protected releaseIn(channel: EngineChannel): Promise<void> {
    return channel.request('video.releaseSource', { sourceId: this.sourceId }).then(() => undefined);
  }
}

/**
 * A source whose errors name `description` (a camera names itself) instead of
 * `CustomVideoSource`: kept out of the public constructor.
 * @internal
 */
export function namedVideoSource(
  description: string,
  width: number,
  height: number,
  options: CustomVideoSourceOptions,
): CustomVideoSource {
  nextDescription = description;
  try {
    return new CustomVideoSource(width, height, options);
  } finally {
    nextDescription = undefined;
  }
}
