/** Media helpers for call tests: steady frame writers and audio collection. */
import { channelSamples, rms, toneAmplitude, zeroCrossingFrequency } from '../../helpers/audio';
import { waitFor } from '../../helpers/process';
import { makeFrame, type Rgb } from '../../helpers/video-pixels';
import type { CallClient } from './sdk';

/** Writes a solid picture into `write` at `fps` until stopped. */
export function frameWriter(
  write: (frame: Buffer) => void,
  width: number,
  height: number,
  colour: Rgb,
  fps = 10,
): { stop(): void; setColour(c: Rgb): void } {
  let frame = makeFrame({ width, height, background: colour, block: colour, bx: 0, by: 0, size: 0 }, 'RGBA');
  const timer = setInterval(() => write(frame), 1000 / fps);
  return {
    stop: () => clearInterval(timer),
    setColour: (c) => {
      frame = makeFrame({ width, height, background: c, block: c, bx: 0, by: 0, size: 0 }, 'RGBA');
    },
  };
}

export interface ToneCheck {
  frequency: number;
  level: number;
}

/**
 * Collects `ms` of a participant's audio (through `audioFrames`) once it is
 * loud, skipping the first 200 ms after the onset, and measures it.
 */
export async function measureTone(
  client: CallClient,
  participantId: string,
  source: string,
  expectedHz: number,
  ms = 1000,
  timeoutMs = 20_000,
): Promise<ToneCheck> {
  const deadline = Date.now() + timeoutMs;
  const chunks: Buffer[] = [];
  let loudMs = 0;
  const stream = client.audioFrames(participantId, { source, sampleRate: 16000, intervalMs: 20 });
  const timer = setTimeout(() => void stream.return(), timeoutMs);
  try {
    for await (const frame of stream) {
      const data = frame.audioData.audioFrames;
      if (loudMs === 0 && rms(channelSamples(data)) < 0.03) continue;
      loudMs += 20;
      if (loudMs > 200) chunks.push(data);
      if (loudMs >= ms + 200) break;
      if (Date.now() > deadline) break;
    }
  } finally {
    clearTimeout(timer);
    await stream.return();
  }
  if (chunks.length === 0) throw new Error(`no audio from ${participantId}/${source} within ${timeoutMs} ms`);
  const samples = channelSamples(Buffer.concat(chunks));
  return { frequency: zeroCrossingFrequency(samples, 16000), level: toneAmplitude(samples, expectedHz, 16000) };
}

/**
 * Resolves once nothing audible (RMS at least 0.01) has arrived from a
 * participant's source for `ms` in a row, whether silent audio arrives or
 * none at all (the track was removed or is not forwarded).
 */
export async function waitSilence(
  client: CallClient,
  participantId: string,
  source: string,
  ms = 600,
  timeoutMs = 15_000,
): Promise<void> {
  const stream = client.audioFrames(participantId, { source, sampleRate: 16000, intervalMs: 20 });
  let lastLoud = Date.now();
  const consume = (async () => {
    for await (const frame of stream)
      if (rms(channelSamples(frame.audioData.audioFrames)) >= 0.01) lastLoud = Date.now();
  })();
  try {
    await waitFor(`silence from ${participantId}/${source}`, () => Date.now() - lastLoud >= ms, timeoutMs);
  } finally {
    await stream.return();
    await consume;
  }
}
