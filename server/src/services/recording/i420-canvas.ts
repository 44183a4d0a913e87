/**
 * The recording's picture: one I420 frame the size of the output, with each
 * tile's latest decoded frame scaled into it (nearest neighbour, aspect kept,
 * centred). It runs in the service's Node process: the first step before a
 * compositor inside the media engine (docs/architecture.md, "Recording").
 */
import type { Tile } from './layout';

/** A decoded I420 frame, rows without padding. */
export interface I420Frame {
  buffer: Uint8Array;
  width: number;
  height: number;
}

/** Y, U, V of a `#rrggbb` / `#aarrggbb` colour (BT.601 limited range, as libyuv's I420). */
export function colourToYuv(colour: string): [number, number, number] {
  const hex = colour.slice(1);
  const rgb = hex.length === 8 ? hex.slice(2) : hex;
  const r = parseInt(rgb.slice(0, 2), 16);
  const g = parseInt(rgb.slice(2, 4), 16);
  const b = parseInt(rgb.slice(4, 6), 16);
  const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));
  return [
    clamp(16 + 0.257 * r + 0.504 * g + 0.098 * b),
    clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b),
    clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b),
  ];
}

export class I420Canvas {
  /** The whole frame: Y plane, then U, then V. */
  readonly frame: Buffer;
  private readonly chromaWidth: number;
  private readonly chromaHeight: number;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly background: [number, number, number],
  ) {
    this.chromaWidth = width / 2;
    this.chromaHeight = height / 2;
    this.frame = Buffer.alloc(width * height + 2 * this.chromaWidth * this.chromaHeight);
    this.clear();
  }

  /** Fills the canvas with the background colour. */
  clear(): void {
    const ySize = this.width * this.height;
    const cSize = this.chromaWidth * this.chromaHeight;
    this.frame.fill(this.background[0], 0, ySize);
    this.frame.fill(this.background[1], ySize, ySize + cSize);
    this.frame.fill(this.background[2], ySize + cSize);
  }

  /** Draws `frame` into `tile`, scaled to fit and centred (the rest of the tile keeps the background). */
  draw(tile: Tile, frame: I420Frame): void {
    const scale = Math.min(tile.width / frame.width, tile.height / frame.height);
    const w = Math.max(2, Math.floor((frame.width * scale) / 2) * 2);
    const h = Math.max(2, Math.floor((frame.height * scale) / 2) * 2);
    const x = tile.x + Math.floor((tile.width - w) / 4) * 2;
    const y = tile.y + Math.floor((tile.height - h) / 4) * 2;
    const src = frame.buffer;
    const srcCw = Math.ceil(frame.width / 2);
    const srcCh = Math.ceil(frame.height / 2);
    const ySize = this.width * this.height;
    const cSize = this.chromaWidth * this.chromaHeight;
    const srcY = frame.width * frame.height;
    const srcC = srcCw * srcCh;
    this.plane(0, this.width, x, y, w, h, src, 0, frame.width, frame.width, frame.height);
    this.plane(ySize, this.chromaWidth, x / 2, y / 2, w / 2, h / 2, src, srcY, srcCw, srcCw, srcCh);
    this.plane(ySize + cSize, this.chromaWidth, x / 2, y / 2, w / 2, h / 2, src, srcY + srcC, srcCw, srcCw, srcCh);
  }

  /** Nearest-neighbour copy of one plane into the rectangle (x, y, w, h) of the destination plane. */
  private plane(
    dstOffset: number,
    dstStride: number,
    x: number,
    y: number,
    w: number,
    h: number,
    src: Uint8Array,
    srcOffset: number,
    srcStride: number,
    srcW: number,
    srcH: number,
  ): void {
    const dst = this.frame;
    const xMap = new Int32Array(w);
    for (let i = 0; i < w; i++) xMap[i] = Math.min(srcW - 1, Math.floor((i * srcW) / w));
    for (let j = 0; j < h; j++) {
      const srcRow = srcOffset + Math.min(srcH - 1, Math.floor((j * srcH) / h)) * srcStride;
      const dstRow = dstOffset + (y + j) * dstStride + x;
      if (w === srcW) {
        dst.set(src.subarray(srcRow, srcRow + w), dstRow);
        continue;
      }
      for (let i = 0; i < w; i++) dst[dstRow + i] = src[srcRow + xMap[i]!]!;
    }
  }
}
