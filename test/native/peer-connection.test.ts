/**
 * Peer connection control beyond the basic call: trickle ICE (candidates held
 * until the remote description), allowed interfaces and address prefixes,
 * a recvonly offer answered by attaching a track (replaceTrack, setDirection),
 * encoder settings and simulcast layers, video tracks from the track registry,
 * and closing (remote tracks and their renderers end).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AudioRenderer, CustomAudioSource, CustomAudioTrack, Daily } from '../../src';
import { PeerConnection, type IceCandidate, type RemoteTrackEvent } from '../../src/media/peer/peer-connection';
import { VideoRenderer } from '../../src/media/video/video-renderer';
import { channelSamples, tone, toneAmplitude } from '../helpers/audio';
import { connectPair } from '../helpers/peer-pair';
import { waitFor } from '../helpers/process';
import { startTurnServer } from '../helpers/turn-server';

beforeAll(async () => {
  await Daily.init();
});

afterAll(async () => {
  await Daily.deinit();
});

const hostCandidates = (sdp: string): string[] =>
  sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:') && l.includes(' host '));

describe('ICE', () => {
  it('connects with trickled candidates, including ones that arrive before the remote description', async () => {
    const source = new CustomAudioSource(16000, 1);
    const track = new CustomAudioTrack(source);
    const a = await PeerConnection.create();
    const b = await PeerConnection.create();
    const fromA: IceCandidate[] = [];
    const fromB: IceCandidate[] = [];
    a.on('ice-candidate', (c) => fromA.push(c));
    b.on('ice-candidate', (c) => fromB.push(c));
    await a.addTrack(track.id);
    const offer = await a.setLocalDescription();
    await waitFor('candidates from A', () => a.iceGatheringState === 'complete' && fromA.length > 0, 5000);
    // Before B has any remote description: held, then added.
    for (const c of fromA) await b.addIceCandidate(c);
    await b.setRemoteDescription(offer);
    const answer = await b.setLocalDescription();
    await a.setRemoteDescription(answer);
    await waitFor('candidates from B', () => b.iceGatheringState === 'complete' && fromB.length > 0, 5000);
    for (const c of fromB) await a.addIceCandidate(c);
    await a.addIceCandidate({ candidate: '', sdpMid: '0' }); // end of candidates
    await Promise.all([a.waitForConnectionState('connected'), b.waitForConnectionState('connected')]);
    expect(fromA.every((c) => c.candidate.startsWith('candidate:') && c.sdpMid === '0')).toBe(true);
    await a.close();
    await b.close();
  });

  it('gathers only on allowed interfaces and address prefixes', async () => {
    const gathered = async (config: object): Promise<string[]> => {
      const pc = await PeerConnection.create(config);
      await pc.addTransceiver('audio');
      const offer = await pc.setLocalDescription(undefined, { waitForGathering: true });
      expect(offer.gatheringComplete).toBe(true);
      await pc.close();
      return hostCandidates(offer.sdp);
    };
    const mediaIp = process.env.DAILY_NODE_MEDIA_IP ?? '10.77.0.1';
    expect((await gathered({})).some((c) => c.includes(mediaIp))).toBe(true);
    expect((await gathered({ allowedInterfaces: ['dn0'] })).some((c) => c.includes(mediaIp))).toBe(true);
    expect(await gathered({ allowedInterfaces: ['no-such-if0'] })).toEqual([]);
    expect((await gathered({ allowedAddressPrefixes: ['10.77.0.0/24'] })).some((c) => c.includes(mediaIp))).toBe(true);
    expect(await gathered({ allowedAddressPrefixes: ['192.168.0.0/16'] })).toEqual([]);
  });
});

describe('TURN', () => {
  it('relays through a TURN server with credentials when the policy is relay; a wrong credential gathers nothing', async () => {
    const ip = process.env.DAILY_NODE_MEDIA_IP ?? '10.77.0.1';
    const turn = await startTurnServer(ip);
    try {
      const iceServers = [{ urls: [turn.url], username: turn.username, credential: turn.credential }];
      const source = new CustomAudioSource(16000, 1);
      const track = new CustomAudioTrack(source);
      const wrong = await PeerConnection.create({
        iceServers: [{ ...iceServers[0], credential: 'wrong' }],
        iceTransportPolicy: 'relay',
      });
      await wrong.addTrack(track.id);
      const refused = await wrong.setLocalDescription(undefined, { waitForGathering: true });
      expect(refused.sdp).not.toMatch(/a=candidate:/);
      await wrong.close();

      const a = await PeerConnection.create({ iceServers, iceTransportPolicy: 'relay' });
      const b = await PeerConnection.create({ iceServers, iceTransportPolicy: 'relay' });
      const heard: RemoteTrackEvent[] = [];
      b.on('track', (e) => heard.push(e));
      await a.addTrack(track.id);
      const offer = await a.setLocalDescription(undefined, { waitForGathering: true });
      const candidates = offer.sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
      expect(candidates.length).toBeGreaterThan(0);
      expect(candidates.every((c) => c.includes(' typ relay '))).toBe(true);
      await b.setRemoteDescription(offer);
      await a.setRemoteDescription(await b.setLocalDescription(undefined, { waitForGathering: true }));
      await Promise.all([a.waitForConnectionState('connected'), b.waitForConnectionState('connected')]);
      source.writeFrames(tone(440, 2000, 16000)).catch(() => undefined);
      const renderer = await AudioRenderer.start(heard[0].trackId, { callbackIntervalMs: 500 });
      const it = renderer[Symbol.asyncIterator]();
      await it.next();
      expect(toneAmplitude(channelSamples((await it.next()).value.audioFrames), 440, 16000)).toBeGreaterThan(0.28);
      await a.close();
      await b.close();
    } finally {
      await turn.stop();
    }
  });
});

describe('transceivers', () => {
  it('answers a recvonly offer by attaching a track, and swaps tracks without renegotiating', async () => {
    const low = new CustomAudioSource(16000, 1);
    const high = new CustomAudioSource(16000, 1);
    const lowTrack = new CustomAudioTrack(low);
    const highTrack = new CustomAudioTrack(high);
    low.writeFrames(tone(440, 8000, 16000)).catch(() => undefined);
    high.writeFrames(tone(1000, 8000, 16000)).catch(() => undefined);

    // The bot offers to receive only (as a subscriber); the other side sends.
    const bot = await PeerConnection.create();
    const peer = await PeerConnection.create();
    const heard: RemoteTrackEvent[] = [];
    bot.on('track', (e) => heard.push(e));
    const recv = await bot.addTransceiver('audio');
    const offer = await bot.setLocalDescription(undefined, { waitForGathering: true });
    expect(offer.sdp).toMatch(/a=recvonly/);
    const [remoteTx] = await peer.setRemoteDescription(offer);
    expect(remoteTx).toMatchObject({ kind: 'audio', mid: '0', direction: 'recvonly', localTrackId: null });
    await peer.replaceTrack(remoteTx.transceiverId, lowTrack.id);
    await peer.setDirection(remoteTx.transceiverId, 'sendonly');
    const answer = await peer.setLocalDescription(undefined, { waitForGathering: true });
    expect(answer.transceivers[0]).toMatchObject({ localTrackId: lowTrack.id, currentDirection: 'sendonly' });
    await bot.setRemoteDescription(answer);
    await bot.waitForConnectionState('connected');
    expect(heard).toHaveLength(1);
    expect((await bot.transceivers())[0]).toMatchObject({
      transceiverId: recv.transceiverId,
      remoteTrackId: heard[0].trackId,
    });

    const renderer = await AudioRenderer.start(heard[0].trackId, { callbackIntervalMs: 500 });
    const it = renderer[Symbol.asyncIterator]();
    await it.next();
    const before = channelSamples((await it.next()).value.audioFrames);
    expect(toneAmplitude(before, 440, 16000)).toBeGreaterThan(0.28);

    await peer.replaceTrack(remoteTx.transceiverId, highTrack.id);
    await it.next();
    const after = channelSamples((await it.next()).value.audioFrames);
    expect(toneAmplitude(after, 1000, 16000)).toBeGreaterThan(0.28);
    expect(toneAmplitude(after, 440, 16000)).toBeLessThan(0.01);

    // No track: the sender goes quiet, without renegotiation.
    await peer.replaceTrack(remoteTx.transceiverId, null);
    expect((await peer.transceivers())[0].localTrackId).toBeNull();
    await it.next();
    const none = channelSamples((await it.next()).value.audioFrames);
    expect(toneAmplitude(none, 1000, 16000)).toBeLessThan(0.02);

    // Closing the receiving side ends its remote tracks and their renderers.
    const ended = new Promise((resolve) => renderer.onEnded(resolve));
    await bot.close();
    expect(await ended).toBe('track-removed');
    expect(bot.remoteTracks.size).toBe(0);
    await peer.close();
  });

  it('addTrack on the answering side reuses the offered transceiver, so audio flows both ways', async () => {
    const a = new CustomAudioTrack(new CustomAudioSource(16000, 1));
    const b = new CustomAudioTrack(new CustomAudioSource(16000, 1));
    const atSender: RemoteTrackEvent[] = [];
    const atReceiver: RemoteTrackEvent[] = [];
    const { sender, receiver } = await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack(a.id);
      await receiver.addTrack(b.id); // before the offer arrives
      sender.on('track', (e) => atSender.push(e));
      receiver.on('track', (e) => atReceiver.push(e));
    });
    expect(atReceiver.map((e) => e.remoteTrackId)).toEqual([a.id]);
    expect(atSender.map((e) => e.remoteTrackId)).toEqual([b.id]);
    const tx = await receiver.transceivers();
    expect(tx).toHaveLength(1);
    expect(tx[0]).toMatchObject({ mid: '0', currentDirection: 'sendrecv', localTrackId: b.id });
    await sender.close();
    await receiver.close();
  });

  it('sets audio bitrate, video simulcast layers, degradation preference and start bitrate', async () => {
    const mic = Daily.createMicrophoneDevice('enc-mic', { sampleRate: 48000 });
    const camera = Daily.createCameraDevice('enc-cam', 640, 480);
    const pc = await PeerConnection.create();
    const audio = await pc.addTrack(mic.trackId, { sendEncodings: [{ maxBitrate: 24000 }] });
    const video = await pc.addTrack(camera.trackId, {
      sendEncodings: [
        { rid: 'h', maxBitrate: 900_000 },
        { rid: 'm', maxBitrate: 300_000, scaleResolutionDownBy: 2 },
        { rid: 'l', maxBitrate: 100_000, scaleResolutionDownBy: 4, maxFramerate: 15 },
      ],
    });
    expect(video.kind).toBe('video');
    expect((await pc.getEncodings(audio.transceiverId)).encodings).toEqual([{ active: true, maxBitrate: 24000 }]);
    expect(await pc.setEncodings(audio.transceiverId, [{ maxBitrate: 16000 }])).toEqual([
      { active: true, maxBitrate: 16000 },
    ]);
    const layers = await pc.setEncodings(
      video.transceiverId,
      [{ rid: 'l', active: false }, { rid: 'm' }, { rid: 'h' }],
      {
        degradationPreference: 'maintain-resolution',
      },
    );
    expect(layers.map((l) => [l.rid, l.active, l.scaleResolutionDownBy ?? 1])).toEqual([
      ['h', true, 1],
      ['m', true, 2],
      ['l', false, 4],
    ]);
    expect((await pc.getEncodings(video.transceiverId)).degradationPreference).toBe('maintain-resolution');
    await expect(pc.setEncodings(video.transceiverId, [{ rid: 'h' }])).rejects.toThrow(
      /this sender has 3 encoding\(s\)/,
    );
    await pc.setBitrate({ startBitrateBps: 1_000_000, maxBitrateBps: 2_000_000 });
    const offer = await pc.createOffer();
    expect(offer.sdp).toMatch(/a=simulcast:send h;m;~l|a=simulcast:send h;m;l/);
    await pc.close();
  });

  it('carries a video track of the registry to a remote video track', async () => {
    const camera = Daily.createCameraDevice('pc-cam', 320, 240);
    const remote: RemoteTrackEvent[] = [];
    const { sender, receiver } = await connectPair(async ({ sender, receiver }) => {
      await sender.addTrack(camera.trackId);
      receiver.on('track', (e) => remote.push(e));
    });
    expect(remote[0]).toMatchObject({ kind: 'video', remoteTrackId: camera.trackId });
    const frames: { width: number; height: number }[] = [];
    const renderer = new VideoRenderer(remote[0].trackId, (f) => frames.push(f));
    await renderer.ready();
    const frame = Buffer.alloc(320 * 240 * 4, 128);
    const timer = setInterval(() => camera.writeFrame(frame), 33);
    try {
      await waitFor('video frames through the peer connection', () => frames.length >= 3, 10_000);
    } finally {
      clearInterval(timer);
    }
    expect(frames[frames.length - 1]).toMatchObject({ width: 320, height: 240 });
    await renderer.release();
    await sender.close();
    await receiver.close();
  });
});
