/**
 * `engine.stats` counts what the engine holds and reports its heap: objects
 * made through the protocol appear in the counts and leave them when
 * released; a track keeps counting until it is released itself (releasing
 * its source is not enough), which is what the churn suite checks per round.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { afterAll, beforeAll, expect, it } from 'vitest';

import {
  CallClient,
  CustomAudioSource,
  CustomAudioTrack,
  CustomVideoSource,
  CustomVideoTrack,
  Daily,
  InvalidArgumentError,
} from '../../src';
import type { EngineChannel } from '../../src/engine/engine-channel';
import { engineHost } from '../../src/engine/engine-host';

let channel: EngineChannel;

beforeAll(async () => {
  await Daily.init();
  channel = engineHost.channel!;
});

afterAll(async () => {
  await Daily.deinit();
});

it('counts sources and tracks until each is released', async () => {
  const before = await channel.request('engine.stats', {});
  await channel.request('audio.source.create', {
    sourceId: 'stats-s',
    sampleRate: 16000,
    channels: 1,
    autoSilence: true,
  });
  await channel.request('audio.track.create', { trackId: 'stats-t', sourceId: 'stats-s' });
  const made = await channel.request('engine.stats', {});
  expect([made.audioSources, made.tracks]).toEqual([before.audioSources + 1, before.tracks + 1]);

  await channel.request('audio.source.release', { sourceId: 'stats-s' });
  const sourceGone = await channel.request('engine.stats', {});
  expect([sourceGone.audioSources, sourceGone.tracks]).toEqual([before.audioSources, before.tracks + 1]);

  await channel.request('audio.track.release', { trackId: 'stats-t' });
  const trackGone = await channel.request('engine.stats', {});
  expect(trackGone.tracks).toBe(before.tracks);
});

it('releasing a CustomAudioSource releases the SDK tracks made from it, in the engine too', async () => {
  const before = await channel.request('engine.stats', {});
  const source = new CustomAudioSource(16000, 1);
  const tracks = [new CustomAudioTrack(source), new CustomAudioTrack(source)];
  await Promise.all(tracks.map((t) => t.ready()));
  const made = await channel.request('engine.stats', {});
  expect([made.audioSources, made.tracks]).toEqual([before.audioSources + 1, before.tracks + 2]);
  await tracks[0]!.release(); // released first: releasing it again through the source is harmless
  await source.release();
  expect(tracks.map((t) => t.released)).toEqual([true, true]);
  const after = await channel.request('engine.stats', {});
  expect([after.audioSources, after.tracks]).toEqual([before.audioSources, before.tracks]);
});

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Collects garbage until the engine holds `tracks` tracks (finalizers run after a collection, not during). */
async function tracksAfterCollection(tracks: number, timeoutMs = 5000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    collectGarbage();
    await new Promise((tick) => setTimeout(tick, 20));
    const stats = await channel.request('engine.stats', {});
    if (stats.tracks === tracks || Date.now() > deadline) return stats.tracks;
  }
}

/** Makes a track of each kind and drops them unreleased; their sources stay. */
async function dropTracks(audio: CustomAudioSource, video: CustomVideoSource): Promise<void> {
  const tracks = [new CustomAudioTrack(audio), new CustomVideoTrack(video)];
  await Promise.all(tracks.map((t) => t.ready()));
}

it('frees a track dropped without release once it is garbage-collected, while its source lives on', async () => {
  const audio = new CustomAudioSource(16000, 1);
  const video = new CustomVideoSource(64, 48);
  await video.ready();
  const before = await channel.request('engine.stats', {});
  await dropTracks(audio, video);
  expect((await channel.request('engine.stats', {})).tracks).toBe(before.tracks + 2);
  expect(await tracksAfterCollection(before.tracks)).toBe(before.tracks);
  await Promise.all([audio.release(), video.release()]);
});

it('keeps a dropped track that a call names as its microphone', async () => {
  const audio = new CustomAudioSource(16000, 1);
  const client = new CallClient();
  const before = await channel.request('engine.stats', {});
  await (async () => {
    const track = new CustomAudioTrack(audio);
    await track.ready();
    await client.updateInputs({ microphone: { isEnabled: true, settings: { customTrack: { id: track.id } } } });
  })();
  // Long enough for a collection to free it, were it not held (the test above frees within this).
  expect(await tracksAfterCollection(before.tracks, 1000)).toBe(before.tracks + 1);
  await client.updateInputs({ microphone: { isEnabled: false, settings: {} } }); // names no track now
  expect(await tracksAfterCollection(before.tracks)).toBe(before.tracks);
  await client.release();
  await audio.release();
});

it('reports the heap and resident size; trimHeap gives free memory back', async () => {
  const stats = await channel.request('engine.stats', {});
  expect(stats.heapInUseBytes).toBeGreaterThan(256 << 10); // a fresh engine: about 0.9 MiB
  expect(stats.rssKiB).toBeGreaterThan(1024);
  const trimmed = await channel.request('engine.stats', { trimHeap: true });
  expect(trimmed.rssKiB).toBeLessThanOrEqual(stats.rssKiB + 1024);
  expect(trimmed.heapFreeBytes).toBeLessThanOrEqual(stats.heapFreeBytes + (256 << 10));
});

it('refuses a trimHeap that is not a boolean, naming the field', async () => {
  await expect(channel.request('engine.stats', { trimHeap: 'yes' as never })).rejects.toThrow(InvalidArgumentError);
  await expect(channel.request('engine.stats', { trimHeap: 'yes' as never })).rejects.toThrow(/trimHeap/);
});
