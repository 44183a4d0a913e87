/** Messages between the benchmark orchestrators and their bot worker (fork IPC). */

export interface WorkerArgs {
  kind: 'ours' | 'wrtc';
  mode: 'agents' | 'latency';
  /** One room per pair. */
  urls: string[];
  /** Latency mode: clicks to send, and quiet time before the first. */
  clicks: number;
  warmupMs: number;
  /** Our bots' Opus frame duration (undefined: the SDK's default). */
  frameDurationMs?: 10 | 20 | 40 | 60;
  /** Environment for our bots' media engine (engine settings of the kind, kind-spec.ts). */
  engineEnv?: Record<string, string>;
}

export type ToWorker = { type: 'mark' } | { type: 'report' } | { type: 'stop' };

export interface LatencyResult {
  /** Hand-over to the microphone → the renderer callback holding the click (ms). */
  toCallbackMs: number[];
  /** Hand-over → the click's first loud sample inside that callback's 20 ms. */
  toSampleMs: number[];
  lost: number;
  spurious: number;
  /** The listener's mean jitter-buffer delay over the run (jitterBufferDelay / jitterBufferEmittedCount). */
  meanJitterBufferMs: number;
  /** Ours: the listener's engine-to-JS hop per rendered block (ms), if measured. */
  renderHopsMs?: number[];
}
