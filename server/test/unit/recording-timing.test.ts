/**
 * What keeps a recording in time: the mixer's bound on how late sound can
 * be, the picture delay line that holds pictures back to meet the sound, and
 * the stamped Matroska picture stream ffmpeg reads (checked with ffprobe).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AudioMixer, MIX_SAMPLE_RATE } from '../../src/services/recording/audio-mixer';
import { matroskaHeader, matroskaPicturePrefix } from '../../src/services/recording/matroska-video';
import { PictureDelayLine } from '../../src/services/recording/picture-delay-line';

const ms = (n: number): number => (n * MIX_SAMPLE_RATE) / 1000;

describe('AudioMixer lateness bound', () => {
  it('keeps at most 200 ms queued: a burst drops its oldest frames, the newest go out next', () => {
    const mixer = new AudioMixer();
    for (let i = 1; i <= 15; i++) mixer.push('a', new Int16Array(ms(20)).fill(i));
    expect(mixer.queuedSamples).toBe(ms(200));
    const out = mixer.take(ms(200));
    expect(out.readInt16LE(0)).toBe(6);
    expect(out.readInt16LE(out.length - 2)).toBe(15);
  });
});

describe('PictureDelayLine', () => {
  const frame = (tag: number) => ({ buffer: Uint8Array.of(tag), width: 1, height: 1 });

  it('gives the picture a source showed at a past time, and its oldest before that', () => {
    const line = new PictureDelayLine();
    line.push('p/camera', frame(1), 1000);
    line.push('p/camera', frame(2), 1100);
    line.push('p/camera', frame(3), 1200);
    expect(line.at('p/camera', 1150)?.buffer[0]).toBe(2);
    expect(line.at('p/camera', 1300)?.buffer[0]).toBe(3);
    expect(line.at('p/camera', 900)?.buffer[0]).toBe(1);
    expect(line.at('q/camera', 1300)).toBeUndefined();
  });

  it('forgets pictures replaced more than 300 ms ago, keeping the one shown then', () => {
    const line = new PictureDelayLine();
    line.push('p/camera', frame(1), 0);
    line.push('p/camera', frame(2), 100);
    line.push('p/camera', frame(3), 1000);
    // At 400 the picture of 100 was showing: kept. The one of 0 was replaced before 700: gone.
    expect(line.at('p/camera', 400)?.buffer[0]).toBe(2);
    expect(line.at('p/camera', 50)?.buffer[0]).toBe(2);
    line.delete('p/camera');
    expect(line.has('p/camera')).toBe(false);
  });
});

describe('Matroska picture stream', () => {
  it('is read by ffmpeg as yuv420p pictures at the stamped times, gaps kept', () => {
    const [w, h] = [16, 8];
    const picture = Buffer.alloc((w * h * 3) / 2, 128);
    const stampsUs = [0, 33_333, 66_667, 500_000];
    const stream = Buffer.concat([
      matroskaHeader(w, h),
      ...stampsUs.flatMap((t) => [matroskaPicturePrefix(picture.length, t), picture]),
    ]);
    const out = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=pix_fmt,width,height:packet=pts_time', '-of', 'json', '-i', 'pipe:0'],
      { input: stream },
    );
    const json = JSON.parse(out.toString()) as { streams: object[]; packets: { pts_time: string }[] };
    expect(json.streams[0]).toMatchObject({ pix_fmt: 'yuv420p', width: w, height: h });
    expect(json.packets.map((p) => Number(p.pts_time))).toEqual([0, 0.033333, 0.066667, 0.5]);
  });
});
