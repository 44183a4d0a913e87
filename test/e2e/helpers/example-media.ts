/**
 * Pictures and sounds the example tests send and check: a four-quadrant
 * test picture, JPEG parts of an MJPEG stream, and how much of some PCM is
 * speech.
 */
import { execFileSync } from 'node:child_process';

import { makeFrame, type Rgb } from '../../helpers/video-pixels';
import { Daily, type CallClient } from './sdk';

export const SPEECH_RATE = 16000;

/** A 320×240 picture of four coloured quadrants; each entry is a point well inside one. */
export const QUADRANTS: { x: number; y: number; colour: Rgb }[] = [
  { x: 80, y: 60, colour: [200, 60, 60] },
  { x: 240, y: 60, colour: [60, 200, 60] },
  { x: 80, y: 180, colour: [60, 60, 200] },
  { x: 240, y: 180, colour: [128, 128, 128] },
];

/** The quadrant picture as packed RGB (3 bytes a pixel) or RGBA. */
export function quadrantsPicture(bytesPerPixel: 3 | 4): Buffer {
  const out = Buffer.alloc(320 * 240 * bytesPerPixel, 255);
  for (let y = 0; y < 240; y++) {
    for (let x = 0; x < 320; x++)
      out.set(QUADRANTS[(y < 120 ? 0 : 2) + (x < 160 ? 0 : 1)].colour, (y * 320 + x) * bytesPerPixel);
  }
  return out;
}

/** The quadrant picture as a binary PPM file's bytes. */
export function quadrantsPpm(): Buffer {
  return Buffer.concat([Buffer.from('P6\n# four quadrants\n320 240\n255\n', 'ascii'), quadrantsPicture(3)]);
}

/** An I420 frame of one colour, for a camera. */
export function solidI420(width: number, height: number, colour: Rgb): Buffer {
  return makeFrame({ width, height, background: colour, block: colour, bx: 0, by: 0, size: 0 }, 'I420');
}

/** Milliseconds of `pcm` (16 kHz mono) in 10 ms frames that NativeVad rates as speech (confidence ≥ 0.9). */
export function speechMs(pcm: Buffer): number {
  const vad = Daily.createNativeVad({ sampleRate: SPEECH_RATE });
  const frame = (SPEECH_RATE / 100) * 2;
  let frames = 0;
  for (let offset = 0; offset + frame <= pcm.length; offset += frame)
    if (vad.analyzeFrames(pcm.subarray(offset, offset + frame)) >= 0.9) frames++;
  return frames * 10;
}

/** Collects what `client` hears of `participantId`'s microphone, 16 kHz mono. */
export function recordParticipant(client: CallClient, participantId: string): () => Buffer {
  const chunks: Buffer[] = [];
  client.setAudioRenderer(participantId, (_id, data) => chunks.push(Buffer.from(data.audioFrames)), {
    sampleRate: SPEECH_RATE,
  });
  return () => Buffer.concat(chunks);
}

/** The complete JPEG pictures in an MJPEG (multipart/x-mixed-replace) body read so far. */
export function jpegParts(body: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = body.indexOf('Content-Length: '); at >= 0; at = body.indexOf('Content-Length: ', at + 1)) {
    const lineEnd = body.indexOf('\r\n', at);
    const length = Number(body.toString('ascii', at + 'Content-Length: '.length, lineEnd));
    const start = lineEnd + 4;
    if (start + length <= body.length) parts.push(body.subarray(start, start + length));
  }
  return parts;
}

/** Width and height from a JPEG's start-of-frame segment. */
export function jpegSize(jpeg: Buffer): { width: number; height: number } {
  for (let at = 2; at + 9 < jpeg.length;) {
    const marker = jpeg.readUInt16BE(at);
    if (marker >= 0xffc0 && marker <= 0xffc3)
      return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) };
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  throw new Error('no start-of-frame segment in the JPEG');
}

/** A JPEG decoded by ffmpeg to packed RGB. */
export function decodeJpeg(jpeg: Buffer): Buffer {
  return execFileSync(
    'ffmpeg',
    ['-v', 'error', '-f', 'mjpeg', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    {
      input: jpeg,
    },
  );
}
