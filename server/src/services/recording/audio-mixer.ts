/**
 * Mixes the participants' microphones into one mono 48 kHz stream at a fixed
 * cadence: each participant's decoded audio queues here, and every tick takes
 * the same number of samples from every queue (silence where one ran dry), so
 * the output advances with the wall clock whoever speaks or leaves.
 */

/** Output sample rate (AAC's usual rate; the renderers resample to it). */
export const MIX_SAMPLE_RATE = 48_000;
/**
 * A queue holding more than this is trimmed, oldest first. A renderer frame
 * that comes late finds its queue empty and silence goes out in its place;
 * when it comes, it would then be late for good, and every late frame would
 * add to that (measured: 150-250 ms within seconds under the old 500 ms
 * bound). The compositor holds pictures back by the queue's depth, so the
 * bound limits how far (and how much picture history is kept), not sync.
 * 60 ms dropped enough speech under load (bursts after event-loop stalls)
 * to fail the recording's speech check; 200 ms rarely drops.
 */
const MAX_QUEUED_SAMPLES = (MIX_SAMPLE_RATE * 200) / 1000;

export class AudioMixer {
  private readonly queues = new Map<string, Int16Array[]>();

  /** Queues `samples` (mono s16) of `participantId`. */
  push(participantId: string, samples: Int16Array): void {
    let q = this.queues.get(participantId);
    if (!q) this.queues.set(participantId, (q = []));
    q.push(samples);
    let queued = q.reduce((n, c) => n + c.length, 0);
    while (queued > MAX_QUEUED_SAMPLES && q.length > 1) queued -= q.shift()!.length;
  }

  /** The longest participant queue, in samples: how late its sound goes out. */
  get queuedSamples(): number {
    let most = 0;
    for (const q of this.queues.values())
      most = Math.max(
        most,
        q.reduce((n, c) => n + c.length, 0),
      );
    return most;
  }

  /** Forgets a participant (left or muted). */
  remove(participantId: string): void {
    this.queues.delete(participantId);
  }

  /** The next `count` mixed samples as s16le bytes. */
  take(count: number): Buffer {
    const sum = new Int32Array(count);
    for (const q of this.queues.values()) {
      let filled = 0;
      while (filled < count && q.length > 0) {
        const chunk = q[0]!;
        const n = Math.min(chunk.length, count - filled);
        for (let i = 0; i < n; i++) sum[filled + i]! += chunk[i]!;
        filled += n;
        if (n === chunk.length) q.shift();
        else q[0] = chunk.subarray(n);
      }
    }
    const out = Buffer.alloc(count * 2);
    for (let i = 0; i < count; i++) out.writeInt16LE(Math.max(-32768, Math.min(32767, sum[i]!)), i * 2);
    return out;
  }
}
