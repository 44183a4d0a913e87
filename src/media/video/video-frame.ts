/**
 * `VideoFrame`: one frame delivered to a video renderer.
 * @module
 */
import type { ColorFormat } from './color-format';

/** A video frame given to a renderer callback (not made by applications). */
export class VideoFrame {
  /** @internal */
  constructor(
    /** The pixels in {@link colorFormat}, rows without padding. */
    readonly buffer: Buffer,
    /** Width in pixels. */
    readonly width: number,
    /** Height in pixels. */
    readonly height: number,
    /** When the media engine received the frame, in microseconds since the Unix epoch. */
    readonly timestampUs: number,
    /** Layout of {@link buffer}. */
    readonly colorFormat: ColorFormat,
  ) {}
}
