/**
 * What the agents and latency benchmarks need from a two-way voice bot,
 * whichever stack it runs on: it joins a room, talks (keeps its microphone
 * fed like a bot streaming TTS), renders the other bot at 16 kHz in 20 ms
 * callbacks, sends clicks for the latency probe, and reports its counters.
 */

/** Sample rate and callback length of every renderer in the benchmarks (a voice agent's ASR input). */
export const RENDER_RATE = 16000;
export const RENDER_FRAMES = RENDER_RATE / 50;
/** Rate the bots write their microphone at. */
export const MIC_RATE = 16000;

export interface AgentCounters {
  /** Samples the receive side concealed (NetEq expand), from the inbound-rtp stats. */
  concealedSamples: number;
  /** Samples the receive side played out in total, from the inbound-rtp stats. */
  totalSamplesReceived: number;
  /** Samples NetEq inserted to slow down (preemptive expand), when the stack reports them. */
  insertedSamplesForDeceleration: number;
  /** Samples NetEq removed to catch up (accelerate), when the stack reports them. */
  removedSamplesForAcceleration: number;
  /** Seconds the emitted samples spent in the jitter buffer, summed, and how many were emitted. */
  jitterBufferDelay: number;
  jitterBufferEmittedCount: number;
  /** 10 ms microphone frames that could not go out on time (see each stack's definition). */
  underruns: number;
  /** Renderer callbacks delivered (16 kHz, 20 ms). */
  callbacks: number;
}

/** Called with each 20 ms of rendered audio (16 kHz mono) and the time the callback ran. */
export type RenderCallback = (pcm: Int16Array, atMs: number) => void;

export interface Agent {
  /** Participant id in the call. */
  readonly id: string;
  /** Joins the room at `url` and publishes its microphone. */
  join(url: string): Promise<void>;
  /** Renders `peerId`'s microphone at 16 kHz in 20 ms callbacks. */
  listenTo(peerId: string, onAudio: RenderCallback): void;
  /** Starts speaking `speech` (16 kHz mono, any length) in a loop. */
  startTalking(speech: Int16Array): void;
  /** Hands 10 ms holding a click to the microphone; resolves with the time it was handed over. */
  click(frame: Int16Array): Promise<number>;
  counters(): Promise<AgentCounters>;
  /**
   * The microphone underruns so far, read without parsing any stats: a farm
   * reads every bot's first, because parsing many bots' stats blocks the event
   * loop long enough to cause underruns of its own (the measuring's, not the window's).
   */
  underruns(): Promise<number>;
  /**
   * Ours only: for each rendered block, ms from the engine's time of its last 10 ms
   * (AudioData.timestampUs + 10 ms) to the JS callback: the engine-to-JS hop.
   */
  readonly renderHopsMs?: number[];
  close(): Promise<void>;
}

/** Sums the audio inbound-rtp counters of a stats report (W3C names). */
export function inboundAudioCounters(
  reports: Iterable<Record<string, unknown>>,
): Omit<AgentCounters, 'underruns' | 'callbacks'> {
  const sum = {
    concealedSamples: 0,
    totalSamplesReceived: 0,
    insertedSamplesForDeceleration: 0,
    removedSamplesForAcceleration: 0,
    jitterBufferDelay: 0,
    jitterBufferEmittedCount: 0,
  };
  for (const r of reports) {
    if (r.type !== 'inbound-rtp' || r.kind !== 'audio') continue;
    for (const key of Object.keys(sum) as Array<keyof typeof sum>) {
      const v = r[key];
      if (typeof v === 'number') sum[key] += v;
    }
  }
  return sum;
}
