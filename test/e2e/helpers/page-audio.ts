/// <reference lib="dom" />
/**
 * What a person in the call page hears from one remote audio track, measured
 * inside the page: the test builds its own AudioContext and AnalyserNode on
 * the `<audio>` element's `srcObject` (the DOM contract) and reads the loudest
 * RMS and the strongest frequency over a while.
 */
import type { Page } from 'playwright-core';

export interface HeardAudio {
  /** Highest RMS of any 100 ms look, 0..1. */
  rms: number;
  /** Frequency (Hz) of the strongest bin of the spectrum summed over the looks. */
  peakHz: number;
}

interface MeasureArgs {
  participantId: string;
  track: string;
  ms: number;
}

/** Measures `ms` of `participantId`'s `track` as the page receives it. */
export async function measureRemoteAudio(
  page: Page,
  participantId: string,
  track = 'microphone',
  ms = 1500,
): Promise<HeardAudio> {
  const selector = `audio[data-participant-id="${participantId}"][data-track="${track}"]`;
  await page.waitForSelector(selector, { state: 'attached', timeout: 20_000 });
  return page.evaluate(analyse, { participantId, track, ms } satisfies MeasureArgs);
}

/**
 * Waits until the page hears `participantId`'s `track` louder than `minRms`
 * within `timeoutMs` (audio takes a moment to start after a join), then
 * returns that measurement.
 */
export async function waitHeard(
  page: Page,
  participantId: string,
  track: string,
  minRms: number,
  timeoutMs = 20_000,
): Promise<HeardAudio> {
  const deadline = Date.now() + timeoutMs;
  let last: HeardAudio = { rms: 0, peakHz: 0 };
  while (Date.now() < deadline) {
    last = await measureRemoteAudio(page, participantId, track, 1000);
    if (last.rms >= minRms) return last;
  }
  throw new Error(
    `page did not hear ${participantId}/${track} above RMS ${minRms} in ${timeoutMs} ms (last ${JSON.stringify(last)})`,
  );
}

/** Runs in the page. Kept self-contained: playwright sends its source text. */
async function analyse(args: MeasureArgs): Promise<HeardAudio> {
  const selector = `audio[data-participant-id="${args.participantId}"][data-track="${args.track}"]`;
  const audio = document.querySelector(selector) as HTMLAudioElement | null;
  const stream = audio?.srcObject as MediaStream | null;
  if (!stream) throw new Error(`${selector} has no srcObject`);
  const ctx = new AudioContext();
  try {
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const time = new Float32Array(analyser.fftSize);
    const db = new Float32Array(analyser.frequencyBinCount);
    const power = new Float64Array(analyser.frequencyBinCount);
    let rms = 0;
    for (let waited = 0; waited < args.ms; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      analyser.getFloatTimeDomainData(time);
      let sum = 0;
      for (const v of time) sum += v * v;
      rms = Math.max(rms, Math.sqrt(sum / time.length));
      analyser.getFloatFrequencyData(db);
      for (let i = 0; i < db.length; i++) power[i]! += 10 ** (db[i]! / 10);
    }
    let peak = 1;
    for (let i = 2; i < power.length; i++) if (power[i]! > power[peak]!) peak = i;
    return { rms, peakHz: (peak * ctx.sampleRate) / analyser.fftSize };
  } finally {
    await ctx.close();
  }
}
