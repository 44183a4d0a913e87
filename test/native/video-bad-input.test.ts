// Bad input to the video API gets a clear error naming the argument, at the
// SDK and at the engine channel, and the engine stays up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CustomVideoSource, CustomVideoTrack, Daily, InvalidStateError, type ColorFormat } from '../../src';
import { engineHost } from '../../src/engine/engine-host';
import { VideoRenderer } from '../../src/media/video/video-renderer';
import { argError } from '../helpers/errors';
import { isProcessAlive, waitFor } from '../helpers/process';

let enginePid = 0;

beforeEach(async () => {
  enginePid = (await Daily.init()).pid;
});

afterEach(async () => {
  await Daily.deinit();
});

describe('video API bad input', () => {
  it('rejects bad camera and source sizes and formats, naming the argument', () => {
    expect(
      argError(() => Daily.createCameraDevice('cam', 640, 480, { colorFormat: 'YUY2' as ColorFormat })).message,
    ).toBe("colorFormat: invalid color format 'YUY2'");
    for (const [w, h, field] of [
      [0, 480, 'width'],
      [640, 0, 'height'],
      [-2, 480, 'width'],
      [640.5, 480, 'width'],
      [5000, 480, 'width'],
      [640, 100_000, 'height'],
      [Number.NaN, 480, 'width'],
    ] as const) {
      const err = argError(() => Daily.createCameraDevice('cam', w, h));
      expect(err.field).toBe(field);
      expect(err.message).toMatch(/must be an integer from 1 to 4096/);
    }
    expect(argError(() => Daily.createCameraDevice('cam', '640' as unknown as number, 480)).field).toBe('width');
    const odd = argError(() => new CustomVideoSource(641, 480, { colorFormat: 'I420' }));
    expect(odd.message).toBe('width: must be even for I420 frames, got 641');
    expect(argError(() => new CustomVideoSource(640, 479, { colorFormat: 'I420' })).field).toBe('height');
    // Odd sizes are fine for packed formats.
    expect(new CustomVideoSource(641, 479, { colorFormat: 'RGB' }).width).toBe(641);
    expect(argError(() => Daily.createCameraDevice('', 640, 480)).field).toBe('deviceName');
    Daily.createCameraDevice('cam', 64, 48);
    expect(argError(() => Daily.createCameraDevice('cam', 64, 48)).message).toBe(
      "deviceName: a camera named 'cam' already exists",
    );
    expect(argError(() => new CustomVideoTrack({} as CustomVideoSource)).field).toBe('videoSource');
  });

  it('refuses options that are not an object, or keys it does not know (Python-style positional colour format, typos)', () => {
    expect(argError(() => new CustomVideoSource(64, 48, 'BGRA' as never)).message).toBe(
      'options: CustomVideoSource takes its options as an object ({ colorFormat }), got "BGRA"',
    );
    expect(argError(() => new CustomVideoSource(64, 48, { colourFormat: 'BGRA' } as never)).field).toBe(
      'options.colourFormat',
    );
    expect(argError(() => Daily.createCameraDevice('cam-opts', 64, 48, 'BGRA' as never)).field).toBe('options');
    expect(argError(() => Daily.createCameraDevice('cam-opts', 64, 48, { color_format: 'BGRA' } as never)).field).toBe(
      'options.color_format',
    );
    expect(new CustomVideoSource(64, 48, null as never).colorFormat).toBe('RGBA');
  });

  it('checks every frame size exactly, for cameras too', () => {
    const camera = Daily.createCameraDevice('cam', 64, 48);
    expect(argError(() => camera.writeFrame(Buffer.alloc(64 * 48 * 4 - 1))).message).toBe(
      'frame: frame size mismatch: expected 12288 bytes for 64x48 RGBA, got 12287',
    );
    expect(argError(() => camera.writeFrame(Buffer.alloc(64 * 48 * 4 + 4))).field).toBe('frame');
    expect(argError(() => camera.writeFrame('pixels' as unknown as Buffer)).message).toMatch(
      /^frame: must be a Buffer/,
    );
    const rgb = new CustomVideoSource(64, 48, { colorFormat: 'RGB' });
    expect(argError(() => rgb.writeFrame(new Uint8Array(64 * 48 * 4))).message).toMatch(
      /expected 9216 bytes for 64x48 RGB, got 12288/,
    );
    const i420 = new CustomVideoSource(64, 48, { colorFormat: 'I420' });
    expect(argError(() => i420.writeFrame(new Uint8Array(64 * 48 * 4))).message).toMatch(/expected 4608 bytes/);
    // The right sizes pass, in any byte container.
    camera.writeFrame(new Uint32Array(64 * 48));
    rgb.writeFrame(new ArrayBuffer(64 * 48 * 3));
    i420.writeFrame(Buffer.alloc(64 * 48 * 1.5));
  });

  it('rejects a renderer with an unknown color format or track', async () => {
    const err = argError(() => new VideoRenderer('some-track', () => undefined, { colorFormat: 'BGR' }));
    expect(err.message).toBe("colorFormat: invalid color format 'BGR'");
    expect(argError(() => new VideoRenderer('t', () => undefined, { maxPendingFrames: 0 })).field).toBe(
      'maxPendingFrames',
    );
    const orphan = new VideoRenderer('remote:nope:0', () => undefined);
    await expect(orphan.ready()).rejects.toMatchObject({
      code: 'invalid-argument',
      field: 'trackId',
      message: "trackId: no track 'remote:nope:0'",
    });
  });

  it('refuses use after release and after deinit', async () => {
    const camera = Daily.createCameraDevice('cam', 64, 48);
    const source = new CustomVideoSource(64, 48);
    await source.release();
    expect(() => source.writeFrame(Buffer.alloc(64 * 48 * 4))).toThrow(
      new InvalidStateError('this CustomVideoSource has been released'),
    );
    expect(() => new CustomVideoTrack(source)).toThrow(/videoSource: has been released/);
    await Daily.deinit();
    expect(() => camera.writeFrame(Buffer.alloc(64 * 48 * 4))).toThrow(InvalidStateError);
    expect(() => camera.writeFrame(Buffer.alloc(64 * 48 * 4))).toThrow(
      /VirtualCameraDevice 'cam' was made before Daily.deinit/,
    );
    expect(() => Daily.createCameraDevice('cam', 64, 48)).toThrow(
      /Daily.createCameraDevice: call Daily.init\(\) first/,
    );
    expect(() => new CustomVideoSource(64, 48)).toThrow(/CustomVideoSource: the SDK is not initialized/);
    await Daily.init();
    // The name is free again in the new session.
    const again = Daily.createCameraDevice('cam', 64, 48);
    await again.ready();
  });

  it('answers bad engine requests and data frames with errors, and the engine stays up', async () => {
    const channel = engineHost.channel!;
    const raw = channel as any;
    const bad = (method: string, data: unknown) => raw.request(method, data);
    await expect(
      bad('video.createSource', { sourceId: 's', width: 0, height: 10, colorFormat: 'RGBA' }),
    ).rejects.toMatchObject({
      code: 'invalid-argument',
      field: 'width',
    });
    await expect(
      bad('video.createSource', { sourceId: 's', width: 9, height: 10, colorFormat: 'I420' }),
    ).rejects.toThrow('width: must be even for I420 frames, got 9');
    await expect(
      bad('video.createSource', { sourceId: 's', width: 1e12, height: 10, colorFormat: 'RGBA' }),
    ).rejects.toMatchObject({
      field: 'width',
    });
    await expect(
      bad('video.createSource', { sourceId: 's', width: 8, height: 8, colorFormat: 'rgba' }),
    ).rejects.toThrow("colorFormat: invalid color format 'rgba'");
    await bad('video.createSource', { sourceId: 's', width: 8, height: 8, colorFormat: 'RGBA' });
    await expect(
      bad('video.createSource', { sourceId: 's', width: 8, height: 8, colorFormat: 'RGBA' }),
    ).rejects.toThrow(/already exists/);
    await expect(bad('video.createTrack', { trackId: 'has space', sourceId: 's' })).rejects.toMatchObject({
      field: 'trackId',
    });
    await expect(bad('video.createTrack', { trackId: 't1', sourceId: 'nope' })).rejects.toMatchObject({
      field: 'sourceId',
    });
    await expect(
      bad('video.createRenderer', { rendererId: 'r', trackId: 'nope', colorFormat: 'RGBA' }),
    ).rejects.toMatchObject({
      field: 'trackId',
    });
    await expect(bad('video.stopRenderer', { rendererId: 'nope' })).rejects.toMatchObject({ code: 'invalid-state' });

    const errors: string[] = [];
    channel.onChannelError((e) => errors.push(e));
    channel.sendData({ type: 'video.sourceFrame', sourceId: 's' }, new Uint8Array(7));
    channel.sendData({ type: 'video.sourceFrame', sourceId: 'nope' }, new Uint8Array(8 * 8 * 4));
    channel.sendData({ type: 'video.sourceFrame' }, new Uint8Array(4));
    await waitFor('three rejected data frames', () => errors.length >= 3, 3000);
    expect(errors[0]).toMatch(/frame: video source 's': frame has 7 bytes, a 8x8 RGBA frame has 256/);
    expect(errors[1]).toMatch(/no video source 'nope'/);
    expect(errors[2]).toMatch(/sourceId: is required/);
    expect((await channel.request('debug.echo', { value: 'alive' })).value).toBe('alive');
    expect(isProcessAlive(enginePid)).toBe(true);
  });
});
