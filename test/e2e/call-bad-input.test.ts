/**
 * Bad input for every CallClient method: a clear error naming the field,
 * thrown at once, with nothing applied; calls in the wrong state fail through
 * the completion / Promise; the process and the client stay usable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CallClient,
  CallClientError,
  CustomAudioSource,
  CustomAudioTrack,
  Daily,
  EventHandler,
  InvalidArgumentError,
} from './helpers/sdk';

const ID = '0b6a3f0e-1111-4a4a-9999-123456789abc';
let client: CallClient;

beforeAll(async () => {
  await Daily.init();
  client = new CallClient();
});

afterAll(async () => {
  await client.release().catch(() => undefined);
  await Daily.deinit();
});

/** Expects `fn` to throw an InvalidArgumentError for `field` whose message matches. */
function refuses(fn: () => unknown, field: string, message?: RegExp | string): void {
  let error: unknown;
  try {
    fn();
  } catch (err) {
    error = err;
  }
  expect(error, `expected an error for ${field}`).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).field).toBe(field);
  if (message) expect((error as Error).message).toMatch(message);
}

describe('constructor', () => {
  it('takes only an EventHandler', () => {
    refuses(() => new CallClient({ onError() {} } as never), 'eventHandler', 'should be a subclass of `EventHandler`');
    expect(new CallClient(new (class extends EventHandler {})())).toBeInstanceOf(CallClient);
  });
});

describe('every method refuses bad arguments, naming the field', () => {
  const track = (): CustomAudioTrack => new CustomAudioTrack(new CustomAudioSource(16000, 1));

  it('join', () => {
    refuses(
      () => client.join('http://h/room', 'a-token' as never),
      'options',
      /pass a meeting token as \{ meetingToken: token \}/,
    );
    refuses(() => client.join(42 as never), 'meetingUrl', /must be a string/);
    refuses(() => client.join('http://h/a/b'), 'meetingUrl', /exactly one path segment/);
    refuses(() => client.join('http://h/room', { meetingToken: 7 } as never), 'meetingToken', /must be a string/);
    refuses(
      () =>
        client.join('http://h/room', {
          clientSettings: { inputs: { microphone: { settings: { deviceId: 'nope' } } } },
        }),
      'clientSettings.inputs.microphone.settings.deviceId',
      /no virtual microphone named 'nope'/,
    );
    refuses(
      () => client.join('http://h/room', { clientSettings: { publishing: { camera: { isPublishing: 1 } } } } as never),
      'clientSettings.publishing.camera.isPublishing',
    );
    refuses(() => client.join('http://h/room', { clientSettings: { extra: 1 } } as never), 'clientSettings.extra');
    refuses(() => client.join('http://h/room', {}, 'done' as never), 'completion');
    expect(client.callState()).toBe('initialized');
  });

  it('inputs, publishing, subscriptions, profiles', () => {
    refuses(() => client.updateInputs(null as never), 'inputSettings');
    refuses(
      () => client.updateInputs({ camera: { settings: { customTrack: { id: 'missing' } } } }),
      'inputSettings.camera.settings.customTrack.id',
      /no custom video track/,
    );
    const audio = track();
    refuses(
      () => client.updateInputs({ camera: { settings: { customTrack: { id: audio.id } } } }),
      'inputSettings.camera.settings.customTrack.id',
      /is a audio track; camera needs a video track/,
    );
    refuses(
      () => client.updatePublishing({ microphone: { sendSettings: { bitrate: 1 } } }),
      'publishingSettings.microphone.sendSettings.bitrate',
      /must be at least 6000/,
    );
    refuses(
      () => client.updateSubscriptions({ participantSettings: { [ID]: { profile: 'ghost' } } }),
      `participantSettings.${ID}.profile`,
      /no subscription profile named "ghost"/,
    );
    refuses(() => client.updateSubscriptions({ participants: {} } as never), 'options.participants');
    refuses(
      () => client.updateSubscriptionProfiles({ base: { camera: 'maybe' } } as never),
      'profileSettings.base.camera',
    );
    // Nothing of the refused updates was applied.
    expect(client.inputs().camera).toEqual({ isEnabled: true, settings: {} });
    expect(client.subscriptions()).toEqual({});
    expect(client.subscriptionProfiles().base?.camera).toBe('subscribed');
  });

  it('custom tracks', () => {
    refuses(() => client.addCustomAudioTrack('microphone', track()), 'trackName', /standard track/);
    refuses(() => client.addCustomAudioTrack('bad name!', track()), 'trackName');
    refuses(() => client.addCustomAudioTrack('music', {} as never), 'audioTrack', /must be a CustomAudioTrack/);
    const notBoolean = { ignoreAudioLevel: 'yes' } as never;
    refuses(() => client.addCustomAudioTrack('music', track(), notBoolean), 'ignoreAudioLevel', /true, false or null/);
    refuses(() => client.updateCustomAudioTrack('nothing', track()), 'trackName', /no custom track named 'nothing'/);
    refuses(() => client.removeCustomVideoTrack('nothing'), 'trackName');
    refuses(() => client.addCustomVideoTrack('v', track() as never), 'videoTrack', /must be a CustomVideoTrack/);
  });

  it('renderers and audio frames', () => {
    refuses(() => client.setAudioRenderer('someone', () => undefined), 'participantId', /UUID/);
    refuses(() => client.setAudioRenderer(ID, 'cb' as never), 'callback');
    refuses(() => client.setAudioRenderer(ID, () => undefined, { sampleRate: 7999 }), 'sampleRate');
    refuses(
      () => client.setAudioRenderer(ID, () => undefined, { callbackIntervalMs: 15 }),
      'callbackIntervalMs',
      /multiple of 10/,
    );
    refuses(() => client.setAudioRenderer(ID, () => undefined, { audioSource: '' }), 'audioSource');
    refuses(
      () => client.setAudioRenderer(ID, () => undefined, { loggingIntervalMs: 50 }),
      'loggingIntervalMs',
      /0 \(no log line\) or at least 100 ms/,
    );
    refuses(() => client.setVideoRenderer(ID, () => undefined, { loggingIntervalMs: -1 }), 'loggingIntervalMs');
    refuses(
      () => client.setVideoRenderer(ID, () => undefined, { colorFormat: 'YUV' }),
      'colorFormat',
      "invalid color format 'YUV'",
    );
    refuses(
      () => client.setVideoRenderer(ID, () => undefined, { video_source: 'camera' } as never),
      'options.video_source',
    );
    refuses(() => client.audioFrames(ID, { maxQueued: 0 }), 'maxQueued');
    refuses(
      () => client.setVideoRenderer(ID, () => undefined, 'BGRA' as never),
      'options',
      /setVideoRenderer takes its options as an object/,
    );
    refuses(() => client.setAudioRenderer(ID, () => undefined, 16000 as never), 'options');
    refuses(() => client.audioFrames(ID, { interval_ms: 20 } as never), 'options.interval_ms');
  });

  it('messages, permissions, remote control', () => {
    refuses(() => client.sendAppMessage(null), 'message', "invalid app message 'null'");
    refuses(() => client.sendAppMessage('x', { participantId: 'x' }), 'participantId', "invalid participant ID 'x'");
    refuses(() => client.sendPrebuiltChatMessage(5 as never), 'message');
    refuses(() => client.updatePermissions({ canSend: ['teleport'] } as never), 'permissions.canSend[0]');
    refuses(() => client.updatePermissions({ hasPresence: 'no' } as never), 'permissions.hasPresence');
    refuses(() => client.updateRemoteParticipants({ nobody: {} } as never), 'remoteParticipants key "nobody"');
    refuses(
      () => client.updateRemoteParticipants({ [ID]: { inputsEnabled: { camera: 'off' } } } as never),
      `remoteParticipants.${ID}.inputsEnabled.camera`,
    );
    refuses(() => client.ejectRemoteParticipants([]), 'ids', /at least 1 item/);
  });

  it('network settings', () => {
    refuses(() => client.setProxyUrl('https://proxy:8443'), 'proxyUrl', /http:\/\//);
    refuses(() => client.setIceConfig({ iceServers: 'turn:x' } as never), 'iceConfig.iceServers');
    refuses(() => client.setIceConfig({ iceServers: [], placement: 'middle' } as never), 'iceConfig.placement');
    refuses(() => client.setUserName(undefined as never), 'userName');
  });

  it('services', () => {
    refuses(() => client.startRecording({ stream_id: 'x' } as never), 'options.stream_id');
    refuses(() => client.updateRecording(null as never), 'updateSettings');
    refuses(() => client.startLiveStreamWithEndpoints([]), 'endpoints');
    refuses(() => client.stopDialout(undefined as never), 'participantId');
    refuses(() => client.sendDtmf('1' as never), 'settings');
  });
});

describe('calls in the wrong state fail through the completion', () => {
  it('before joining', async () => {
    await expect(client.leave()!).rejects.toMatchObject({ name: 'CallClientError', code: 'not-joined' });
    await expect(client.sendAppMessage({ a: 1 })!).rejects.toBeInstanceOf(CallClientError);
    await expect(client.ejectRemoteParticipants([ID])!).rejects.toMatchObject({ code: 'not-joined' });
    const error = await new Promise((resolve) => client.updatePermissions({ hasPresence: true }, resolve));
    expect(error).toMatchObject({
      code: 'not-joined',
      message: "updatePermissions: not in a call (call state is 'initialized')",
    });
  });

  it('a join that cannot reach the server fails and leaves the client usable', async () => {
    const [data, error] = await new Promise<[unknown, unknown]>((resolve) =>
      client.join('http://127.0.0.1:9/room', (d, e) => resolve([d, e])),
    );
    expect(data).toBeNull();
    expect(error).toMatchObject({ name: 'CallClientError', code: 'connect-failed' });
    expect(client.callState()).toBe('left');
    expect(client.participants().local.info.isLocal).toBe(true);
  });

  it('settings made before joining are kept for the join', async () => {
    await client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed' } });
    expect(client.subscriptionProfiles().base).toEqual({
      camera: 'unsubscribed',
      microphone: 'subscribed',
      screenVideo: 'subscribed',
      screenAudio: 'subscribed',
    });
    await client.updateInputs({ camera: false });
    expect(client.inputs().camera?.isEnabled).toBe(false);
  });
});

describe('after release', () => {
  it('every method reports the release before looking at its arguments', async () => {
    const released = new CallClient();
    await released.release();
    const calls: Array<() => unknown> = [
      () => released.updateRecording(42 as never),
      () => released.updateLiveStream(42 as never),
      () => released.startLiveStreamWithEndpoints('x' as never),
      () => released.startLiveStreamWithRtmpUrls('x' as never),
      () => released.addLiveStreamingEndpoints('x' as never),
      () => released.removeLiveStreamingEndpoints('x' as never),
      () => released.addCustomAudioTrack('bad name!', 1 as never),
      () => released.sendDtmf('1' as never),
      () => released.updateInputs(42 as never),
    ];
    for (const call of calls) expect(call).toThrow('this object has already been released');
  });
});
