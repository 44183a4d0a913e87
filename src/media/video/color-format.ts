/**
 * Pixel layouts of video frames, and the checks on frame sizes.
 * @module
 */
import { InvalidArgumentError } from '../../errors';

/**
 * A pixel layout, named by byte order in memory: `RGBA` is R, G, B, A bytes
 * per pixel; `RGB` 3 bytes per pixel; `I420` a Y plane followed by quarter
 * size U and V planes (daily-python's ColorFormat).
 */
export type ColorFormat = 'RGBA' | 'BGRA' | 'ARGB' | 'ABGR' | 'RGB' | 'I420';

/** Every {@link ColorFormat}. */
export const COLOR_FORMATS: readonly ColorFormat[] = ['RGBA', 'BGRA', 'ARGB', 'ABGR', 'RGB', 'I420'];

/** Largest width or height of a video source. */
export const MAX_VIDEO_DIMENSION = 4096;

/** Returns `value` as a ColorFormat or throws `invalid color format '<value>'`. @internal */
export function checkColorFormat(value: unknown, field = 'colorFormat'): ColorFormat {
  if (typeof value === 'string' && (COLOR_FORMATS as readonly string[]).includes(value)) return value as ColorFormat;
  throw new InvalidArgumentError(field, `invalid color format '${String(value)}'`);
}

/** Checks the size of frames a source will take (1..4096, even for I420). @internal */
export function checkFrameDimensions(width: unknown, height: unknown, colorFormat: ColorFormat): void {
  for (const [field, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_VIDEO_DIMENSION) {
      throw new InvalidArgumentError(
        field,
        `must be an integer from 1 to ${MAX_VIDEO_DIMENSION}, got ${String(value)}`,
      );
    }
    if (colorFormat === 'I420' && value % 2 !== 0) {
      throw new InvalidArgumentError(field, `must be even for I420 frames, got ${value}`);
    }
  }
}

/** Bytes of one frame: 4 per pixel, 3 for RGB, w*h*3/2 for I420 (chroma rounded up). @internal */
export function frameByteLength(width: number, height: number, colorFormat: ColorFormat): number {
  switch (colorFormat) {
    case 'RGB':
      return width * height * 3;
    case 'I420':
      return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
    default:
      return width * height * 4;
  }
}
