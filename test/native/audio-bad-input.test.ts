/**
 * Bad input to the audio and peer-connection APIs gets a clear error naming
 * the argument, both from the SDK and from the engine channel itself (SDK
 * checks bypassed), and the engine stays up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AudioRenderer, CustomAudioSource, CustomAudioTrack, Daily, InvalidStateError } from '../../src';
import type { EngineChannel } from '../../src/engine/engine-channel';
import { engineHost } from '../../src/engine/engine-host';
import { PeerConnection } from '../../src/media/peer/peer-connection';
import { argError } from '../helpers/errors';
import { isProcessAlive } from '../helpers/process';

let enginePid = 0;
let channel: EngineChannel;

beforeAll(async () => {
  enginePid = (await Daily.init()).pid;
  channel = engineHost.channel!;
});

afterAll(async () => {
  await Daily.deinit();
});

/** Sends a raw request (types bypassed) and returns the error it gets. */
async function engineError(
  method: string,
  data: unknown,
  binary?: Uint8Array,
): Promise<{ code: string; field?: string; message: string }> {
  const raw = channel as any;
  try {
    await raw.request(method, data, { binary });
  } catch (err) {
    return err as { code: string; field?: string; message: string };
  }
  throw new Error(`${method} did not fail`);
}

describe('audio API bad input (SDK)', () => {
  it('rejects bad device arguments', () => {
    expect(argError(() => Daily.createMicrophoneDevice('m', { sampleRate: 7999 })).message).toBe(
      'sampleRate: must be an integer from 8000 to 96000 Hz, got 7999',
    );
    expect(argError(() => new CustomAudioSource(22050.5, 1)).field).toBe('sampleRate');
    expect(argError(() => Daily.createSpeakerDevice('s', { sampleRate: 96001 })).message).toBe(
      'sampleRate: must be an integer from 8000 to 96000 Hz, got 96001',
    );
    expect(argError(() => Daily.createSpeakerDevice('s', { channels: 3 })).field).toBe('channels');
    expect(argError(() => Daily.createMicrophoneDevice('')).field).toBe('deviceName');
    expect(argError(() => Daily.createMicrophoneDevice('m', { nonBlocking: 'yes' as unknown as boolean })).field).toBe(
      'nonBlocking',
    );
    Daily.createMicrophoneDevice('dup');
    expect(argError(() => Daily.createMicrophoneDevice('dup')).message).toBe(
      "deviceName: a virtual microphone named 'dup' already exists",
    );
    expect(argError(() => new CustomAudioSource(16000, 0)).field).toBe('channels');
    expect(argError(() => new CustomAudioTrack({} as CustomAudioSource)).field).toBe('audioSource');
  });

  it('refuses options that are not an object, or keys it does not know', async () => {
    expect(argError(() => Daily.createMicrophoneDevice('m-opts', 16000 as never)).message).toBe(
      'options: createMicrophoneDevice takes its options as an object ({ sampleRate, channels, nonBlocking, liveStream }), got number 16000',
    );
    expect(argError(() => Daily.createSpeakerDevice('s-opts', { sample_rate: 16000 } as never)).field).toBe(
      'options.sample_rate',
    );
    expect(argError(() => new CustomAudioSource(16000, 1, false as never)).field).toBe('options');
    expect(argError(() => new CustomAudioSource(16000, 1, { autosilence: false } as never)).field).toBe(
      'options.autosilence',
    );
    await expect(Daily.init({ worker_threads: 4 } as never)).rejects.toMatchObject({ field: 'options.worker_threads' });
  });

  it('rejects frames that are not whole 16-bit frames, or not bytes at all', () => {
    const mono = Daily.createMicrophoneDevice('mono');
    const stereo = new CustomAudioSource(48000, 2);
    expect(argError(() => mono.writeFrames(new Uint8Array(3))).message).toBe(
      'frames: frames bytestring should contain 16-bit samples: 3 bytes is not a multiple of 2 (2 bytes x 1 channel)',
    );
    expect(argError(() => stereo.writeFrames(new Int16Array(3))).message).toMatch(/6 bytes is not a multiple of 4/);
    expect(argError(() => mono.writeFrames('abcd' as unknown as Buffer)).message).toMatch(/^frames: must be a Buffer/);
    expect(argError(() => mono.writeFrames(new Float32Array(160))).message).toMatch(
      /^frames: a Float32Array holds 32-bit samples; convert them to 16-bit PCM/,
    );
    expect(argError(() => mono.writeFrames(Buffer.alloc(2), 'done' as unknown as () => void)).field).toBe('completion');
  });

  it('bounds a source queue to 10 minutes of audio', () => {
    const source = new CustomAudioSource(8000, 1);
    const err = argError(() => source.writeFrames(new Int16Array(8000 * 60 * 11), () => undefined));
    expect(err.message).toMatch(/^frames: writing 660000 ms would queue more than 10 minutes of audio/);
  });

  it('rejects bad reads and an unknown speaker', async () => {
    const speaker = Daily.createSpeakerDevice('spk');
    expect(argError(() => speaker.readFrames(-1)).field).toBe('numFrames');
    expect(argError(() => speaker.readFrames(1.5)).field).toBe('numFrames');
    expect(argError(() => speaker.readFrames(16000 * 61)).message).toBe(
      'numFrames: must be at most 960000 frames, got 976000',
    );
    expect(argError(() => Daily.selectSpeakerDevice('nope')).message).toBe(
      "deviceName: unable to select virtual speaker device 'nope': no such speaker (existing: 'spk')",
    );
  });

  it('rejects bad renderer options, unknown tracks and video tracks', async () => {
    await expect(AudioRenderer.start('t', { callbackIntervalMs: 15 })).rejects.toThrow(
      'callbackIntervalMs: must be a multiple of 10 ms from 10 to 10000 (audio arrives in 10 ms blocks), got 15',
    );
    await expect(AudioRenderer.start('t', { callbackIntervalMs: 0 })).rejects.toMatchObject({
      field: 'callbackIntervalMs',
    });
    await expect(AudioRenderer.start('t', { sampleRate: 100000 })).rejects.toMatchObject({ field: 'sampleRate' });
    await expect(AudioRenderer.start('no-such-track')).rejects.toMatchObject({
      field: 'trackId',
      message: "trackId: no track with id 'no-such-track'",
    });
    const camera = Daily.createCameraDevice('cam', 64, 48);
    await camera.ready();
    await expect(AudioRenderer.start(camera.trackId)).rejects.toThrow(/is a video track, not an audio track/);
  });

  it('names what was released', async () => {
    const mic = Daily.createMicrophoneDevice('gone');
    await mic.release();
    expect(() => mic.writeFrames(Buffer.alloc(320))).toThrow(InvalidStateError);
    expect(() => mic.writeFrames(Buffer.alloc(320))).toThrow("this virtual microphone 'gone' has been released");
    const source = new CustomAudioSource(16000, 1);
    await source.release();
    expect(() => new CustomAudioTrack(source)).toThrow(/the CustomAudioSource was released/);
    const pc = await PeerConnection.create();
    await pc.close();
    await expect(pc.createOffer()).rejects.toThrow(`peer connection ${pc.id} is closed; "pc.createOffer" cannot run`);
  });
});

describe('engine channel bad input (SDK checks bypassed)', () => {
  it('rejects bad audio requests with the field named', async () => {
    expect(await engineError('audio.source.create', { sourceId: 's', sampleRate: 96001, channels: 1 })).toMatchObject({
      code: 'invalid-argument',
      field: 'sampleRate',
    });
    expect(await engineError('audio.source.create', { sourceId: 's', sampleRate: 16000, channels: 0 })).toMatchObject({
      field: 'channels',
    });
    await channel.request('audio.source.create', { sourceId: 'raw', sampleRate: 8000, channels: 2, autoSilence: true });
    expect(await engineError('audio.source.write', { sourceId: 'raw' }, new Uint8Array(6))).toMatchObject({
      field: 'frames',
      message:
        'frames: frames bytestring should contain 16-bit samples: 6 bytes is not a multiple of 4 (2 bytes x 2 channels)',
    });
    const eleven = new Uint8Array(8000 * 4 * 60 * 11);
    expect((await engineError('audio.source.write', { sourceId: 'raw' }, eleven)).message).toMatch(
      /more than 10 minutes/,
    );
    expect(await engineError('audio.source.write', { sourceId: 'nope' }, new Uint8Array(4))).toMatchObject({
      code: 'invalid-state',
      message: "no audio source with id 'nope'",
    });
    await channel.request('audio.track.create', { trackId: 'raw-track', sourceId: 'raw' });
    expect(
      await engineError('audio.renderer.start', {
        rendererId: 'r',
        trackId: 'raw-track',
        sampleRate: 16000,
        channels: 1,
        callbackIntervalMs: 15,
      }),
    ).toMatchObject({ field: 'callbackIntervalMs' });
    await channel.request('audio.speaker.create', { speakerId: 'raw-spk', sampleRate: 16000, channels: 1 });
    expect(
      await engineError('audio.speaker.read', { speakerId: 'raw-spk', frames: 16000 * 61, wait: true }),
    ).toMatchObject({ field: 'frames' });
  });

  it('rejects bad peer-connection requests with the field named', async () => {
    const bad = (data: object): Promise<{ field?: string; message: string }> =>
      engineError('pc.create', { pcId: 'x', ...data });
    expect(await bad({ iceServers: [{ urls: 'http://example.com' }] })).toMatchObject({
      field: 'iceServers[0].urls[0]',
    });
    expect(await bad({ iceServers: [{ urls: ['turn:10.0.0.1:3478'] }] })).toMatchObject({
      field: 'iceServers[0].username',
      message: 'iceServers[0].username: is required for a TURN server',
    });
    expect(await bad({ iceTransportPolicy: 'relay' })).toMatchObject({ field: 'iceTransportPolicy' });
    expect(await bad({ iceTransportPolicy: 'some' })).toMatchObject({ field: 'iceTransportPolicy' });
    expect(await bad({ startBitrateBps: 5 })).toMatchObject({ field: 'startBitrateBps' });
    expect(await bad({ allowedAddressPrefixes: ['10.0.0.0/99'] })).toMatchObject({
      field: 'allowedAddressPrefixes[0]',
    });
    expect(await engineError('pc.createOffer', { pcId: 'none' })).toMatchObject({
      message: "no peer connection with id 'none'",
    });

    const pc = await PeerConnection.create();
    const garbage = await pc
      .setRemoteDescription({ type: 'offer', sdp: 'v=0\r\nthis is not sdp\r\n' })
      .catch((e: unknown) => e);
    expect(garbage).toMatchObject({ field: 'sdp' });
    expect(String(garbage)).toMatch(/could not parse the SDP/);
    await expect(pc.setRemoteDescription({ type: 'bogus' as 'offer', sdp: '' })).rejects.toMatchObject({
      field: 'type',
    });
    await expect(pc.addIceCandidate({ candidate: 'candidate:garbage', sdpMid: '0' })).rejects.toMatchObject({
      field: 'candidate',
    });
    await expect(pc.addTrack('no-such-track')).rejects.toMatchObject({ field: 'trackId' });
    const mic = Daily.createMicrophoneDevice('pc-mic');
    await expect(
      pc.addTrack(mic.trackId, { sendEncodings: [{ maxBitrate: 32000 }, { maxBitrate: 16000 }] }),
    ).rejects.toMatchObject({
      field: 'sendEncodings',
    });
    await expect(pc.addTrack(mic.trackId, { sendEncodings: [{ scaleResolutionDownBy: 2 }] })).rejects.toMatchObject({
      field: 'sendEncodings[0].scaleResolutionDownBy',
    });
    await expect(pc.addTrack(mic.trackId, { streamIds: ['has space'] })).rejects.toMatchObject({
      field: 'streamIds[0]',
    });
    const { transceiverId } = await pc.addTrack(mic.trackId);
    await expect(pc.insertDtmf(transceiverId, '12x')).rejects.toMatchObject({ field: 'tones' });
    await expect(pc.insertDtmf(transceiverId, '12', { durationMs: 10 })).rejects.toMatchObject({ field: 'durationMs' });
    await expect(pc.insertDtmf(transceiverId, '12')).rejects.toThrow(/DTMF cannot be sent on 'tx0' yet/);
    await expect(pc.insertDtmf('tx9', '1')).rejects.toMatchObject({ field: 'transceiverId' });
    await expect(pc.setBitrate({ minBitrateBps: 500_000, startBitrateBps: 100_000 })).rejects.toMatchObject({
      field: 'startBitrateBps',
    });
    await expect(pc.replaceTrack(transceiverId, Daily.createCameraDevice('cam2', 64, 48).trackId)).rejects.toThrow(
      /is video but transceiver 'tx0' is audio/,
    );
    await pc.close();
  });

  it('is still the same engine after all of that', async () => {
    expect(engineHost.channel?.pid).toBe(enginePid);
    expect(isProcessAlive(enginePid)).toBe(true);
    expect((await channel.request('debug.echo', { value: 'alive' })).value).toBe('alive');
  });
});

describe('after Daily.deinit()', () => {
  it('names what is gone', async () => {
    const mic = Daily.createMicrophoneDevice('before-deinit');
    const speaker = Daily.createSpeakerDevice('before-deinit');
    const source = new CustomAudioSource(16000, 1);
    const pc = await PeerConnection.create();
    const closed = new Promise<Error | undefined>((resolve) => pc.once('closed', resolve));
    await Daily.deinit();
    expect(() => mic.writeFrames(Buffer.alloc(2))).toThrow(
      "this virtual microphone 'before-deinit' was made before Daily.deinit(); make a new one after Daily.init()",
    );
    expect(() => speaker.readFrames(160)).toThrow(/virtual speaker 'before-deinit' was made before Daily.deinit\(\)/);
    expect(() => source.writeFrames(Buffer.alloc(2))).toThrow(/was made before Daily.deinit\(\)/);
    expect(String(await closed)).toMatch(/Daily.deinit\(\) closed peer connection pc\d+/);
    await expect(pc.createOffer()).rejects.toThrow(/Daily.deinit\(\) closed peer connection/);
    expect(() => Daily.createMicrophoneDevice('after')).toThrow(/call Daily.init\(\) before creating devices/);
    expect(() => Daily.selectSpeakerDevice('before-deinit')).toThrow(InvalidStateError);
  });
});
