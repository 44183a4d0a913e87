/**
 * Audio through two peer connections in one engine, over the namespace's veth
 * address: what is written into a microphone or custom source is heard at the
 * other side's speaker and renderers, at the right frequency and level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AudioRenderer, CustomAudioSource, CustomAudioTrack, Daily } from '../../src';
import type { AudioData } from '../../src';
import type { RemoteTrackEvent } from '../../src/media/peer/peer-connection';
import { afterOnset, channelSamples, toneAmplitude, zeroCrossingFrequency } from '../helpers/audio';
import { tone } from '../helpers/audio';
import { connectPair, type PeerPair } from '../helpers/peer-pair';
import { waitFor } from '../helpers/process';

/** Collects `ms` of audio from a renderer, after its first loud sample. */
async function collect(renderer: AudioRenderer, ms: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let got = 0;
  for await (const data of renderer as AsyncIterable<AudioData>) {
    chunks.push(data.audioFrames);
    got += (data.numAudioFrames * 1000) / data.sampleRate;
    if (got >= ms) break;
  }
  return Buffer.concat(chunks);
}

describe('microphone to speaker and renderer', () => {
  const tracks: RemoteTrackEvent[] = [];
  let pair: PeerPair;
  let micTrackId: string;
  let tx: string;
  const toneWrites: Promise<number>[] = [];

  beforeAll(async () => {
    await Daily.init();
    const mic = Daily.createMicrophoneDevice('bot-mic', { sampleRate: 16000, channels: 1 });
    micTrackId = mic.trackId;
    Daily.createSpeakerDevice('bot-speaker', { sampleRate: 24000, channels: 1 });
    await Daily.selectSpeakerDevice('bot-speaker');
    pair = await connectPair(async ({ sender, receiver }) => {
      tx = (await sender.addTrack(mic.trackId)).transceiverId;
      receiver.on('track', (e) => tracks.push(e));
    });
    // 6 s of 440 Hz at amplitude 0.30, written ahead: the engine paces it.
    toneWrites.push(mic.writeFrames(tone(440, 6000, 16000, 0.3)));
  });

  afterAll(async () => {
    await Daily.deinit();
  });

  it('announces the remote track with the sender track id', () => {
    expect(tracks).toHaveLength(1);
    expect(tracks[0]).toMatchObject({ kind: 'audio', mid: '0', remoteTrackId: micTrackId });
    expect(tracks[0].trackId).toBe(`remote:${pair.receiver.id}:0`);
    expect(pair.receiver.remoteTracks.has(tracks[0].trackId)).toBe(true);
  });

  it('plays a 440 Hz tone at the selected speaker at its own rate, at the level written', async () => {
    const speaker = Daily.createSpeakerDevice('probe', { sampleRate: 24000 });
    await Daily.selectSpeakerDevice('probe');
    await speaker.readFrames(12000); // let the tone settle past the jitter buffer start
    const samples = channelSamples(await speaker.readFrames(24000));
    expect(zeroCrossingFrequency(samples, 24000)).toBeCloseTo(440, 0);
    expect(toneAmplitude(samples, 440, 24000)).toBeGreaterThan(0.285);
    expect(toneAmplitude(samples, 440, 24000)).toBeLessThan(0.315);
  });

  it('delivers the same tone to an audio renderer on the remote track, resampled to 48 kHz', async () => {
    const renderer = await AudioRenderer.start(tracks[0].trackId, { sampleRate: 48000, callbackIntervalMs: 50 });
    const samples = afterOnset(channelSamples(await collect(renderer, 1000)), 0.05, 4800);
    await renderer.stop();
    expect(samples.length).toBeGreaterThan(30000);
    expect(zeroCrossingFrequency(samples, 48000)).toBeCloseTo(440, 0);
    expect(toneAmplitude(samples, 440, 48000)).toBeGreaterThan(0.285);
    expect(toneAmplitude(samples, 440, 48000)).toBeLessThan(0.315);
  });

  it('reports sane RTT and bitrates in stats', async () => {
    await pair.sender.getStats();
    await pair.receiver.getStats();
    await new Promise((r) => setTimeout(r, 1000));
    const sent = await pair.sender.getStats();
    const received = await pair.receiver.getStats();
    expect(sent.intervalMs).toBeGreaterThan(900);
    // Opus voice: tens of kbit/s.
    expect(sent.summary.sendBitsPerSecond).toBeGreaterThan(15_000);
    expect(sent.summary.sendBitsPerSecond).toBeLessThan(150_000);
    expect(received.summary.receiveBitsPerSecond).toBeGreaterThan(15_000);
    expect(received.summary.receiveBitsPerSecond).toBeLessThan(150_000);
    expect(sent.summary.roundTripTimeMs).toBeGreaterThanOrEqual(0);
    expect(sent.summary.roundTripTimeMs).toBeLessThan(50);
    expect(sent.outbound[0]).toMatchObject({ kind: 'audio', trackId: micTrackId });
    expect(received.inbound[0]).toMatchObject({ kind: 'audio', trackId: tracks[0].trackId, packetsLost: 0 });
    expect(received.inbound[0].packetsReceived).toBeGreaterThan(50);
    expect(received.summary.totalRecvPacketLoss).toBe(0);
  });

  it('caps the audio send bitrate with setEncodings', async () => {
    expect(await pair.sender.setEncodings(tx, [{ maxBitrate: 16000 }])).toEqual([{ active: true, maxBitrate: 16000 }]);
    await new Promise((r) => setTimeout(r, 300));
    await pair.sender.getStats();
    await new Promise((r) => setTimeout(r, 1000));
    const capped = await pair.sender.getStats();
    // 16 kbit/s of Opus plus RTP headers, down from about 44 kbit/s.
    expect(capped.outbound[0].targetBitrate).toBe(16000);
    expect(capped.summary.sendBitsPerSecond).toBeLessThan(30_000);
    await pair.sender.setEncodings(tx, [{ maxBitrate: 64000 }]);
  });

  it('sends DTMF and reports each tone as it is sent', async () => {
    const tones: string[] = [];
    pair.sender.on('dtmf-tone', (e) => tones.push(e.tone));
    await pair.sender.insertDtmf(tx, '1#', { durationMs: 100, interToneGapMs: 50 });
    await waitFor('the end of the DTMF tones', () => tones.includes(''), 5000);
    expect(tones).toEqual(['1', '#', '']);
  });

  it('finishes the blocking write once the 6 s tone has played', async () => {
    expect(await toneWrites[0]).toBe(96000);
  });
});

describe('custom audio tracks', () => {
  afterAll(async () => {
    await Daily.deinit();
  });

  it('arrive as separate remote tracks, unmixed (48 kHz mono and 44.1 kHz stereo sources)', async () => {
    await Daily.init();
    const low = new CustomAudioSource(48000, 1);
    const high = new CustomAudioSource(44100, 2);
    const lowTrack = new CustomAudioTrack(low);
    const highTrack = new CustomAudioTrack(high);
    const tracks: RemoteTrackEvent[] = [];
    await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack(lowTrack.id);
      await sender.addTrack(highTrack.id);
      receiver.on('track', (e) => tracks.push(e));
    });
    low.writeFrames(tone(440, 4000, 48000, 0.3)).catch(() => undefined);
    high.writeFrames(tone(1000, 4000, 44100, 0.3, 2)).catch(() => undefined);
    expect(tracks.map((t) => t.remoteTrackId).sort()).toEqual([lowTrack.id, highTrack.id].sort());
    const byId = new Map(tracks.map((t) => [t.remoteTrackId, t.trackId]));
    const [lowRenderer, highRenderer] = await Promise.all([
      AudioRenderer.start(byId.get(lowTrack.id)!, { sampleRate: 16000, callbackIntervalMs: 100 }),
      AudioRenderer.start(byId.get(highTrack.id)!, { sampleRate: 16000, callbackIntervalMs: 100 }),
    ]);
    const [lowAudio, highAudio] = await Promise.all([collect(lowRenderer, 1500), collect(highRenderer, 1500)]);
    const lowSamples = afterOnset(channelSamples(lowAudio), 0.05, 1600);
    const highSamples = afterOnset(channelSamples(highAudio), 0.05, 1600);
    expect(toneAmplitude(lowSamples, 440, 16000)).toBeGreaterThan(0.28);
    expect(toneAmplitude(lowSamples, 1000, 16000)).toBeLessThan(0.01);
    expect(toneAmplitude(highSamples, 1000, 16000)).toBeGreaterThan(0.28);
    expect(toneAmplitude(highSamples, 440, 16000)).toBeLessThan(0.01);
  });
});
