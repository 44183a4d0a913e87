/**
 * The debug log line of a renderer registration, daily-python's
 * `logging_interval_ms`: every interval, how much the renderer delivered and
 * how much was dropped because the callback had not caught up (video: frames
 * the engine skipped; audio: blocks more than 2 s late), written when Daily's
 * log level is Debug or Trace. Counts cover the registration, whichever track
 * it is bound to at the time.
 * @internal
 * @module
 */
import { LogLevel } from '../../log-level';
import { stderrSink, type LogSink } from '../../sdk-log';

export class RendererActivity {
  private callbacks = 0;
  private audioFrames = 0;
  private dropped = 0;
  private readonly timer: NodeJS.Timeout;

  /**
   * @param label what the line names, e.g. `audio renderer <id>/microphone`
   * @param intervalMs how often to log (positive)
   */
  constructor(
    private readonly label: string,
    private readonly kind: 'audio' | 'video',
    private readonly intervalMs: number,
    private readonly sink: LogSink = stderrSink,
  ) {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  /** One audio callback with `frames` audio frames. */
  audioDelivered(frames: number): void {
    this.callbacks++;
    this.audioFrames += frames;
  }

  /** One video frame handed to the callback. */
  videoDelivered(): void {
    this.callbacks++;
  }

  /** `n` more frames (video) or blocks (audio) were dropped unseen. */
  framesDropped(n: number): void {
    this.dropped += n;
  }

  /** Stops logging (the registration was removed). */
  stop(): void {
    clearInterval(this.timer);
  }

  private flush(): void {
    const { callbacks, audioFrames, dropped } = this;
    this.callbacks = 0;
    this.audioFrames = 0;
    this.dropped = 0;
    if (!this.sink.enabled(LogLevel.Debug)) return;
    const what =
      this.kind === 'audio'
        ? `${callbacks} callbacks (${audioFrames} audio frames) delivered, ${dropped} dropped`
        : `${callbacks} frames delivered, ${dropped} dropped`;
    this.sink.write(LogLevel.Debug, `${this.label}: ${what} in the last ${this.intervalMs} ms`);
  }
}
