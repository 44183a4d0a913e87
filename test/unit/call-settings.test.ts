/** Settings of the call API: checks, merging, and what reaches the server. */
import { describe, expect, it } from 'vitest';

import { withOpusCaptureRate } from '../../src/call/sfu-media/sdp-capture-rate';
import { withOpusFrameDuration } from '../../src/call/sfu-media/sdp-frame-duration';
import { withOpusStereo } from '../../src/call/sfu-media/sdp-stereo';
import { nextNetworkStats, emptyNetworkStats, qualityOf, thresholdOf } from '../../src/call/sfu-media/network-stats';
import { checkIceConfig, peerConfig } from '../../src/call/settings/ice-config';
import { checkInputsUpdate, defaultInputs, mergeInputs, microphoneProcessing } from '../../src/call/settings/inputs';
import {
  audioSendParameters,
  checkPublishingUpdate,
  defaultPublishing,
  mergePublishing,
  videoEncodings,
} from '../../src/call/settings/publishing';
import {
  checkParticipantSubscriptionsUpdate,
  checkProfilesExist,
  checkProfilesUpdate,
  defaultProfiles,
  effectiveMedia,
  mergeParticipantSubscriptions,
  mergeProfiles,
  toTrackSubscriptions,
} from '../../src/call/settings/subscriptions';
import { parseProxyUrl } from '../../src/transport/http-connect-proxy';

const ID = '0b6a3f0e-1111-4a4a-9999-123456789abc';

describe('inputs', () => {
  it('merges updates: false switches off, a given settings replaces the old one', () => {
    const on = mergeInputs(
      defaultInputs(),
      checkInputsUpdate({ microphone: { isEnabled: true, settings: { deviceId: 'mic' } } }, 'inputSettings'),
    );
    expect(on.microphone).toEqual({ isEnabled: true, settings: { deviceId: 'mic' } });
    const off = mergeInputs(on, checkInputsUpdate({ microphone: false }, 'inputSettings'));
    expect(off.microphone).toEqual({ isEnabled: false, settings: { deviceId: 'mic' } });
    const custom = mergeInputs(
      off,
      checkInputsUpdate({ microphone: { settings: { customTrack: { id: 'abc' } } } }, 'inputSettings'),
    );
    expect(custom.microphone).toEqual({ isEnabled: false, settings: { customTrack: { id: 'abc' } } });
  });

  it('reads the microphone constraints in the three forms a web developer writes', () => {
    const update = checkInputsUpdate(
      {
        microphone: {
          settings: {
            deviceId: 'mic',
            customConstraints: {
              echoCancellation: { exact: true },
              noiseSuppression: { ideal: true },
              autoGainControl: false,
            },
          },
        },
      },
      'inputSettings',
    );
    const settings = (update.microphone as { settings: { customConstraints: Record<string, unknown> } }).settings;
    expect(microphoneProcessing(settings.customConstraints)).toEqual({
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: false,
    });
    expect(microphoneProcessing({ autoGainControl: true })).toEqual({
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: true,
    });
    expect(microphoneProcessing(undefined).echoCancellation).toBe(false);
  });

  it('names the field of bad input', () => {
    expect(() => checkInputsUpdate({ micro: false }, 'inputSettings')).toThrow(
      'inputSettings.micro: is not a known field',
    );
    expect(() => checkInputsUpdate({ camera: true }, 'inputSettings')).toThrow(
      'inputSettings.camera: must be an object or false',
    );
    expect(() => checkInputsUpdate({ camera: { isEnabled: 'yes' } }, 'inputSettings')).toThrow(
      'inputSettings.camera.isEnabled: must be true or false',
    );
    expect(() =>
      checkInputsUpdate(
        { microphone: { settings: { customConstraints: { echoCancelation: true } } } },
        'inputSettings',
      ),
    ).toThrow(
      'inputSettings.microphone.settings.customConstraints.echoCancelation: is not a constraint a virtual microphone ' +
        'applies (known: echoCancellation, noiseSuppression, autoGainControl)',
    );
    expect(() =>
      checkInputsUpdate(
        { microphone: { settings: { customConstraints: { noiseSuppression: { exact: 'yes' } } } } },
        'inputSettings',
      ),
    ).toThrow(
      'inputSettings.microphone.settings.customConstraints.noiseSuppression: must be true, false, ' +
        '{ exact: boolean } or { ideal: boolean }, got an object',
    );
    expect(() => checkInputsUpdate({ screenVideo: { settings: { deviceId: 'x' } } }, 'inputSettings')).toThrow(
      'inputSettings.screenVideo.settings.deviceId: is not a known field',
    );
  });
});

describe('publishing', () => {
  it('merges object send settings key by key', () => {
    const a = mergePublishing(
      defaultPublishing(),
      checkPublishingUpdate({ microphone: { sendSettings: { bitrate: 24000 } } }, 'p'),
    );
    const b = mergePublishing(
      a,
      checkPublishingUpdate({ microphone: { sendSettings: { channelConfig: 'stereo' } } }, 'p'),
    );
    expect(b.microphone).toEqual({ isPublishing: true, sendSettings: { bitrate: 24000, channelConfig: 'stereo' } });
    expect(audioSendParameters(b.microphone!.sendSettings)).toEqual({
      maxBitrate: 24000,
      stereo: true,
      frameDurationMs: 10,
    });
    expect(audioSendParameters('speech')).toEqual({ stereo: false, frameDurationMs: 10 });
    expect(audioSendParameters('music')).toEqual({ maxBitrate: 128_000, stereo: true, frameDurationMs: 20 });
    expect(audioSendParameters({ frameDurationMs: 20 })).toEqual({ stereo: false, frameDurationMs: 20 });
  });

  it('makes simulcast layers lowest first, capped by maxQuality', () => {
    const layers = videoEncodings({
      maxQuality: 'medium',
      encodings: { low: { maxBitrate: 100_000 }, medium: { maxBitrate: 300_000 }, high: { maxBitrate: 900_000 } },
    });
    expect(layers).toEqual([
      { rid: 'l', active: true, maxBitrate: 100_000, scaleResolutionDownBy: 4 },
      { rid: 'm', active: true, maxBitrate: 300_000, scaleResolutionDownBy: 2 },
      { rid: 'h', active: false, maxBitrate: 900_000, scaleResolutionDownBy: 1 },
    ]);
    expect(videoEncodings({ encodings: [{ quality: 'high', parameters: { maxFramerate: 15 } }] })).toEqual([
      { active: true, maxFramerate: 15 },
    ]);
    expect(videoEncodings({ maxQuality: 'low' })).toBeUndefined();
  });

  it('refuses what the engine cannot do, naming the field', () => {
    expect(() =>
      checkPublishingUpdate({ camera: { sendSettings: { preferredCodec: 'H264' } } }, 'publishingSettings'),
    ).toThrow(/publishingSettings\.camera\.sendSettings\.preferredCodec: "H264" is not available/);
    expect(() => checkPublishingUpdate({ microphone: { sendSettings: 'loud' } }, 'p')).toThrow(
      /p\.microphone\.sendSettings: must be "speech", "music"/,
    );
    expect(() =>
      checkPublishingUpdate({ camera: { sendSettings: { encodings: [{ quality: 'low' }, { quality: 'low' }] } } }, 'p'),
    ).toThrow('p.camera.sendSettings.encodings[1].quality: "low" is given twice');
  });
});

describe('subscriptions', () => {
  it('translates media settings to per-track server settings; custom tracks follow microphone/camera', () => {
    expect(toTrackSubscriptions({ camera: 'unsubscribed', microphone: 'subscribed' })).toEqual({
      microphone: { subscribed: true },
      camera: { subscribed: false },
      screenVideo: { subscribed: false },
      screenAudio: { subscribed: false },
      '*audio': { subscribed: true },
      '*video': { subscribed: false },
    });
    const named = toTrackSubscriptions({
      camera: { subscriptionState: 'subscribed', settings: { maxQuality: 'low' } },
      customAudio: { music: 'subscribed' },
    });
    expect(named.camera).toEqual({ subscribed: true, substream: 0 });
    expect(named.music).toEqual({ subscribed: true });
    expect(named['*audio']).toEqual({ subscribed: false });
  });

  it('a participant follows its profile overlaid with its own media', () => {
    const profiles = mergeProfiles(
      defaultProfiles(),
      checkProfilesUpdate({ quiet: { microphone: 'unsubscribed' } }, 'profileSettings'),
    );
    expect(profiles.quiet).toEqual({ microphone: 'unsubscribed' });
    const subs = mergeParticipantSubscriptions(
      {},
      checkParticipantSubscriptionsUpdate({ [ID]: { profile: 'quiet', media: { camera: 'subscribed' } } }, 'p'),
    );
    expect(effectiveMedia(profiles, subs[ID])).toEqual({ microphone: 'unsubscribed', camera: 'subscribed' });
    expect(() => checkProfilesExist({ [ID]: { profile: 'nope' } }, profiles, 'participantSettings')).toThrow(
      `participantSettings.${ID}.profile: no subscription profile named "nope"`,
    );
    expect(() => checkParticipantSubscriptionsUpdate({ 'not-a-uuid': {} }, 'participantSettings')).toThrow(
      /participantSettings key "not-a-uuid"/,
    );
  });
});

describe('ICE config and proxy URLs', () => {
  it('checks servers and builds the peer connection config', () => {
    const config = checkIceConfig(
      { iceServers: [{ urls: 'turn:10.0.0.1:3478', username: 'u', credential: 'p' }], iceTransportPolicy: 'relay' },
      'iceConfig',
    );
    expect(peerConfig(config)).toEqual({
      iceServers: [{ urls: 'turn:10.0.0.1:3478', username: 'u', credential: 'p' }],
      iceTransportPolicy: 'relay',
    });
    expect(checkIceConfig(null, 'iceConfig')).toBeUndefined();
    expect(() => checkIceConfig({ iceServers: [{ urls: 'http://x' }] }, 'iceConfig')).toThrow(
      'iceConfig.iceServers[0].urls: must be a URL or a list of URLs',
    );
    expect(() =>
      checkIceConfig({ iceServers: [{ urls: 'stun:x' }], iceTransportPolicy: 'relay' }, 'iceConfig'),
    ).toThrow(/iceConfig\.iceTransportPolicy: "relay" needs/);
  });

  it('parses proxy URLs with credentials', () => {
    expect(parseProxyUrl('http://user:pa%20ss@127.0.0.1:3128')).toEqual({
      host: '127.0.0.1',
      port: 3128,
      authorization: `Basic ${Buffer.from('user:pa ss').toString('base64')}`,
      display: 'http://127.0.0.1:3128',
    });
    expect(() => parseProxyUrl('socks5://x:1')).toThrow('proxyUrl: must be an http:// proxy URL');
    expect(() => parseProxyUrl('http://x:1/path')).toThrow(/without a path/);
  });
});

describe('Opus parameters in the answer', () => {
  const answer = [
    'v=0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=mid:0',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=mid:1',
    'a=rtpmap:111 opus/48000/2',
    '',
  ].join('\r\n');

  it('adds stereo to the chosen m-lines only, creating the fmtp line when absent', () => {
    const out = withOpusStereo(answer, new Set(['0', '1']));
    expect(out).toContain('a=fmtp:111 minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1\r\n');
    expect(out).toContain('a=rtpmap:111 opus/48000/2\r\na=fmtp:111 stereo=1;sprop-stereo=1\r\n');
    expect(withOpusStereo(answer, new Set(['1']))).toContain('a=fmtp:111 minptime=10;useinbandfec=1\r\n');
  });

  it("writes each m-line's capture rate, replacing an earlier one and keeping stereo", () => {
    const once = withOpusCaptureRate(withOpusStereo(answer, new Set(['0'])), new Map([['0', 48000]]));
    const out = withOpusCaptureRate(
      once,
      new Map([
        ['0', 16000],
        ['1', 22050],
      ]),
    );
    expect(out).toContain(
      'a=fmtp:111 minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1;sprop-maxcapturerate=16000\r\n',
    );
    expect(out).not.toContain('sprop-maxcapturerate=48000');
    expect(out).toContain('a=rtpmap:111 opus/48000/2\r\na=fmtp:111 sprop-maxcapturerate=22050\r\n');
    expect(withOpusCaptureRate(answer, new Map())).toBe(answer);
  });

  it('sets the frame duration (a=ptime) on the chosen m-lines, replacing ptime and maxptime', () => {
    const framed = answer.replace('a=mid:1\r\n', 'a=mid:1\r\na=maxptime:60\r\na=ptime:20\r\n');
    const out = withOpusFrameDuration(framed, new Map([['1', 10]]));
    expect(out.split('m=audio')[2]).toContain('a=rtpmap:111 opus/48000/2\r\na=ptime:10\r\n');
    expect(out).not.toMatch(/ptime:(20|60)/);
    expect(out.split('m=audio')[1]).not.toMatch(/^a=ptime/m);
  });
});

describe('network stats', () => {
  it('rates quality from loss and round-trip time', () => {
    expect(qualityOf(0, 20)).toBe(100);
    expect(qualityOf(0.05, 20)).toBe(80);
    expect(qualityOf(0, 450)).toBe(70);
    expect([thresholdOf(90), thresholdOf(50), thresholdOf(10)]).toEqual(['good', 'low', 'veryLow']);
    const stats = nextNetworkStats(emptyNetworkStats(), undefined, {
      timestampMs: 0,
      intervalMs: 2000,
      summary: {
        sendBitsPerSecond: 0,
        receiveBitsPerSecond: 40_000,
        audioSendBitsPerSecond: 0,
        audioRecvBitsPerSecond: 40_000,
        videoSendBitsPerSecond: 0,
        videoRecvBitsPerSecond: 0,
        totalSendPacketLoss: 0,
        totalRecvPacketLoss: 0.2,
        videoSendPacketLoss: 0,
        videoRecvPacketLoss: 0,
      },
      candidatePair: {},
      outbound: [],
      inbound: [],
    });
    expect(stats).toMatchObject({ quality: 20, threshold: 'veryLow', previousThreshold: 'good' });
    expect(stats.stats.latest.receiveBitsPerSecond).toBe(40_000);
  });
});
