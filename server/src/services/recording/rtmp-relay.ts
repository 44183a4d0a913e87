/**
 * One RTMP endpoint of a live stream: an ffmpeg that copies the encoder's
 * MPEG-TS into FLV and publishes it (no re-encoding). Each endpoint has its
 * own process, so one that fails or is removed leaves the others streaming;
 * a failed one is started again after a pause until it is removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { withParentDeathSignal } from '../../util/parent-death';

export interface RelayListener {
  /** The endpoint accepted the stream (ffmpeg opened its output). */
  connected(): void;
  /** The endpoint failed; `attempt` counts failures in a row. */
  interrupted(reason: string, attempt: number): void;
}

/** Pause before publishing again to a failed endpoint. */
const RETRY_MS = 2000;

export class RtmpRelay {
  private child: ChildProcess | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;
  private connected = false;

  constructor(
    readonly url: string,
    private readonly listener: RelayListener,
  ) {
    this.launch();
  }

  /** Failures since the last successful connection. */
  get failuresInARow(): number {
    return this.failures;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Passes encoder output on (dropped while the relay is restarting). */
  write(chunk: Buffer): void {
    const stdin = this.child?.stdin;
    if (stdin && !stdin.destroyed) stdin.write(chunk);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.child?.stdin?.end();
    const child = this.child;
    // ffmpeg ends the FLV cleanly on end of input; one that hangs on the network is killed.
    if (child) setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000).unref();
  }

  private launch(): void {
    // A short probe: the encoder's stream is known (H.264 + AAC, a keyframe a second); ffmpeg's default waits 5 s.
    const probe = ['-probesize', '65536', '-analyzeduration', '1000000'];
    const args = [
      '-nostdin',
      '-loglevel',
      'info',
      ...probe,
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-c',
      'copy',
      '-f',
      'flv',
      this.url,
    ];
    const child = spawn(...withParentDeathSignal('ffmpeg', args), { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child = child;
    this.connected = false;
    let tail = '';
    child.stdin.on('error', () => undefined);
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      tail = (tail + text).slice(-1000);
      if (!this.connected && /Output #0, flv/.test(tail)) {
        this.connected = true;
        this.failures = 0;
        this.listener.connected();
      }
    });
    child.once('exit', (code, signal) => {
      if (this.stopped) return;
      this.failures++;
      const last = tail.trim().split('\n').pop() ?? '';
      const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
      this.listener.interrupted(`publishing to ${this.url} ${why}: ${last}`, this.failures);
      this.retry = setTimeout(() => this.launch(), RETRY_MS);
    });
  }
}
