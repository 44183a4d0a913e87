/// <reference lib="dom" />
/**
 * Colours as a person sees them in the call page: a real screenshot of an
 * element (what Chromium painted), decoded by the page's own image decoder.
 */
import type { Page } from 'playwright-core';

import type { Rgb } from '../../helpers/video-pixels';

/**
 * Takes a screenshot of the element at `selector` and returns the mean
 * colour of its central quarter (away from borders and rounded corners).
 */
export async function screenshotColour(page: Page, selector: string): Promise<Rgb> {
  const png = await page.locator(selector).screenshot({ animations: 'disabled' });
  return page.evaluate(centreColour, png.toString('base64'));
}

/** Runs in the page. Kept self-contained: playwright sends its source text. */
async function centreColour(base64: string): Promise<[number, number, number]> {
  const image = new Image();
  image.src = `data:image/png;base64,${base64}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(image, 0, 0);
  const w = Math.max(1, Math.floor(canvas.width / 2));
  const h = Math.max(1, Math.floor(canvas.height / 2));
  const data = ctx.getImageData(Math.floor(canvas.width / 4), Math.floor(canvas.height / 4), w, h).data;
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
  const n = data.length / 4;
  return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)];
}
