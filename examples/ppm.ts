/** Reading binary PPM (P6) images: RGB pixels with no library (`ffmpeg -i photo.jpg photo.ppm` makes one). */
import * as fs from 'node:fs';

export interface RgbImage {
  width: number;
  height: number;
  /** 3 bytes (R, G, B) per pixel, rows top to bottom. */
  rgb: Buffer;
}

/** Reads a P6 PPM file with 8-bit samples (maxval 255). */
export function readPpm(path: string): RgbImage {
  const file = fs.readFileSync(path);
  // Header: "P6", width, height, maxval, separated by whitespace and "#" comments, then one whitespace byte.
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4 && i < file.length) {
    const c = String.fromCharCode(file[i]);
    if (c === '#') {
      while (i < file.length && file[i] !== 0x0a) i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      let field = '';
      for (; i < file.length && !/[\s#]/.test(String.fromCharCode(file[i])); i++) field += String.fromCharCode(file[i]);
      fields.push(field);
    }
  }
  const [magic, w, h, maxval] = fields;
  if (magic !== 'P6') throw new Error(`${path}: not a binary PPM (P6) file`);
  const width = Number(w);
  const height = Number(h);
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1)
    throw new Error(`${path}: bad size ${w}×${h}`);
  if (maxval !== '255') throw new Error(`${path}: maxval ${maxval}; only 8-bit (255) is supported`);
  const start = i + 1;
  const rgb = file.subarray(start, start + width * height * 3);
  if (rgb.length !== width * height * 3)
    throw new Error(`${path}: ${rgb.length} bytes of pixels, ${width * height * 3} expected`);
  return { width, height, rgb };
}
