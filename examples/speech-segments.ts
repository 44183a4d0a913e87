/**
 * Speech segments from NativeVad confidences, with daily-python's demo
 * smoothing: a frame is speech at confidence ≥ 0.90; speaking starts after
 * 300 ms of speech and stops after 700 ms without.
 */
import type { NativeVad } from 'daily-node';

export interface Segment {
  startMs: number;
  endMs: number;
}

const THRESHOLD = 0.9;
const START_MS = 300;
const STOP_MS = 700;
const FRAME_MS = 10;

export class SpeechSegmenter {
  readonly segments: Segment[] = [];
  private timeMs = 0;
  private speechRunMs = 0;
  private silenceRunMs = 0;
  private current: Segment | undefined;
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly vad: NativeVad,
    /** Called when a segment starts or ends. */
    private readonly onChange: (speaking: boolean, atMs: number) => void = () => undefined,
  ) {}

  /** Feeds 16-bit mono PCM at the VAD's rate; any length. */
  push(pcm: Buffer): void {
    const frameBytes = (this.vad.sampleRate / 100) * 2 * this.vad.channels;
    this.pending = this.pending.length ? Buffer.concat([this.pending, pcm]) : pcm;
    let offset = 0;
    for (; offset + frameBytes <= this.pending.length; offset += frameBytes) {
      this.frame(this.vad.analyzeFrames(this.pending.subarray(offset, offset + frameBytes)) >= THRESHOLD);
    }
    this.pending = this.pending.subarray(offset);
  }

  /** Closes a segment still open at the end of the audio. */
  finish(): Segment[] {
    if (this.current) {
      this.current.endMs = this.timeMs;
      this.segments.push(this.current);
      this.onChange(false, this.timeMs);
      this.current = undefined;
    }
    return this.segments;
  }

  private frame(speech: boolean): void {
    this.timeMs += FRAME_MS;
    this.speechRunMs = speech ? this.speechRunMs + FRAME_MS : 0;
    this.silenceRunMs = speech ? 0 : this.silenceRunMs + FRAME_MS;
    if (!this.current && this.speechRunMs >= START_MS) {
      this.current = { startMs: this.timeMs - this.speechRunMs, endMs: 0 };
      this.onChange(true, this.current.startMs);
    } else if (this.current && this.silenceRunMs >= STOP_MS) {
      this.current.endMs = this.timeMs - this.silenceRunMs;
      this.segments.push(this.current);
      this.onChange(false, this.current.endMs);
      this.current = undefined;
    }
  }
}

/** Total length of the segments, in ms. */
export function speechMs(segments: Segment[]): number {
  return segments.reduce((sum, s) => sum + s.endMs - s.startMs, 0);
}
