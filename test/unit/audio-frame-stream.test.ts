/** The queue behind client.audioFrames(): order, overflow, end. */
import { describe, expect, it } from 'vitest';

import { AudioFrameStream } from '../../src/call/renderers/audio-frame-stream';
import { AudioData } from '../../src/media/audio/audio-data';

const data = (n: number): AudioData => new AudioData(16, 16000, 1, 320, Buffer.alloc(640, n), 1_000_000 + n * 20_000);

describe('AudioFrameStream', () => {
  it('hands items to a waiting consumer in order, with their timestamps', async () => {
    const stream = new AudioFrameStream('p', 'microphone', 10, () => undefined);
    const first = stream.next();
    stream.push(data(1));
    stream.push(data(2));
    expect((await first).value).toMatchObject({
      participantId: 'p',
      source: 'microphone',
      timestampUs: 1_020_000,
      dropped: 0,
    });
    expect((await stream.next()).value?.audioData.audioFrames[0]).toBe(2);
  });

  it('drops the oldest items when the consumer falls behind, and counts them', async () => {
    const stream = new AudioFrameStream('p', 'microphone', 3, () => undefined);
    for (let i = 1; i <= 5; i++) stream.push(data(i));
    expect(stream.dropped).toBe(2);
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await stream.next()).value!);
    expect(got.map((f) => f.audioData.audioFrames[0])).toEqual([3, 4, 5]);
    expect(got.map((f) => f.dropped)).toEqual([0, 1, 2]);
  });

  it('ends: queued items first, then done; return() unregisters once', async () => {
    let closed = 0;
    const stream = new AudioFrameStream('p', 'microphone', 5, () => closed++);
    stream.push(data(1));
    stream.end();
    expect((await stream.next()).done).toBe(false);
    expect((await stream.next()).done).toBe(true);
    await stream.return();
    expect(closed).toBe(1);
    const looped: number[] = [];
    const s2 = new AudioFrameStream('p', 'x', 5, () => closed++);
    s2.push(data(7));
    for await (const f of s2) {
      looped.push(f.audioData.audioFrames[0]!);
      break;
    }
    expect(looped).toEqual([7]);
    expect(closed).toBe(2);
  });
});
