/**
 * `client.audioFrames(...)` (beyond daily-python): a participant's audio as an
 * async iterator, with a bounded queue.
 * @module
 */
import type { AudioData } from '../../media/audio/audio-data';

/** Options of {@link CallClient.audioFrames}. */
export interface AudioFramesOptions {
  /** Rate to deliver (default 16000): any integer from 8000 to 96000 Hz. */
  sampleRate?: number;
  /** Audio per item, a multiple of 10 ms (default 20). */
  intervalMs?: number;
  /** `microphone` (default), `screenAudio` or a custom audio track name. */
  source?: string;
  /**
   * Items kept while the consumer is busy (default 100, i.e. 2 s at 20 ms).
   * When full, the oldest item is dropped and counted in {@link AudioFrame.dropped}.
   */
  maxQueued?: number;
}

/** One item of {@link CallClient.audioFrames}. */
export interface AudioFrame {
  participantId: string;
  source: string;
  audioData: AudioData;
  /** When the engine received the first 10 ms of this audio, µs since the Unix epoch. */
  timestampUs: number;
  /** Items dropped so far because the consumer fell behind (a running total). */
  dropped: number;
}

/**
 * The queue behind one `audioFrames` iterator. It ends when the participant
 * leaves, when the client leaves or is released, or when the consumer breaks
 * out of its loop (`return()`).
 */
export class AudioFrameStream implements AsyncIterableIterator<AudioFrame> {
  private readonly queue: AudioFrame[] = [];
  private readonly waiters: ((r: IteratorResult<AudioFrame>) => void)[] = [];
  private finished = false;
  private droppedCount = 0;

  constructor(
    readonly participantId: string,
    readonly source: string,
    private readonly maxQueued: number,
    private readonly onClose: () => void,
  ) {}

  /** Items dropped because the consumer fell behind. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** @internal New audio from the renderer. */
  push(audioData: AudioData): void {
    if (this.finished) return;
    const waiter = this.waiters.shift();
    const frame = {
      participantId: this.participantId,
      source: this.source,
      audioData,
      timestampUs: audioData.timestampUs,
      dropped: this.droppedCount,
    };
    if (waiter) {
      waiter({ value: frame, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      this.queue.shift();
      this.droppedCount++;
      frame.dropped = this.droppedCount;
    }
    this.queue.push(frame);
  }

  /** @internal Ends the stream; queued items can still be read. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    for (const w of this.waiters.splice(0)) w({ value: undefined, done: true });
    this.onClose();
  }

  next(): Promise<IteratorResult<AudioFrame>> {
    const item = this.queue.shift();
    if (item) return Promise.resolve({ value: item, done: false });
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  return(): Promise<IteratorResult<AudioFrame>> {
    this.queue.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<AudioFrame> {
    return this;
  }
}
