/**
 * The last 300 ms of decoded pictures of each source, so the compositor
 * can draw each tile as it was a moment ago: the sound reaches the mixer
 * later than the picture reaches the renderer (it waits in the receiver's
 * jitter buffer, the renderer's interval and the mixer's queue), so drawing
 * the newest picture would put the picture ahead of the sound.
 */
import type { I420Frame } from './i420-canvas';

/**
 * How far back pictures are kept: more than the longest hold-back (the
 * mixer's 200 ms bound plus the 50 ms sound pipeline lead), and short, since a
 * 720p picture is 1.4 MB.
 */
const KEEP_MS = 300;

interface Stamped {
  at: number;
  frame: I420Frame;
}

export class PictureDelayLine {
  private readonly sources = new Map<string, Stamped[]>();

  /** Whether `source` has delivered a picture. */
  has(source: string): boolean {
    return this.sources.has(source);
  }

  /** Keeps `frame` of `source`, received at `now` (performance.now()). */
  push(source: string, frame: I420Frame, now: number): void {
    let list = this.sources.get(source);
    if (!list) this.sources.set(source, (list = []));
    list.push({ at: now, frame });
    while (list.length > 1 && list[1]!.at < now - KEEP_MS) list.shift();
  }

  /** The picture `source` showed at `time`: the newest received by then, else its oldest kept. */
  at(source: string, time: number): I420Frame | undefined {
    const list = this.sources.get(source);
    if (!list) return undefined;
    let shown = list[0]!;
    for (const s of list) {
      if (s.at > time) break;
      shown = s;
    }
    return shown.frame;
  }

  delete(source: string): void {
    this.sources.delete(source);
  }
}
