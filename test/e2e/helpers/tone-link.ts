/**
 * A tone from one bot to another, for fault tests: the sender's virtual
 * microphone plays it without end (writes that fail because the engine died
 * are written again), and the receiver's audio renderer records when the tone
 * was heard, 20 ms at a time.
 */
import { channelSamples, tone, toneAmplitude } from '../../helpers/audio';
import type { CallClient, VirtualMicrophoneDevice } from './sdk';

const SAMPLE_RATE = 16000;
/** Amplitude at the tone's frequency that counts as hearing it (it is sent at 0.3). */
const HEARD_AMPLITUDE = 0.1;
/** How long heard times are kept. */
const KEEP_MS = 120_000;

export interface PlayingTone {
  stop(): void;
}

/** Plays a `freqHz` tone on `mic` until stopped, across engine restarts. */
export function keepPlayingTone(mic: VirtualMicrophoneDevice, freqHz: number): PlayingTone {
  let playing = true;
  void (async () => {
    while (playing) {
      try {
        await mic.writeFrames(tone(freqHz, 2000, SAMPLE_RATE, 0.3));
      } catch {
        // The engine died with the write pending: write again after a breath.
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  })();
  return { stop: () => (playing = false) };
}

export interface ToneListener {
  /** True if the tone was heard after `since` (ms since the epoch). */
  heardSince(since: number): boolean;
  /** When the tone was first heard after `since`; Infinity if not yet. */
  firstHeardAfter(since: number): number;
  /**
   * When the tone came back after the first silence of at least `minGapMs`
   * that began after `since` (Infinity if not yet): the time a fault cut the
   * tone off and recovery brought it back, not the tail still in the pipeline.
   */
  resumedAfter(since: number, minGapMs?: number): number;
}

/** Records when `client` hears a `freqHz` tone from `participantId`'s microphone. */
export function hearTone(client: CallClient, participantId: string, freqHz: number): ToneListener {
  const times: number[] = [];
  client.setAudioRenderer(
    participantId,
    (_id, data) => {
      const now = Date.now();
      if (toneAmplitude(channelSamples(data.audioFrames), freqHz, SAMPLE_RATE) < HEARD_AMPLITUDE) return;
      times.push(now);
      while (times.length && times[0] < now - KEEP_MS) times.shift();
    },
    { sampleRate: SAMPLE_RATE, callbackIntervalMs: 20 },
  );
  const firstHeardAfter = (since: number): number => times.find((t) => t > since) ?? Infinity;
  return {
    heardSince: (since) => firstHeardAfter(since) !== Infinity,
    firstHeardAfter,
    resumedAfter(since, minGapMs = 200) {
      let last = since;
      for (const t of times) {
        if (t <= since) continue;
        if (t - last >= minGapMs) return t;
        last = t;
      }
      return Infinity;
    },
  };
}
