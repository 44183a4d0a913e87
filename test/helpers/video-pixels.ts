/**
 * Test frames in every color format, and reading a pixel back, so that tests
 * can check the colour a user would see.
 */
import type { ColorFormat } from '../../src';

export type Rgb = readonly [number, number, number];

/** A frame of `background` with a square of `block` at (bx, by) of side `size`. */
export interface TestPicture {
  width: number;
  height: number;
  background: Rgb;
  block: Rgb;
  bx: number;
  by: number;
  size: number;
}

const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

// BT.601 limited range, the matrix libyuv uses for I420.
export function rgbToYuv([r, g, b]: Rgb): Rgb {
  return [
    clamp(16 + 0.257 * r + 0.504 * g + 0.098 * b),
    clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b),
    clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b),
  ];
}

export function yuvToRgb([y, u, v]: Rgb): Rgb {
  const c = 1.164 * (y - 16);
  return [clamp(c + 1.596 * (v - 128)), clamp(c - 0.813 * (v - 128) - 0.391 * (u - 128)), clamp(c + 2.018 * (u - 128))];
}

/** Byte positions of R, G, B inside one pixel of a packed format. */
const RGB_OFFSETS: Record<
  Exclude<ColorFormat, 'I420'>,
  { bpp: number; r: number; g: number; b: number; a?: number }
> = {
  RGBA: { bpp: 4, r: 0, g: 1, b: 2, a: 3 },
  BGRA: { bpp: 4, r: 2, g: 1, b: 0, a: 3 },
  ARGB: { bpp: 4, r: 1, g: 2, b: 3, a: 0 },
  ABGR: { bpp: 4, r: 3, g: 2, b: 1, a: 0 },
  RGB: { bpp: 3, r: 0, g: 1, b: 2 },
};

function colourAt(p: TestPicture, x: number, y: number): Rgb {
  return x >= p.bx && x < p.bx + p.size && y >= p.by && y < p.by + p.size ? p.block : p.background;
}

export function makeFrame(p: TestPicture, format: ColorFormat): Buffer {
  const { width: w, height: h } = p;
  if (format === 'I420') {
    const cw = Math.ceil(w / 2);
    const ch = Math.ceil(h / 2);
    const out = Buffer.alloc(w * h + 2 * cw * ch);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = rgbToYuv(colourAt(p, x, y))[0];
    for (let y = 0; y < ch; y++) {
      for (let x = 0; x < cw; x++) {
        const [, u, v] = rgbToYuv(colourAt(p, x * 2, y * 2));
        out[w * h + y * cw + x] = u;
        out[w * h + cw * ch + y * cw + x] = v;
      }
    }
    return out;
  }
  const o = RGB_OFFSETS[format];
  const out = Buffer.alloc(w * h * o.bpp);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = colourAt(p, x, y);
      const i = (y * w + x) * o.bpp;
      out[i + o.r] = r;
      out[i + o.g] = g;
      out[i + o.b] = b;
      if (o.a !== undefined) out[i + o.a] = 255;
    }
  }
  return out;
}

/** The RGB colour of pixel (x, y) of a frame buffer in `format`. */
export function readPixel(
  buffer: Uint8Array,
  width: number,
  height: number,
  format: ColorFormat,
  x: number,
  y: number,
): Rgb {
  if (format === 'I420') {
    const cw = Math.ceil(width / 2);
    const ch = Math.ceil(height / 2);
    const c = (y >> 1) * cw + (x >> 1);
    return yuvToRgb([buffer[y * width + x], buffer[width * height + c], buffer[width * height + cw * ch + c]]);
  }
  const o = RGB_OFFSETS[format];
  const i = (y * width + x) * o.bpp;
  return [buffer[i + o.r], buffer[i + o.g], buffer[i + o.b]];
}

/** The alpha byte of pixel (x, y), for formats that have one. */
export function readAlpha(
  buffer: Uint8Array,
  width: number,
  format: ColorFormat,
  x: number,
  y: number,
): number | undefined {
  if (format === 'I420' || format === 'RGB') return undefined;
  const o = RGB_OFFSETS[format];
  return buffer[(y * width + x) * o.bpp + (o.a as number)];
}

/** Largest per-channel difference between two colours. */
export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}
