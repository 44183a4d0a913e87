/**
 * An ASR stream that comes back when its engine fails: restarted after
 * 0.25 s, 0.5 s, 1 s, ... (up to 4 s). Only after {@link MAX_QUICK_FAILURES}
 * failures in a row, each within {@link STABLE_MS} of its start, does it give
 * up and report the stream as lost for good. Audio written while the engine
 * is down is dropped.
 */
import type { TranscriptionSettings } from 'daily-node';
import type { AsrEngine, AsrStream, AsrUtterance } from './asr-engine';

export const MAX_QUICK_FAILURES = 5;
/** A process that ran this long counts as having come back. */
export const STABLE_MS = 5000;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 4000;

export interface SupervisedStreamListener {
  /** An utterance, with the wall-clock time (ms) of its start. */
  utterance(u: AsrUtterance, startedAtMs: number): void;
  /** The engine failed and will be restarted. */
  restarting(reason: string, attempt: number): void;
  /** The engine could not be brought back. */
  lost(reason: string): void;
}

export class SupervisedStream {
  private stream: AsrStream | undefined;
  private openedAt = 0;
  /** Wall-clock ms of the current process's first sample. */
  private firstSampleAt: number | undefined;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly engine: AsrEngine,
    private readonly settings: TranscriptionSettings,
    private readonly listener: SupervisedStreamListener,
  ) {
    this.open();
  }

  /** The engine's current process id (tests kill it). */
  get pid(): number | undefined {
    return this.stream?.pid;
  }

  /** Feeds PCM received at `receivedAtMs` (wall clock; default now). */
  write(pcm: Buffer, receivedAtMs = Date.now()): void {
    if (!this.stream) return;
    this.firstSampleAt ??= receivedAtMs;
    this.stream.write(pcm);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.stream?.close();
    this.stream = undefined;
  }

  private open(): void {
    this.openedAt = Date.now();
    this.firstSampleAt = undefined;
    // `let`: the engine may call back from inside open(), before the
    // assignment, where reading a `const` would throw.
    // eslint-disable-next-line prefer-const
    let mine: AsrStream | undefined;
    const current = (): boolean => this.stream === mine && mine !== undefined;
    mine = this.engine.open(this.settings, {
      utterance: (u) => {
        if (this.stream !== mine && !this.closed) return;
        const base = this.firstSampleAt ?? Date.now();
        this.listener.utterance(u, base + Math.round((u.start ?? 0) * 1000));
      },
      failed: (reason) => {
        if (current() && !this.closed) this.failed(reason);
      },
    });
    this.stream = mine;
  }

  private failed(reason: string): void {
    this.stream = undefined;
    this.failures = Date.now() - this.openedAt >= STABLE_MS ? 1 : this.failures + 1;
    if (this.failures > MAX_QUICK_FAILURES) {
      this.closed = true;
      this.listener.lost(`${reason} (gave up after ${MAX_QUICK_FAILURES} restarts)`);
      return;
    }
    this.listener.restarting(reason, this.failures);
    const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.failures - 1));
    this.timer = setTimeout(() => {
      if (!this.closed) this.open();
    }, delay);
    this.timer.unref();
  }
}
