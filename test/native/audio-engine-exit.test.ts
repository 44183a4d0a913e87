/**
 * The engine is killed in the middle of a call: pending writes, reads and
 * renderer waits fail with EngineExitedError, the peer connections report it,
 * the Node process survives, and the next operation runs in a fresh engine in
 * which the microphone, the speaker (still selected) and a custom track exist
 * again, so a new call carries audio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AudioRenderer, CustomAudioSource, CustomAudioTrack, Daily, EngineExitedError } from '../../src';
import { engineHost } from '../../src/engine/engine-host';
import type { RemoteTrackEvent } from '../../src/media/peer/peer-connection';
import { channelSamples, tone, toneAmplitude, zeroCrossingFrequency } from '../helpers/audio';
import { connectPair } from '../helpers/peer-pair';
import { waitForProcessGone } from '../helpers/process';

beforeAll(async () => {
  await Daily.init();
});

afterAll(async () => {
  await Daily.deinit();
});

const outcome = <T>(p: Promise<T>): Promise<unknown> =>
  p.then(
    (v) => v,
    (e: unknown) => e,
  );

describe('audio across an engine crash', () => {
  it('fails pending operations clearly, then works in a new engine', async () => {
    const mic = Daily.createMicrophoneDevice('crash-mic', { sampleRate: 16000 });
    const speaker = Daily.createSpeakerDevice('crash-spk', { sampleRate: 16000 });
    await Daily.selectSpeakerDevice('crash-spk');
    const source = new CustomAudioSource(48000, 1);
    const custom = new CustomAudioTrack(source);
    const tracks: RemoteTrackEvent[] = [];
    const first = await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack(mic.trackId);
      receiver.on('track', (e) => tracks.push(e));
    });
    const renderer = await AudioRenderer.start(tracks[0].trackId, { callbackIntervalMs: 20 });
    const iteration = outcome(
      (async () => {
        for await (const data of renderer) void data;
      })(),
    );
    const write = outcome(mic.writeFrames(tone(440, 10_000, 16000)));
    const read = outcome(speaker.readFrames(16000 * 10));
    const closed = new Promise<Error | undefined>((resolve) => first.sender.once('closed', resolve));

    const pid = engineHost.channel!.pid;
    process.kill(pid, 'SIGKILL');
    await waitForProcessGone(pid, 3000);

    for (const err of [await write, await read, await iteration, await closed]) {
      expect(err).toBeInstanceOf(EngineExitedError);
    }
    expect(String(await write)).toMatch(/killed by SIGKILL while "audio.source.write" was pending/);
    expect(renderer.ended).toBe(true);
    expect(first.receiver.closed).toBe(true);
    await expect(first.sender.createOffer()).rejects.toThrow(/the media engine exited; peer connection pc\d+ is gone/);

    // The next operation starts a new engine, with the devices made again.
    const t0 = performance.now();
    expect(await mic.writeFrames(tone(440, 100, 16000))).toBe(1600);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(80);
    expect(engineHost.channel!.pid).not.toBe(pid);

    const again: RemoteTrackEvent[] = [];
    await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack(custom.id);
      receiver.on('track', (e) => again.push(e));
    });
    expect(again[0].remoteTrackId).toBe(custom.id);
    source.writeFrames(tone(1000, 3000, 48000)).catch(() => undefined);
    await speaker.readFrames(8000);
    const heard = channelSamples(await speaker.readFrames(8000));
    expect(zeroCrossingFrequency(heard, 16000)).toBeCloseTo(1000, -1);
    expect(toneAmplitude(heard, 1000, 16000)).toBeGreaterThan(0.28);
  });
});
