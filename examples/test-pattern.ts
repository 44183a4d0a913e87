/** A generated picture to send when no image is given: the classic eight colour bars. */
import type { RgbImage } from './ppm';

/** White, yellow, cyan, green, magenta, red, blue, black, at 75 % level. */
export const BAR_COLOURS: readonly (readonly [number, number, number])[] = [
  [191, 191, 191],
  [191, 191, 0],
  [0, 191, 191],
  [0, 191, 0],
  [191, 0, 191],
  [191, 0, 0],
  [0, 0, 191],
  [0, 0, 0],
];

/** Eight vertical bars of equal width across a `width` × `height` RGB picture. */
export function colourBars(width: number, height: number): RgbImage {
  const row = Buffer.alloc(width * 3);
  for (let x = 0; x < width; x++) row.set(BAR_COLOURS[Math.floor((x * BAR_COLOURS.length) / width)], x * 3);
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) row.copy(rgb, y * width * 3);
  return { width, height, rgb };
}
