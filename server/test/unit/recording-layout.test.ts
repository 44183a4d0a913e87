/**
 * The recording compositor's pure parts: layout geometry, drawing into the
 * I420 canvas, and the fixed-cadence audio mix.
 */
import { describe, expect, it } from 'vitest';
import { AudioMixer } from '../../src/services/recording/audio-mixer';
import { I420Canvas, colourToYuv } from '../../src/services/recording/i420-canvas';
import { layoutTiles, type LayoutInput } from '../../src/services/recording/layout';

const people = (n: number, share = -1): LayoutInput['participants'] =>
  Array.from({ length: n }, (_, i) => ({ id: `p${i}`, camera: true, screenVideo: i === share }));

describe('layoutTiles', () => {
  const input = (participants: LayoutInput['participants'], activeSpeakerId: string | null = null): LayoutInput => ({
    width: 1280,
    height: 720,
    participants,
    activeSpeakerId,
  });

  it('grids the cameras, as square as fits, and honours max_cam_streams', () => {
    expect(layoutTiles({ preset: 'default' }, input(people(1)))).toEqual([
      { participantId: 'p0', source: 'camera', x: 0, y: 0, width: 1280, height: 720 },
    ]);
    const four = layoutTiles({ preset: 'default' }, input(people(4)));
    expect(four.map((t) => [t.x, t.y, t.width, t.height])).toEqual([
      [0, 0, 640, 360],
      [640, 0, 640, 360],
      [0, 360, 640, 360],
      [640, 360, 640, 360],
    ]);
    expect(layoutTiles({ preset: 'default', max_cam_streams: 2 }, input(people(4)))).toHaveLength(2);
    // A participant without a camera takes no tile.
    expect(layoutTiles({ preset: 'default' }, input([{ id: 'a', camera: false, screenVideo: false }]))).toEqual([]);
  });

  it('gives a screen share the main area, cameras in a side strip', () => {
    const tiles = layoutTiles({ preset: 'default' }, input(people(3, 1)));
    expect(tiles[0]).toMatchObject({ participantId: 'p1', source: 'screenVideo', x: 0, width: 1024, height: 720 });
    expect(tiles.slice(1).every((t) => t.x === 1024 && t.width === 256)).toBe(true);
  });

  it('shows one participant for single-participant and active-participant', () => {
    expect(layoutTiles({ preset: 'single-participant', session_id: 'p2' }, input(people(3)))).toEqual([
      { participantId: 'p2', source: 'camera', x: 0, y: 0, width: 1280, height: 720 },
    ]);
    expect(layoutTiles({ preset: 'single-participant', session_id: 'gone' }, input(people(3)))).toEqual([]);
    expect(layoutTiles({ preset: 'active-participant' }, input(people(3), 'p1'))[0]?.participantId).toBe('p1');
    expect(layoutTiles({ preset: 'active-participant' }, input(people(3)))[0]?.participantId).toBe('p0');
    expect(layoutTiles({ preset: 'audio-only' }, input(people(3)))).toEqual([]);
  });

  it('stacks or insets for portrait', () => {
    const vertical = layoutTiles(
      { preset: 'portrait', variant: 'vertical' },
      { ...input(people(2)), width: 720, height: 1280 },
    );
    expect(vertical.map((t) => [t.y, t.height])).toEqual([
      [0, 640],
      [640, 640],
    ]);
    const inset = layoutTiles(
      { preset: 'portrait', variant: 'inset' },
      { ...input(people(2)), width: 720, height: 1280 },
    );
    expect(inset[0]).toMatchObject({ x: 0, y: 0, width: 720, height: 1280 });
    expect(inset[1]!.width).toBeLessThan(720 / 2);
  });
});

describe('I420Canvas', () => {
  it('fills the background and draws a frame scaled to fit, centred in its tile', () => {
    const canvas = new I420Canvas(64, 32, colourToYuv('#0000ff'));
    const red = colourToYuv('#ff0000');
    const frame = Buffer.alloc(16 * 16 * 1.5);
    frame.fill(red[0], 0, 256);
    frame.fill(red[1], 256, 320);
    frame.fill(red[2], 320);
    canvas.draw(
      { participantId: 'a', source: 'camera', x: 0, y: 0, width: 64, height: 32 },
      { buffer: frame, width: 16, height: 16 },
    );
    const y = (x: number, row: number): number => canvas.frame[row * 64 + x]!;
    // 16x16 scaled to 32x32, centred: columns 16-47 are red, the rest blue.
    expect(y(32, 16)).toBe(red[0]);
    expect(y(8, 16)).toBe(colourToYuv('#0000ff')[0]);
    expect(y(56, 16)).toBe(colourToYuv('#0000ff')[0]);
  });
});

describe('AudioMixer', () => {
  it('sums participants, pads a short queue with silence, and clips', () => {
    const mixer = new AudioMixer();
    mixer.push('a', Int16Array.from([1000, 1000, 1000, 1000]));
    mixer.push('b', Int16Array.from([30000, 30000]));
    const out = mixer.take(4);
    expect([0, 1, 2, 3].map((i) => out.readInt16LE(i * 2))).toEqual([31000, 31000, 1000, 1000]);
    mixer.push('a', Int16Array.from([30000]));
    mixer.push('b', Int16Array.from([30000]));
    expect(mixer.take(2).readInt16LE(0)).toBe(32767);
    expect(mixer.take(2).readInt16LE(0)).toBe(0);
  });
});
