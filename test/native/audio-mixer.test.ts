/**
 * Engine primitives of the telephony bridge, between peer connections of one
 * engine (over the namespace's veth address): a mixer source over remote
 * tracks heard at the far side of a second connection, its inputs changed
 * live; codec preferences that leave only G.711 and telephone-event in the
 * SDP; DTMF received on a PCMU leg reported once per digit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AudioRenderer, Daily } from '../../src';
import type { AudioData } from '../../src';
import type { EngineChannel } from '../../src/engine/engine-channel';
import { engineHost } from '../../src/engine/engine-host';
import type { MixerStats } from '../../src/engine/protocol/audio';
import type { RemoteTrackEvent } from '../../src/media/peer/peer-connection';
import { channelSamples, tone, toneAmplitude } from '../helpers/audio';
import { connectPair, type PeerPair } from '../helpers/peer-pair';
import { waitFor, waitForAsync } from '../helpers/process';

const RATE = 16000;
let channel: EngineChannel;

async function engineError(method: string, data: unknown): Promise<{ code: string; field?: string; message: string }> {
  try {
    await (channel as any).request(method, data);
  } catch (err) {
    return err as { code: string; field?: string; message: string };
  }
  throw new Error(`${method} did not fail`);
}

function mixerStats(mixerId: string): Promise<MixerStats> {
  return channel.request('audio.mixer.stats', { mixerId });
}

/** `ms` of audio from a renderer (16 kHz mono), starting now. Leaves the renderer running (no `break`). */
async function listen(renderer: AudioRenderer, ms: number): Promise<Float64Array> {
  const frames = renderer[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  for (let got = 0; got < ms;) {
    const { value, done } = await frames.next();
    if (done) throw new Error('the renderer ended');
    const data = value as AudioData;
    chunks.push(data.audioFrames);
    got += (data.numAudioFrames * 1000) / data.sampleRate;
  }
  return channelSamples(Buffer.concat(chunks));
}

/** Levels of the two test tones in what the renderer hears next (after 300 ms for changes to settle). */
async function levels(renderer: AudioRenderer): Promise<{ low: number; high: number }> {
  // Skip what the renderer queued while the test did other things: blocks that come without waiting.
  const frames = renderer[Symbol.asyncIterator]();
  for (let start = Date.now(); ; start = Date.now()) {
    await frames.next();
    if (Date.now() - start > 30) break;
  }
  await listen(renderer, 300);
  const samples = await listen(renderer, 500);
  return { low: toneAmplitude(samples, 440, RATE), high: toneAmplitude(samples, 1000, RATE) };
}

describe('mixer source over remote tracks', () => {
  let inbound: PeerPair; // two microphones -> two remote tracks
  const remote: RemoteTrackEvent[] = [];
  let renderer: AudioRenderer;
  let low: string;
  let high: string;

  beforeAll(async () => {
    await Daily.init();
    channel = await engineHost.ensure();
    const micLow = Daily.createMicrophoneDevice('mic-440', { sampleRate: RATE, channels: 1 });
    const micHigh = Daily.createMicrophoneDevice('mic-1000', { sampleRate: RATE, channels: 1 });
    inbound = await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack(micLow.trackId);
      await sender.addTrack(micHigh.trackId);
      receiver.on('track', (e) => remote.push(e));
      low = `remote:${receiver.id}:0`;
      high = `remote:${receiver.id}:1`;
      // Listed before the tracks exist (and one never will): attached when they appear.
      await channel.request('audio.mixer.create', {
        mixerId: 'bridge',
        sampleRate: 48000,
        channels: 1,
        inputs: [low, high, 'remote:nobody:0'],
      });
    });
    micLow.writeFrames(tone(440, 30_000, RATE, 0.3)).catch(() => undefined);
    micHigh.writeFrames(tone(1000, 30_000, RATE, 0.3)).catch(() => undefined);
    await channel.request('audio.track.create', { trackId: 'bridge-track', sourceId: 'bridge' });
    let listened: RemoteTrackEvent | undefined;
    // The mixer's track goes to a listener over a second connection.
    await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack('bridge-track');
      receiver.on('track', (e) => (listened = e));
    });
    renderer = await AudioRenderer.start(listened!.trackId, { sampleRate: RATE, callbackIntervalMs: 100 });
  });

  afterAll(async () => {
    await Daily.deinit();
  });

  it('attaches the inputs that appeared and skips the one that does not exist', async () => {
    expect(remote.map((e) => e.trackId).sort()).toEqual([low, high].sort());
    expect((await mixerStats('bridge')).inputs).toBe(2);
  });

  it('sends the sum of both remote tracks at their own levels', async () => {
    const heard = await levels(renderer);
    expect(heard.low).toBeGreaterThan(0.25);
    expect(heard.low).toBeLessThan(0.35);
    expect(heard.high).toBeGreaterThan(0.25);
    expect(heard.high).toBeLessThan(0.35);
  });

  it('replaces its inputs live with setInputs', async () => {
    await channel.request('audio.mixer.setInputs', { mixerId: 'bridge', inputs: [high] });
    expect((await mixerStats('bridge')).inputs).toBe(1);
    const onlyHigh = await levels(renderer);
    expect(onlyHigh.low).toBeLessThan(0.02);
    expect(onlyHigh.high).toBeGreaterThan(0.25);

    await channel.request('audio.mixer.setInputs', { mixerId: 'bridge', inputs: [low, high] });
    const both = await levels(renderer);
    expect(both.low).toBeGreaterThan(0.25);
    expect(both.high).toBeGreaterThan(0.25);
  });

  it('mixes every 10 ms tick without underruns while its inputs flow', async () => {
    const before = await mixerStats('bridge');
    await new Promise((r) => setTimeout(r, 1000));
    const after = await mixerStats('bridge');
    expect(after.framesMixed - before.framesMixed).toBeGreaterThan(80);
    expect(after.framesMixed - before.framesMixed).toBeLessThan(120);
    expect(after.underruns - before.underruns).toBeLessThanOrEqual(2);
  });

  it('drops an input whose connection closes and keeps sending', async () => {
    await inbound.receiver.close();
    await waitForAsync('the inputs to go away', async () => (await mixerStats('bridge')).inputs === 0, 5000);
    const heard = await levels(renderer);
    expect(heard.low).toBeLessThan(0.02);
    expect(heard.high).toBeLessThan(0.02);
    const { framesMixed } = await mixerStats('bridge');
    await new Promise((r) => setTimeout(r, 300));
    expect((await mixerStats('bridge')).framesMixed).toBeGreaterThan(framesMixed + 20);
  });

  it('refuses bad requests, naming the field', async () => {
    expect(await engineError('audio.mixer.stats', { mixerId: 'nope' })).toMatchObject({
      code: 'invalid-argument',
      field: 'mixerId',
    });
    expect(await engineError('audio.mixer.setInputs', { mixerId: 'bridge', inputs: 'remote:x:0' })).toMatchObject({
      code: 'invalid-argument',
      field: 'inputs',
    });
    expect(await engineError('audio.mixer.setInputs', { mixerId: 'bridge', inputs: ['ok', 7] })).toMatchObject({
      code: 'invalid-argument',
      field: 'inputs[1]',
    });
    for (const sampleRate of [7999, 96001]) {
      expect(
        await engineError('audio.mixer.create', { mixerId: 'm2', sampleRate, channels: 1, inputs: [] }),
      ).toMatchObject({ code: 'invalid-argument', field: 'sampleRate' });
    }
    expect(
      await engineError('audio.mixer.create', { mixerId: 'm2', sampleRate: 8000, channels: 3, inputs: [] }),
    ).toMatchObject({ code: 'invalid-argument', field: 'channels' });
    expect(await engineError('audio.mixer.release', { mixerId: 'nope' })).toMatchObject({ field: 'mixerId' });
    expect(channel.alive).toBe(true);
  });

  it('is released, and its id is free again', async () => {
    await channel.request('audio.mixer.release', { mixerId: 'bridge' });
    expect(await engineError('audio.mixer.stats', { mixerId: 'bridge' })).toMatchObject({ field: 'mixerId' });
    await channel.request('audio.mixer.create', { mixerId: 'bridge', sampleRate: 8000, channels: 2, inputs: [] });
    await channel.request('audio.mixer.release', { mixerId: 'bridge' });
  });
});

describe('a G.711 leg: codec preferences and DTMF both ways', () => {
  let pair: PeerPair;
  let tx: string;

  beforeAll(async () => {
    await Daily.init();
    channel = await engineHost.ensure();
    const mic = Daily.createMicrophoneDevice('leg-mic', { sampleRate: 8000, channels: 1 });
    pair = await connectPair(async ({ sender }) => {
      tx = (await sender.addTrack(mic.trackId)).transceiverId;
      expect(await sender.setCodecPreferences(tx, ['pcmu', 'PCMA', 'Telephone-Event'])).toEqual([
        'PCMU',
        'PCMA',
        'telephone-event',
      ]);
    });
  });

  afterAll(async () => {
    await Daily.deinit();
  });

  it('offers only PCMU, PCMA and telephone-event, in that order', async () => {
    const { local } = await channel.request('pc.localDescription', { pcId: pair.sender.id });
    const sdp = local!.sdp;
    const mline = /^m=audio \d+ \S+ ([\d ]+)$/m.exec(sdp)![1].split(' ');
    const names = mline.map((pt) => new RegExp(`^a=rtpmap:${pt} ([^/]+)/`, 'm').exec(sdp)?.[1] ?? `static ${pt}`);
    expect(new Set(names)).toEqual(new Set(['PCMU', 'PCMA', 'telephone-event']));
    expect(names[0]).toBe('PCMU');
    expect(sdp).not.toMatch(/opus/i);
  });

  it('refuses an unknown codec name, naming its index', async () => {
    expect(
      await engineError('pc.setCodecPreferences', {
        pcId: pair.sender.id,
        transceiverId: tx,
        codecs: ['PCMU', 'G729'],
      }),
    ).toMatchObject({ code: 'invalid-argument', field: 'codecs[1]' });
    expect(
      await engineError('pc.setCodecPreferences', { pcId: pair.sender.id, transceiverId: tx, codecs: 'PCMU' }),
    ).toMatchObject({ code: 'invalid-argument', field: 'codecs' });
  });

  it('reports each digit received as telephone-events once, in order, with its duration', async () => {
    const digits: { tone: string; durationMs: number }[] = [];
    pair.receiver.on('dtmf', (e) => digits.push({ tone: e.tone, durationMs: e.durationMs }));
    await pair.sender.insertDtmf(tx, '1#9', { durationMs: 120, interToneGapMs: 80 });
    await waitFor('three digits', () => digits.length >= 3, 5000);
    await new Promise((r) => setTimeout(r, 300)); // a repeated end packet would show up as a fourth
    expect(digits.map((d) => d.tone)).toEqual(['1', '#', '9']);
    for (const d of digits) {
      expect(d.durationMs).toBeGreaterThanOrEqual(100);
      expect(d.durationMs).toBeLessThan(200);
    }
  });
});
