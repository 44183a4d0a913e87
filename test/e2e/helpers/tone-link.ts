/**
 * A tone from one bot to another, for fault tests: the sender's virtual
 * microphone plays it without end (writes that fail because the engine died
 * are written again), and the receiver's audio renderer records when the tone
 * was heard, 20 ms at a time.
 */
import { channelSamples, tone, toneAmplitude } from '../../helpers/audio';
import { waitFor } from '../../helpers/process';
import { Bot } from './bot';
import { Daily, type CallClient, type VirtualMicrophoneDevice } from './sdk';

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
  return keepPlaying(mic, tone(freqHz, 2000, SAMPLE_RATE, 0.3));
}

/** Plays `pcm` (16 kHz mono) on `mic` over and over until stopped, across engine restarts. */
export function keepPlaying(mic: VirtualMicrophoneDevice, pcm: Buffer | Int16Array): PlayingTone {
  let playing = true;
  void (async () => {
    while (playing) {
      try {
        await mic.writeFrames(pcm);
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

/** Two bots in a call: A plays a 440 Hz tone from its own microphone, B listens. */
export interface ToneLink {
  a: Bot;
  b: Bot;
  playing: PlayingTone;
  heard: ToneListener;
  /** Stops the tone and releases both bots. */
  close(): Promise<void>;
}

/** Joins A (speaking through microphone `micName`) and B to `url`; resolves once B hears A. */
export async function joinToneLink(url: string, micName: string): Promise<ToneLink> {
  const playing = keepPlayingTone(Daily.createMicrophoneDevice(micName), 440);
  const a = new Bot('A');
  const b = new Bot('B');
  const close = async (): Promise<void> => {
    playing.stop();
    for (const bot of [a, b]) await bot.client.release().catch(() => undefined);
  };
  try {
    const microphone = { isEnabled: true, settings: { deviceId: micName } };
    await a.client.join(url, { clientSettings: { inputs: { camera: false, microphone } } });
    await b.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    const heard = hearTone(b.client, a.id, 440);
    await waitFor('A heard at B', () => heard.heardSince(0), 30_000);
    return { a, b, playing, heard, close };
  } catch (e) {
    await close();
    throw e;
  }
}
