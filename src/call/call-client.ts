/**
 * `CallClient`: one participant in one call, with daily-python's API.
 *
 * ```ts
 * await Daily.init();
 * const mic = Daily.createMicrophoneDevice('mic');
 * const client = new CallClient();
 * client.on('participant-joined', (p) => console.log(p.info.userName, 'joined'));
 * await client.join('http://127.0.0.1:7880/standup', {
 *   clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'mic' } } } },
 * });
 * await mic.writeFrames(pcm);
 * await client.leave();
 * await client.release();
 * ```
 * @module
 */
import { EventEmitter } from 'node:events';

import { CallClientError, InvalidArgumentError, InvalidStateError } from '../errors';
import { engineHost } from '../engine/engine-host';
import type { CustomAudioTrack } from '../media/audio/custom-audio-track';
import { checkAudioFormat } from '../media/audio/pcm';
import { checkColorFormat } from '../media/video/color-format';
import { checkOptionsObject } from '../options-object';
import type { CustomVideoTrack } from '../media/video/custom-video-track';
import { onDevicesChanged } from '../media/device-list';
import type { MeetingEndpoint } from '../signaling/meeting-url';
import type { JoinResult, SignalingMethods, SignalingParams, StartRecordingParams } from '../signaling/messages';
import { parseProxyUrl, type ProxyConfig } from '../transport/http-connect-proxy';
import { SignalingSession, type SessionRestored } from '../transport/signaling-session';
import type { TransportError } from '../transport/transport-error';
import {
  checkFunction,
  checkInteger,
  checkOptionalBoolean,
  checkOptionalString,
  checkString,
  dropUndefined,
  optionsAndCompletion,
} from './arguments/arguments';
import { AudioFrameStream, type AudioFramesOptions } from './renderers/audio-frame-stream';
import {
  checkCallbackInterval,
  checkClientSettings,
  checkCustomAudioArgs,
  checkCustomTrackName,
  checkCustomVideoArgs,
  checkJsonValue,
  checkLoggingInterval,
  checkMeetingUrl,
  checkOptionalParticipantId,
  checkRendererTarget,
  checkTrackSource,
} from './arguments/call-arguments';
import { CallCache } from './state/call-cache';
import type {
  CustomAudioTrackOptions,
  JoinOptions,
  StartRecordingOptions,
  StartTranscriptionOptions,
  StreamIdOptions,
  UpdateTranscriptionOptions,
  SetAudioRendererOptions,
  SetVideoRendererOptions,
  UpdateSubscriptionsOptions,
} from './arguments/call-options';
import {
  checkCompletion,
  complete,
  completeWith,
  runCallback,
  type Completion,
  type ResultCompletion,
} from './arguments/completion';
import { desiredTracks, type CustomTrackEntry } from './state/desired-tracks';
import { EventDispatcher } from './events/event-dispatcher';
import { EventHandler } from './events/event-handler';
import type { AudioRendererCallback, CallClientEvents, VideoRendererCallback } from './events/events';
import { MediaSession } from './sfu-media/media-session';
import { reportPublishFailure } from './events/publish-failure';
import type { ReceivedTrack } from './sfu-media/subscriber';
import { RendererActivity } from './renderers/renderer-activity';
import { audioRendererSpec, videoRendererSpec } from './renderers/renderer-specs';
import { ServerEventApplier } from './events/server-event-applier';
import type {
  DialoutSendDtmfSettings,
  DialoutSettings,
  SipCallTransferSettings,
  StreamingUpdateSettings,
} from './types/service-types';
import { checkIceConfig, peerConfig } from './settings/ice-config';
import { MicrophoneProcessingSync } from './settings/microphone-processing';
import { checkInputsUpdate, mergeInputs, resolveInputTracks } from './settings/inputs';
import { checkPublishingUpdate, mergePublishing } from './settings/publishing';
import { checkParticipantIds, checkPermissionsUpdate, checkRemoteUpdates } from './settings/remote-participants';
import {
  checkStreamId,
  checkStreamingEndpoints,
  checkStreamingSettings,
  checkStreamingUpdate,
} from './settings/recording';
import { checkTranscribedParticipants, checkTranscriptionSettings } from './settings/transcription';
import { check } from './settings/check';
import { dialoutSettings, dtmfSettings, sipTransferSettings } from '../signaling/telephony-validators';
import {
  BASE_PROFILE,
  checkParticipantSubscriptionsUpdate,
  checkProfilesExist,
  checkProfilesUpdate,
  effectiveMedia,
  mergeParticipantSubscriptions,
  mergeProfiles,
  toTrackSubscriptions,
} from './settings/subscriptions';
import type {
  CallParticipants,
  CallState,
  ClientSettings,
  IceConfig,
  InputSettings,
  InputSettingsUpdate,
  JoinData,
  NetworkStats,
  Participant,
  ParticipantCounts,
  ParticipantPermissionsUpdate,
  ParticipantSubscriptions,
  PublishingSettings,
  RemoteParticipantUpdates,
  SubscriptionProfileSettings,
} from './types/types';

const RELEASED = 'this object has already been released';
/** The server joins its transcriber and starts the engine: daily-python allows 20 s too. */
const TRANSCRIPTION_START_TIMEOUT_MS = 20_000;
/** A phone leg joins the call (and may start the server's media engine) before the server answers. */
const DIALOUT_START_TIMEOUT_MS = 30_000;
/** A recorder joins the call and starts its encoder before answering. */
const RECORDING_START_TIMEOUT_MS = 20_000;
/** `(options?, completion?)` of the calls that act on a recording or live stream: `{ streamId }`. */
/** Signaling methods about one recording or live stream, named by an optional `streamId`. */
type StreamIdMethod =
  | 'stopRecording'
  | 'updateRecording'
  | 'stopLiveStream'
  | 'updateLiveStream'
  | 'addLiveStreamingEndpoints'
  | 'removeLiveStreamingEndpoints';

/** The options (and completion) of startRecording and the startLiveStream calls, checked, as request params. */
function startStreamingOptions<Done>(
  options: StartRecordingOptions | Done | null | undefined,
  completion: Done | undefined,
  method: string,
): { params: StartRecordingParams; completion: Done | undefined } {
  const keys = ['streamingSettings', 'streamId', 'forceNew'] as const;
  const split = optionsAndCompletion<StartRecordingOptions, Done>(options, completion, keys, method);
  const { streamingSettings, streamId, forceNew } = split.options;
  const params = dropUndefined({
    streamingSettings: checkStreamingSettings(streamingSettings, 'streamingSettings'),
    streamId: checkStreamId(streamId, 'streamId'),
    forceNew: checkOptionalBoolean(forceNew, 'forceNew'),
  });
  return { params, completion: split.completion };
}

function streamIdOptions(
  options: StreamIdOptions | Completion | null | undefined,
  completion: Completion | undefined,
  method: string,
): { options: Partial<StreamIdOptions>; completion: Completion | undefined } {
  return optionsAndCompletion<StreamIdOptions, Completion>(options, completion, ['streamId'], method);
}

/**
 * A participant in a call. Events reach the {@link EventHandler} given to the
 * constructor and listeners of the typed emitter (`client.on('participant-joined', ...)`),
 * in the same order. Every method throws `this object has already been released`
 * after {@link release}. Operations with a completion take it as their last
 * argument (`(error)` or `(result, error)`, as in daily-python) or, without it,
 * return a Promise that rejects with a {@link CallClientError}. Bad arguments
 * throw an {@link InvalidArgumentError} at once, naming the field.
 */
export class CallClient extends EventEmitter<CallClientEvents> {
  private readonly cache = new CallCache();
  private readonly dispatcher: EventDispatcher;
  private readonly media: MediaSession;
  private readonly events: ServerEventApplier;
  private readonly customTracks = new Map<string, CustomTrackEntry>();
  private readonly audioStreams = new Set<AudioFrameStream>();
  private readonly microphoneProcessing = new MicrophoneProcessingSync();
  private session: SignalingSession | undefined;
  private meetingToken: string | undefined;
  private proxy: ProxyConfig | undefined;
  private iceConfig: IceConfig | undefined;
  private released = false;
  /** Stops `available-devices-updated` (at release). */
  private readonly stopDeviceEvents: () => void;
  private nextStreamId = 1;

  /**
   * @param eventHandler receives the events in its `onXxx` methods
   * @throws InvalidArgumentError if `eventHandler` is not an {@link EventHandler}
   * @throws InvalidStateError before `Daily.init()`
   */
  constructor(eventHandler?: EventHandler | null) {
    super();
    if (eventHandler !== undefined && eventHandler !== null && !(eventHandler instanceof EventHandler)) {
      throw new InvalidArgumentError('eventHandler', 'should be a subclass of `EventHandler`');
    }
    if (!engineHost.initialized) throw new InvalidStateError('unable to create a CallClient: call Daily.init() first');
    this.dispatcher = new EventDispatcher(eventHandler ?? undefined, this);
    this.media = new MediaSession({
      request: (method, params, timeoutMs) => this.requireSession().request(method, params, timeoutMs),
      desiredTracks: () =>
        desiredTracks(this.cache, this.customTracks, (message) => this.dispatcher.dispatch('error', message)),
      peerConfig: () => peerConfig(this.iceConfig),
      localParticipantId: () => this.cache.localId,
      reportError: (message) => this.dispatcher.dispatch('error', message),
      reportConnection: (event) => this.dispatcher.dispatch('network-connection', event),
      reportStats: (stats) => {
        this.cache.networkStats = stats;
        this.dispatcher.dispatch('network-stats-updated', structuredClone(stats));
      },
    });
    this.events = new ServerEventApplier(this.cache, this.dispatcher, this.media, this.audioStreams);
    this.stopDeviceEvents = onDevicesChanged((devices) => {
      this.dispatcher.dispatch('available-devices-updated', devices);
    });
  }

  // -------------------------------------------------------------------------
  // Joining and leaving

  /**
   * Joins the meeting at `meetingUrl` (`http(s)://HOST[:PORT]/ROOM`). Resolves
   * with daily-python's JoinData once joined and the configured inputs are
   * being published.
   */
  join(
    meetingUrl: string,
    options?: JoinOptions | null,
    completion?: ResultCompletion<JoinData>,
  ): Promise<JoinData> | undefined;
  join(meetingUrl: string, completion: ResultCompletion<JoinData>): undefined;
  join(
    meetingUrl: string,
    optionsOrCompletion?: JoinOptions | ResultCompletion<JoinData> | null,
    completion?: ResultCompletion<JoinData>,
  ): Promise<JoinData> | undefined {
    this.checkAlive();
    if (typeof optionsOrCompletion === 'string') {
      // daily-python's join(url, meeting_token): here the token goes in the options.
      throw new InvalidArgumentError(
        'options',
        'must be an object ({ meetingToken, clientSettings }); pass a meeting token as { meetingToken: token }',
      );
    }
    const split = optionsAndCompletion<JoinOptions, ResultCompletion<JoinData>>(
      optionsOrCompletion,
      completion,
      ['meetingToken', 'clientSettings'],
      'join',
    );
    const endpoint = checkMeetingUrl(meetingUrl);
    const token =
      checkOptionalString(split.options.meetingToken, 'meetingToken', { min: 1, max: 8192 }) ?? endpoint.token;
    const settings = checkClientSettings(split.options.clientSettings, this.cache.inputs);
    return completeWith(this.doJoin(endpoint, token, settings), split.completion);
  }

  /** Leaves the call. Renderers registered stay registered. */
  leave(completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    return complete(this.doLeave(), completion);
  }

  /**
   * Leaves the call if needed and frees everything. Afterwards every method
   * throws `this object has already been released`.
   */
  release(): Promise<void> {
    this.checkAlive();
    this.released = true;
    return this.doRelease();
  }

  private async doRelease(): Promise<void> {
    const state = this.cache.callState;
    if (state === 'joining' || state === 'joined') await this.teardown('leave').catch(() => undefined);
    else await this.media.stop();
    await this.media.renderers.close();
    for (const s of [...this.audioStreams]) s.end();
    this.stopDeviceEvents();
    this.dispatcher.detach();
    this.removeAllListeners();
  }

  /** Sets the local participant's name (before or during the call). */
  setUserName(userName: string): void {
    this.checkAlive();
    checkString(userName, 'userName', { max: 256 });
    this.cache.userName = userName;
    if (this.cache.callState === 'joined') {
      this.requireSession()
        .request('setUserName', { userName })
        .catch((err: Error) => this.dispatcher.dispatch('error', `setUserName failed: ${err.message}`));
    }
  }

  // -------------------------------------------------------------------------
  // Getters (cached; copies)

  /** The call state (beyond daily-python, which reports it only through `call-state-updated`). */
  callState(): CallState {
    this.checkAlive();
    return this.cache.callState;
  }

  /** Everyone in the call, the local participant under `local`. */
  participants(): CallParticipants {
    this.checkAlive();
    return this.cache.participants();
  }

  participantCounts(): ParticipantCounts {
    this.checkAlive();
    return { ...this.cache.counts };
  }

  /** The participant who spoke last, or null. */
  activeSpeaker(): Participant | null {
    this.checkAlive();
    return this.cache.activeSpeaker ? structuredClone(this.cache.activeSpeaker) : null;
  }

  inputs(): InputSettings {
    this.checkAlive();
    return structuredClone(this.cache.inputs);
  }

  publishing(): PublishingSettings {
    this.checkAlive();
    return structuredClone(this.cache.publishing);
  }

  subscriptions(): ParticipantSubscriptions {
    this.checkAlive();
    return structuredClone(this.cache.subscriptions);
  }

  subscriptionProfiles(): SubscriptionProfileSettings {
    this.checkAlive();
    return structuredClone(this.cache.profiles);
  }

  /** The latest network stats (updated every 2 s while joined, with `network-stats-updated`). */
  getNetworkStats(): NetworkStats {
    this.checkAlive();
    return structuredClone(this.cache.networkStats);
  }

  // -------------------------------------------------------------------------
  // Inputs, publishing, subscriptions

  /**
   * Changes inputs: a virtual microphone/camera by `deviceId`, a custom track
   * by `customTrack.id`, `isEnabled` on/off (`false` is short for off).
   */
  updateInputs(inputSettings: InputSettingsUpdate, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    const update = checkInputsUpdate(inputSettings, 'inputSettings');
    const next = mergeInputs(this.cache.inputs, update);
    resolveInputTracks(next, 'inputSettings');
    this.cache.inputs = next;
    this.dispatcher.dispatch('inputs-updated', structuredClone(next));
    return complete(this.applyInputs(), completion);
  }

  /** Changes publishing: `isPublishing`, audio bitrate/channels, video layers. */
  updatePublishing(publishingSettings: PublishingSettings, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    const update = checkPublishingUpdate(publishingSettings, 'publishingSettings');
    const next = mergePublishing(this.cache.publishing, update);
    this.cache.publishing = next;
    this.dispatcher.dispatch('publishing-updated', structuredClone(next));
    return complete(this.applyMedia(), completion);
  }

  /** Changes what to receive from whom, and/or the profiles (daily-python's two optional arguments). */
  updateSubscriptions(options?: UpdateSubscriptionsOptions | null, completion?: Completion): Promise<void> | undefined;
  updateSubscriptions(completion: Completion): undefined;
  updateSubscriptions(
    optionsOrCompletion?: UpdateSubscriptionsOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    const split = optionsAndCompletion<UpdateSubscriptionsOptions, Completion>(
      optionsOrCompletion,
      completion,
      ['participantSettings', 'profileSettings'],
      'updateSubscriptions',
    );
    const { participantSettings, profileSettings } = split.options;
    const profiles =
      profileSettings === undefined || profileSettings === null
        ? this.cache.profiles
        : mergeProfiles(this.cache.profiles, checkProfilesUpdate(profileSettings, 'profileSettings'));
    const subscriptions =
      participantSettings === undefined || participantSettings === null
        ? this.cache.subscriptions
        : mergeParticipantSubscriptions(
            this.cache.subscriptions,
            checkParticipantSubscriptionsUpdate(participantSettings, 'participantSettings'),
          );
    checkProfilesExist(subscriptions, profiles, 'participantSettings');
    return complete(this.applySubscriptions(subscriptions, profiles), split.completion);
  }

  /** Changes subscription profiles (`base` applies to everyone without settings of their own). */
  updateSubscriptionProfiles(
    profileSettings: SubscriptionProfileSettings,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    const profiles = mergeProfiles(this.cache.profiles, checkProfilesUpdate(profileSettings, 'profileSettings'));
    checkProfilesExist(this.cache.subscriptions, profiles, 'profileSettings');
    return complete(this.applySubscriptions(this.cache.subscriptions, profiles), completion);
  }

  // -------------------------------------------------------------------------
  // Custom tracks

  /** Publishes `audioTrack` as the custom audio track `trackName`. */
  addCustomAudioTrack(
    trackName: string,
    audioTrack: CustomAudioTrack,
    options?: CustomAudioTrackOptions | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  addCustomAudioTrack(trackName: string, audioTrack: CustomAudioTrack, completion: Completion): undefined;
  addCustomAudioTrack(
    trackName: string,
    audioTrack: CustomAudioTrack,
    options?: CustomAudioTrackOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    const split = checkCustomAudioArgs(trackName, audioTrack, options, completion);
    if (this.customTracks.has(trackName))
      throw new InvalidArgumentError(
        'trackName',
        `a custom track named '${trackName}' already exists; use updateCustomAudioTrack`,
      );
    this.customTracks.set(trackName, { kind: 'audio', track: audioTrack, ignoreAudioLevel: split.ignoreAudioLevel });
    return complete(this.applyMedia(), split.completion);
  }

  /** Sends `audioTrack` behind the existing custom audio track `trackName`. */
  updateCustomAudioTrack(
    trackName: string,
    audioTrack: CustomAudioTrack,
    options?: CustomAudioTrackOptions | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  updateCustomAudioTrack(trackName: string, audioTrack: CustomAudioTrack, completion: Completion): undefined;
  updateCustomAudioTrack(
    trackName: string,
    audioTrack: CustomAudioTrack,
    options?: CustomAudioTrackOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    const split = checkCustomAudioArgs(trackName, audioTrack, options, completion);
    this.requireCustomTrack(trackName, 'audio');
    this.customTracks.set(trackName, { kind: 'audio', track: audioTrack, ignoreAudioLevel: split.ignoreAudioLevel });
    return complete(this.applyMedia(), split.completion);
  }

  /** Stops publishing the custom audio track `trackName`. */
  removeCustomAudioTrack(trackName: string, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    this.requireCustomTrack(trackName, 'audio');
    this.customTracks.delete(trackName);
    return complete(this.applyMedia(), completion);
  }

  /** Publishes `videoTrack` as the custom video track `trackName`. */
  addCustomVideoTrack(
    trackName: string,
    videoTrack: CustomVideoTrack,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    checkCustomVideoArgs(trackName, videoTrack, completion);
    if (this.customTracks.has(trackName))
      throw new InvalidArgumentError(
        'trackName',
        `a custom track named '${trackName}' already exists; use updateCustomVideoTrack`,
      );
    this.customTracks.set(trackName, { kind: 'video', track: videoTrack });
    return complete(this.applyMedia(), completion);
  }

  /** Sends `videoTrack` behind the existing custom video track `trackName`. */
  updateCustomVideoTrack(
    trackName: string,
    videoTrack: CustomVideoTrack,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    checkCustomVideoArgs(trackName, videoTrack, completion);
    this.requireCustomTrack(trackName, 'video');
    this.customTracks.set(trackName, { kind: 'video', track: videoTrack });
    return complete(this.applyMedia(), completion);
  }

  /** Stops publishing the custom video track `trackName`. */
  removeCustomVideoTrack(trackName: string, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    this.requireCustomTrack(trackName, 'video');
    this.customTracks.delete(trackName);
    return complete(this.applyMedia(), completion);
  }

  // -------------------------------------------------------------------------
  // Renderers

  /**
   * Renders the audio of `participantId`'s `audioSource` (a participant id, or
   * `local`): `callback(participantId, audioData, audioSource)` every
   * `callbackIntervalMs`. May be registered before joining or at any time;
   * one renderer per participant and source (a new one replaces it). Removed
   * when the participant leaves.
   */
  setAudioRenderer(
    participantId: string,
    callback: AudioRendererCallback,
    options: SetAudioRendererOptions = {},
  ): void {
    this.checkAlive();
    checkRendererTarget(participantId);
    checkFunction(callback, 'callback');
    options = checkOptionsObject(
      options,
      ['audioSource', 'sampleRate', 'callbackIntervalMs', 'loggingIntervalMs'],
      'setAudioRenderer',
    );
    const source = checkTrackSource(options.audioSource ?? 'microphone', 'audioSource');
    const sampleRate = options.sampleRate ?? 16000;
    checkAudioFormat(sampleRate, 1);
    const interval = checkCallbackInterval(options.callbackIntervalMs ?? 20, 'callbackIntervalMs');
    const logEvery = checkLoggingInterval(options.loggingIntervalMs);
    const activity = logEvery
      ? new RendererActivity(`audio renderer ${participantId}/${source}`, 'audio', logEvery)
      : undefined;
    const spec = audioRendererSpec(
      participantId,
      source,
      { sampleRate, callbackIntervalMs: interval },
      (data) => runCallback('audio renderer callback', () => callback(participantId, data, source)),
      activity,
    );
    this.media.setRenderer(`audio:${participantId}/${source}`, spec);
  }

  /**
   * Renders the video of `participantId`'s `videoSource`:
   * `callback(participantId, videoFrame, videoSource)` for each frame.
   * @throws InvalidArgumentError `invalid color format '<fmt>'`
   */
  setVideoRenderer(
    participantId: string,
    callback: VideoRendererCallback,
    options: SetVideoRendererOptions = {},
  ): void {
    this.checkAlive();
    checkRendererTarget(participantId);
    checkFunction(callback, 'callback');
    options = checkOptionsObject(options, ['videoSource', 'colorFormat', 'loggingIntervalMs'], 'setVideoRenderer');
    const source = checkTrackSource(options.videoSource ?? 'camera', 'videoSource');
    const colorFormat = checkColorFormat(options.colorFormat ?? 'RGBA');
    const logEvery = checkLoggingInterval(options.loggingIntervalMs);
    const activity = logEvery
      ? new RendererActivity(`video renderer ${participantId}/${source}`, 'video', logEvery)
      : undefined;
    const spec = videoRendererSpec(
      participantId,
      source,
      colorFormat,
      (frame) => runCallback('video renderer callback', () => callback(participantId, frame, source)),
      activity,
    );
    this.media.setRenderer(`video:${participantId}/${source}`, spec);
  }

  /**
   * The audio of a participant as an async iterator (beyond daily-python):
   *
   * ```ts
   * for await (const frame of client.audioFrames(id, { sampleRate: 16000, intervalMs: 20 })) {
   *   vad.analyzeFrames(frame.audioData.audioFrames);
   * }
   * ```
   *
   * Items queue while the loop is busy, up to `maxQueued`; beyond that the
   * oldest is dropped (counted in `frame.dropped`). It ends when the
   * participant leaves, the client leaves or is released, or the loop breaks.
   */
  audioFrames(participantId: string, options: AudioFramesOptions = {}): AudioFrameStream {
    this.checkAlive();
    checkRendererTarget(participantId);
    options = checkOptionsObject(options, ['sampleRate', 'intervalMs', 'source', 'maxQueued'], 'audioFrames');
    const source = checkTrackSource(options.source ?? 'microphone', 'source');
    const sampleRate = options.sampleRate ?? 16000;
    checkAudioFormat(sampleRate, 1);
    const interval = checkCallbackInterval(options.intervalMs ?? 20, 'intervalMs');
    const maxQueued = checkInteger(options.maxQueued ?? 100, 'maxQueued', 1, 100_000);
    const key = `frames:${this.nextStreamId++}`;
    const stream: AudioFrameStream = new AudioFrameStream(participantId, source, maxQueued, () => {
      this.audioStreams.delete(stream);
      void this.media.renderers.delete(key);
    });
    this.audioStreams.add(stream);
    this.media.setRenderer(
      key,
      // The stream bounds its own queue (maxQueued) and its reader may lag: every block is kept.
      audioRendererSpec(
        participantId,
        source,
        { sampleRate, callbackIntervalMs: interval, maxLateMs: Infinity },
        (data) => stream.push(data),
      ),
    );
    return stream;
  }

  // -------------------------------------------------------------------------
  // Messages, permissions, remote control

  /**
   * Sends any JSON-serializable `message` to everyone, or to one participant
   * (`participantId`). Others get `app-message(message, senderId)`.
   */
  sendAppMessage(
    message: unknown,
    options?: { participantId?: string | null } | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  sendAppMessage(message: unknown, completion: Completion): undefined;
  sendAppMessage(
    message: unknown,
    optionsOrCompletion?: { participantId?: string | null } | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    const split = optionsAndCompletion<{ participantId?: string | null }, Completion>(
      optionsOrCompletion,
      completion,
      ['participantId'],
      'sendAppMessage',
    );
    if (message === undefined || message === null)
      throw new InvalidArgumentError('message', `invalid app message '${String(message)}'`);
    const data = checkJsonValue(message, 'message');
    const to = checkOptionalParticipantId(split.options.participantId, 'participantId');
    return complete(
      this.whenJoined('sendAppMessage', (s) => s.request('sendAppMessage', to === undefined ? { data } : { data, to })),
      split.completion,
    );
  }

  /** Posts `message` to Daily Prebuilt's chat (an app message `{ event: 'chat-msg', ... }`). */
  sendPrebuiltChatMessage(
    message: string,
    options?: { userName?: string | null } | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  sendPrebuiltChatMessage(message: string, completion: Completion): undefined;
  sendPrebuiltChatMessage(
    message: string,
    optionsOrCompletion?: { userName?: string | null } | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    const split = optionsAndCompletion<{ userName?: string | null }, Completion>(
      optionsOrCompletion,
      completion,
      ['userName'],
      'sendPrebuiltChatMessage',
    );
    checkString(message, 'message', { min: 1, max: 4096 });
    const userName = checkOptionalString(split.options.userName, 'userName', { max: 256 });
    return complete(
      this.whenJoined('sendPrebuiltChatMessage', (s) =>
        s.request('sendChatMessage', userName === undefined ? { message } : { message, userName }),
      ),
      split.completion,
    );
  }

  /** Changes the local participant's own permissions (owners only). */
  updatePermissions(permissions: ParticipantPermissionsUpdate, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    const update = checkPermissionsUpdate(permissions, 'permissions');
    return complete(
      this.whenJoined('updatePermissions', (s) => s.request('updatePermissions', { permissions: update })),
      completion,
    );
  }

  /** Changes other participants' permissions or switches their inputs off (owners and `canAdmin: participants`). */
  updateRemoteParticipants(
    remoteParticipants: RemoteParticipantUpdates,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    const updates = checkRemoteUpdates(remoteParticipants, 'remoteParticipants');
    return complete(
      this.whenJoined('updateRemoteParticipants', (s) => s.request('updateRemoteParticipants', { updates })),
      completion,
    );
  }

  /** Removes participants from the call (owners and `canAdmin: participants`). */
  ejectRemoteParticipants(ids: string[], completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    const checked = checkParticipantIds(ids, 'ids');
    return complete(
      this.whenJoined('ejectRemoteParticipants', (s) => s.request('ejectRemoteParticipants', { ids: checked })),
      completion,
    );
  }

  // -------------------------------------------------------------------------
  // Network

  /**
   * Routes the signaling connection through an HTTP proxy (CONNECT), from the
   * next connection on (join, or a reconnect); `null` clears it. Media does
   * not go through the proxy.
   */
  setProxyUrl(proxyUrl?: string | null, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    this.proxy = proxyUrl === undefined || proxyUrl === null ? undefined : parseProxyUrl(proxyUrl, 'proxyUrl');
    return complete(Promise.resolve(), completion);
  }

  /**
   * Sets TURN/STUN servers (`null` clears). In a call, both media connections
   * are made again with them. `iceTransportPolicy: 'relay'` (beyond
   * daily-python) sends media only through TURN.
   */
  setIceConfig(iceConfig?: IceConfig | null, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    this.iceConfig = checkIceConfig(iceConfig, 'iceConfig');
    const apply = this.cache.callState === 'joined' ? this.media.iceConfigChanged() : Promise.resolve();
    return complete(apply, completion);
  }

  // -------------------------------------------------------------------------
  // Recording, live streaming, transcription, dial-out: not on this server yet

  /**
   * Starts a composited recording of the call (a hidden recorder joins and
   * mixes everyone's camera and microphone; the server writes a fragmented
   * MP4, H.264 + AAC). Resolves with the instance's `streamId`; everyone gets
   * `recording-started`. Owners and `canAdmin: streaming` holders only, in
   * rooms whose `enable_recording` is not false; bad settings are refused,
   * naming the key.
   */
  startRecording(options?: StartRecordingOptions | null): Promise<string>;
  startRecording(options: StartRecordingOptions | null | undefined, completion: ResultCompletion<string>): undefined;
  startRecording(completion: ResultCompletion<string>): undefined;
  startRecording(
    options?: StartRecordingOptions | ResultCompletion<string> | null,
    completion?: ResultCompletion<string>,
  ): Promise<string> | undefined {
    this.checkAlive();
    const method = 'startRecording';
    const split = startStreamingOptions<ResultCompletion<string>>(options, completion, method);
    const op = this.whenJoined(method, (s) => s.request(method, split.params, RECORDING_START_TIMEOUT_MS));
    return completeWith(
      op.then((r) => r.status.streamId),
      split.completion,
    );
  }

  /** Stops a recording (`streamId`, or the only one); everyone gets `recording-stopped`. */
  stopRecording(options?: StreamIdOptions | null, completion?: Completion): Promise<void> | undefined;
  stopRecording(completion: Completion): undefined;
  stopRecording(options?: StreamIdOptions | Completion | null, completion?: Completion): Promise<void> | undefined {
    return this.streamRequest('stopRecording', () => ({}), options, completion, RECORDING_START_TIMEOUT_MS);
  }

  /** Changes a running recording's layout (`updateSettings.layout`); the file goes on without a gap. */
  updateRecording(
    updateSettings: StreamingUpdateSettings,
    options?: StreamIdOptions | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  updateRecording(updateSettings: StreamingUpdateSettings, completion: Completion): undefined;
  updateRecording(
    updateSettings: StreamingUpdateSettings,
    options?: StreamIdOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    const params = () => ({ layout: checkStreamingUpdate(updateSettings, 'updateSettings') });
    return this.streamRequest('updateRecording', params, options, completion);
  }

  /**
   * Starts a live stream of the composited call to the room's named
   * `streaming_endpoints`. Everyone gets `live-stream-started`, then
   * `live-stream-updated` as each endpoint connects.
   */
  startLiveStreamWithEndpoints(
    endpoints: string[],
    options?: StartRecordingOptions | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  startLiveStreamWithEndpoints(endpoints: string[], completion: Completion): undefined;
  startLiveStreamWithEndpoints(
    endpoints: string[],
    options?: StartRecordingOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    return this.startLiveStream('startLiveStreamWithEndpoints', 'endpoints', endpoints, options, completion);
  }

  /**
   * Starts a live stream of the composited call to RTMP URLs (one publisher
   * per URL: one that fails is retried with `live-stream-warning` while the
   * others go on). Owners and `canAdmin: streaming` holders only.
   */
  startLiveStreamWithRtmpUrls(
    rtmpUrls: string[],
    options?: StartRecordingOptions | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  startLiveStreamWithRtmpUrls(rtmpUrls: string[], completion: Completion): undefined;
  startLiveStreamWithRtmpUrls(
    rtmpUrls: string[],
    options?: StartRecordingOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    return this.startLiveStream('startLiveStreamWithRtmpUrls', 'rtmpUrls', rtmpUrls, options, completion);
  }

  /** Stops a live stream (`streamId`, or the only one); everyone gets `live-stream-stopped`. */
  stopLiveStream(options?: StreamIdOptions | null, completion?: Completion): Promise<void> | undefined;
  stopLiveStream(completion: Completion): undefined;
  stopLiveStream(options?: StreamIdOptions | Completion | null, completion?: Completion): Promise<void> | undefined {
    return this.streamRequest('stopLiveStream', () => ({}), options, completion, RECORDING_START_TIMEOUT_MS);
  }

  /** Changes a running live stream's layout (`updateSettings.layout`) without interrupting it. */
  updateLiveStream(
    updateSettings: StreamingUpdateSettings,
    options?: StreamIdOptions | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  updateLiveStream(updateSettings: StreamingUpdateSettings, completion: Completion): undefined;
  updateLiveStream(
    updateSettings: StreamingUpdateSettings,
    options?: StreamIdOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    const params = () => ({ layout: checkStreamingUpdate(updateSettings, 'updateSettings') });
    return this.streamRequest('updateLiveStream', params, options, completion);
  }

  /** Adds endpoints (RTMP URLs or the room's endpoint names) to a running live stream. */
  addLiveStreamingEndpoints(
    endpoints: string[],
    options?: StreamIdOptions | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  addLiveStreamingEndpoints(endpoints: string[], completion: Completion): undefined;
  addLiveStreamingEndpoints(
    endpoints: string[],
    options?: StreamIdOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    return this.changeEndpoints('addLiveStreamingEndpoints', endpoints, options, completion);
  }

  /** Removes endpoints from a running live stream; the others keep streaming without a gap. */
  removeLiveStreamingEndpoints(
    endpoints: string[],
    options?: StreamIdOptions | null,
    completion?: Completion,
  ): Promise<void> | undefined;
  removeLiveStreamingEndpoints(endpoints: string[], completion: Completion): undefined;
  removeLiveStreamingEndpoints(
    endpoints: string[],
    options?: StreamIdOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    return this.changeEndpoints('removeLiveStreamingEndpoints', endpoints, options, completion);
  }

  /**
   * Starts transcribing the call: every participant's microphone separately,
   * on the server's ASR engine. Everyone gets `transcription-started`, then a
   * `transcription-message` per finished utterance. Owners and
   * `canAdmin: transcription` holders only, in rooms with
   * `enable_transcription`; a setting the engine cannot honour is refused,
   * naming the key.
   */
  startTranscription(options?: StartTranscriptionOptions | null, completion?: Completion): Promise<void> | undefined;
  startTranscription(completion: Completion): undefined;
  startTranscription(
    options?: StartTranscriptionOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    const keys = ['settings'] as const;
    const method = 'startTranscription';
    const split = optionsAndCompletion<StartTranscriptionOptions, Completion>(options, completion, keys, method);
    const settings = checkTranscriptionSettings(split.options.settings, 'settings');
    const params = settings ? { settings } : {};
    const op = this.whenJoined('startTranscription', (s) =>
      s.request('startTranscription', params, TRANSCRIPTION_START_TIMEOUT_MS),
    );
    return complete(op, split.completion);
  }

  /** Stops the call's transcription; everyone gets `transcription-stopped` with who stopped it. */
  stopTranscription(completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkCompletion(completion);
    return complete(
      this.whenJoined('stopTranscription', (s) => s.request('stopTranscription', {})),
      completion,
    );
  }

  /**
   * Transcribes only `participants` (ids; `null` = everyone); `instanceId`,
   * when given, must be the running transcription's. Everyone gets
   * `transcription-updated`.
   */
  updateTranscription(options?: UpdateTranscriptionOptions | null, completion?: Completion): Promise<void> | undefined;
  updateTranscription(completion: Completion): undefined;
  updateTranscription(
    options?: UpdateTranscriptionOptions | Completion | null,
    completion?: Completion,
  ): Promise<void> | undefined {
    this.checkAlive();
    const keys = ['participants', 'instanceId'] as const;
    const method = 'updateTranscription';
    const split = optionsAndCompletion<UpdateTranscriptionOptions, Completion>(options, completion, keys, method);
    const participants = checkTranscribedParticipants(split.options.participants, 'participants');
    const instanceId = checkOptionalString(split.options.instanceId, 'instanceId', { min: 1, max: 128 });
    const params = instanceId === undefined ? { participants } : { participants, instanceId };
    return complete(
      this.whenJoined('updateTranscription', (s) => s.request('updateTranscription', params)),
      split.completion,
    );
  }

  /**
   * Calls a phone: `sipUri`, or `phoneNumber` through the server's SIP trunk.
   * Resolves with the dial-out's `sessionId` (also the phone participant's id,
   * for {@link stopDialout} and {@link sendDtmf}) once the INVITE is on its way;
   * `dialout-connected`, `dialout-answered` (the phone participant joins) or
   * `dialout-error` (with the SIP code) follow. Owners and
   * `canAdmin: participants` holders only, in rooms with `enable_dialout`.
   */
  startDialout(settings: DialoutSettings, completion?: ResultCompletion<string>): Promise<string> | undefined {
    this.checkAlive();
    const checked = check(dialoutSettings, settings, 'settings');
    checkCompletion(completion);
    const op = this.whenJoined('startDialout', (s) =>
      s.request('startDialout', { settings: checked }, DIALOUT_START_TIMEOUT_MS),
    );
    return completeWith(
      op.then((r) => r.sessionId),
      completion,
    );
  }

  /** Hangs up a dial-out (its participant id = sessionId); `dialout-stopped` follows. */
  stopDialout(participantId: string, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    checkString(participantId, 'participantId', { min: 1 });
    checkCompletion(completion);
    const op = this.whenJoined('stopDialout', (s) => s.request('stopDialout', { participantId }));
    return complete(
      op.then(() => undefined),
      completion,
    );
  }

  /**
   * Sends DTMF digits (`0-9*#A-D`) to a phone session: RFC 2833 telephone-events
   * (default), or SIP INFO with `method: 'sip-info'`.
   */
  sendDtmf(settings: DialoutSendDtmfSettings, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    const checked = check(dtmfSettings, settings, 'settings');
    return this.telephonyRequest('sendDtmf', { settings: checked }, completion);
  }

  /**
   * Moves a phone session without hanging up: a dial-in caller to another room
   * of this server (its SIP URI or meeting URL), a dial-out to another SIP URI.
   */
  sipCallTransfer(settings: SipCallTransferSettings, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    const checked = check(sipTransferSettings, settings, 'settings');
    return this.telephonyRequest('sipCallTransfer', { settings: checked }, completion);
  }

  /** Sends a SIP REFER (Refer-To = `toEndPoint`) to the phone side of a session. */
  sipRefer(settings: SipCallTransferSettings, completion?: Completion): Promise<void> | undefined {
    this.checkAlive();
    const checked = check(sipTransferSettings, settings, 'settings');
    return this.telephonyRequest('sipRefer', { settings: checked }, completion);
  }

  /**
   * Calls `listener` with the remote tracks received now (engine track ids)
   * and after every change; returns the unsubscribe function. For the meeting
   * server's phone legs, which mix what they receive inside the engine.
   * @internal
   */
  watchReceivedTracks(listener: (tracks: ReceivedTrack[]) => void): () => void {
    return this.media.watchReceived(listener);
  }

  // -------------------------------------------------------------------------
  // Internals: join, leave, recovery

  private async doJoin(
    endpoint: MeetingEndpoint,
    token: string | undefined,
    settings: ClientSettings | undefined,
  ): Promise<JoinData> {
    const state = this.cache.callState;
    if (state === 'joining' || state === 'joined')
      throw new CallClientError('join: already in a call; leave it first', 'already-joined');
    if (state === 'leaving')
      throw new CallClientError(
        'join: the previous call is still being left; wait for leave() to finish',
        'invalid-state',
      );
    if (settings) this.applyClientSettings(settings);
    this.meetingToken = token;
    const session = new SignalingSession(endpoint, {
      proxy: this.proxy,
      joinParams: () => this.joinParams(),
    });
    this.session = session;
    this.setState('joining');
    this.wireSession(session);
    let result: JoinResult;
    try {
      result = await session.join((r) => {
        if (this.session !== session) return;
        this.events.takeSnapshot(r, false);
        this.setState('joined');
      });
    } catch (err) {
      if (this.session === session) {
        this.session = undefined;
        this.setState('left');
      }
      throw err;
    }
    if (this.session !== session) throw new CallClientError('join: the call was left before joining completed', 'left');
    await this.syncParticipantSubscriptions().catch((err: Error) =>
      this.dispatcher.dispatch('error', `subscriptions: ${err.message}`),
    );
    await this.media.start().catch((err: Error) => reportPublishFailure(this.dispatcher, err));
    return { meetingSession: { id: result.joinData.meetingSession.id }, participants: this.cache.participants() };
  }

  private async doLeave(): Promise<void> {
    const state = this.cache.callState;
    if (state !== 'joined' && state !== 'joining')
      throw new CallClientError(`leave: not in a call (call state is '${state}')`, 'not-joined');
    await this.teardown('leave');
  }

  /** Ends the call: media stopped, session left or closed, state `left`. */
  private async teardown(how: 'leave' | 'close'): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (how === 'leave') this.setState('leaving');
    await this.media.stop();
    if (session) {
      if (how === 'leave') await session.leave();
      else session.close();
    }
    for (const s of [...this.audioStreams]) s.end();
    this.cache.clearCall();
    // As daily-python: leaving reports the inputs, which stay as set for the next join.
    this.dispatcher.dispatch('inputs-updated', structuredClone(this.cache.inputs));
    this.setState('left');
  }

  private wireSession(session: SignalingSession): void {
    const mine = (): boolean => this.session === session;
    session.on('event', (e) => {
      if (mine()) this.events.apply(e);
    });
    session.on('interrupted', ({ reason }) => {
      if (mine()) this.dispatcher.dispatch('network-connection', { type: 'signaling', event: 'interrupted', reason });
    });
    session.on('restored', (restored) => {
      if (mine()) this.onRestored(restored);
    });
    session.on('failed', (err: TransportError) => {
      if (!mine()) return;
      this.dispatcher.dispatch('network-connection', { type: 'signaling', event: 'failed', reason: err.message });
      this.dispatcher.dispatch('error', err.message);
      void this.teardown('close');
    });
    session.on('ended', ({ reason, message }) => {
      if (!mine()) return;
      this.dispatcher.dispatch('error', `the call ended (${reason}): ${message}`);
      void this.teardown('close');
    });
  }

  private onRestored({ result, rejoined }: SessionRestored): void {
    this.events.takeSnapshot(result, true);
    const how = rejoined
      ? 'reconnected and joined again as a new participant'
      : result.serverRestarted
        ? 'reconnected and resumed after the meeting server restarted'
        : 'reconnected and resumed';
    this.dispatcher.dispatch('network-connection', {
      type: 'signaling',
      event: 'connected',
      reason: how,
      rejoined,
      participantId: result.participantId,
    });
    if (rejoined || result.serverRestarted) {
      // The server knows nothing of our media or subscription wishes.
      void this.syncParticipantSubscriptions().catch((err: Error) =>
        this.dispatcher.dispatch('error', `subscriptions: ${err.message}`),
      );
      void (rejoined ? this.media.rejoined() : this.media.serverRestarted());
    } else {
      // A publish in flight when the socket dropped is sent again.
      void this.media.syncPublisher().catch((err: Error) => reportPublishFailure(this.dispatcher, err));
    }
  }

  private setState(state: CallState): void {
    if (this.cache.callState === state) return;
    this.cache.callState = state;
    this.dispatcher.dispatch('call-state-updated', state);
  }

  // -------------------------------------------------------------------------
  // Internals: settings → media

  /** Applies inputs and publishing given to `join` (already checked). */
  private applyClientSettings(settings: ClientSettings): void {
    if (settings.inputs) {
      this.cache.inputs = mergeInputs(this.cache.inputs, settings.inputs);
      this.dispatcher.dispatch('inputs-updated', structuredClone(this.cache.inputs));
      this.microphoneProcessing
        .apply(this.cache.inputs)
        .catch((err: Error) => this.dispatcher.dispatch('error', `microphone processing: ${err.message}`));
    }
    if (settings.publishing) {
      this.cache.publishing = mergePublishing(this.cache.publishing, settings.publishing);
      this.dispatcher.dispatch('publishing-updated', structuredClone(this.cache.publishing));
    }
  }

  /** Publishes the current settings when in a call. */
  private applyMedia(): Promise<void> {
    return this.cache.callState === 'joined' ? this.media.syncPublisher() : Promise.resolve();
  }

  /** updateInputs: the microphone's processing (in or out of a call), then publishing. */
  private async applyInputs(): Promise<void> {
    await Promise.all([this.microphoneProcessing.apply(this.cache.inputs), this.applyMedia()]);
  }

  private async applySubscriptions(
    subscriptions: ParticipantSubscriptions,
    profiles: SubscriptionProfileSettings,
  ): Promise<void> {
    const subsChanged = JSON.stringify(subscriptions) !== JSON.stringify(this.cache.subscriptions);
    const profilesChanged = JSON.stringify(profiles) !== JSON.stringify(this.cache.profiles);
    this.cache.subscriptions = subscriptions;
    this.cache.profiles = profiles;
    if (profilesChanged) this.dispatcher.dispatch('subscription-profiles-updated', structuredClone(profiles));
    if (subsChanged) this.dispatcher.dispatch('subscriptions-updated', structuredClone(subscriptions));
    if (this.cache.callState === 'joined') await this.syncParticipantSubscriptions();
  }

  /** Sends the whole subscription state: `base` as defaults, participants with settings of their own. */
  private async syncParticipantSubscriptions(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const participants: Record<string, ReturnType<typeof toTrackSubscriptions>> = {};
    for (const [id, settings] of Object.entries(this.cache.subscriptions)) {
      if (this.cache.hasRemote(id))
        participants[id] = toTrackSubscriptions(effectiveMedia(this.cache.profiles, settings));
    }
    await session.request('updateSubscriptions', {
      defaults: toTrackSubscriptions(this.cache.profiles[BASE_PROFILE] ?? {}),
      participants,
    });
  }

  private joinParams(): { token?: string; userName?: string; subscriptions: ReturnType<typeof toTrackSubscriptions> } {
    return {
      ...(this.meetingToken !== undefined ? { token: this.meetingToken } : {}),
      ...(this.cache.userName !== undefined ? { userName: this.cache.userName } : {}),
      subscriptions: toTrackSubscriptions(this.cache.profiles[BASE_PROFILE] ?? {}),
    };
  }

  // -------------------------------------------------------------------------
  // Internals: checks

  private checkAlive(): void {
    if (this.released) throw new InvalidStateError(RELEASED);
  }

  private requireSession(): SignalingSession {
    if (!this.session) throw new CallClientError('not in a call', 'not-joined');
    return this.session;
  }

  /** Runs `op` when joined; otherwise fails with `not-joined`. */
  private whenJoined<T>(method: string, op: (session: SignalingSession) => Promise<T>): Promise<T> {
    if (this.cache.callState !== 'joined' || !this.session) {
      return Promise.reject(
        new CallClientError(`${method}: not in a call (call state is '${this.cache.callState}')`, 'not-joined'),
      );
    }
    return op(this.session);
  }

  private requireCustomTrack(trackName: unknown, kind: 'audio' | 'video'): void {
    const name = checkCustomTrackName(trackName);
    const entry = this.customTracks.get(name);
    if (!entry) throw new InvalidArgumentError('trackName', `there is no custom track named '${name}'`);
    if (entry.kind !== kind)
      throw new InvalidArgumentError('trackName', `'${name}' is a custom ${entry.kind} track, not ${kind}`);
  }

  private startLiveStream(
    method: 'startLiveStreamWithEndpoints' | 'startLiveStreamWithRtmpUrls',
    key: 'endpoints' | 'rtmpUrls',
    targets: string[],
    options: StartRecordingOptions | Completion | null | undefined,
    completion: Completion | undefined,
  ): Promise<void> | undefined {
    this.checkAlive();
    const list = checkStreamingEndpoints(targets, key);
    const split = startStreamingOptions<Completion>(options, completion, method);
    const params = { [key]: list, ...split.params };
    const op = this.whenJoined(method, (s) => s.request('startLiveStream', params, RECORDING_START_TIMEOUT_MS));
    return complete(
      op.then(() => undefined),
      split.completion,
    );
  }

  private changeEndpoints(
    method: 'addLiveStreamingEndpoints' | 'removeLiveStreamingEndpoints',
    endpoints: string[],
    options: StreamIdOptions | Completion | null | undefined,
    completion: Completion | undefined,
  ): Promise<void> | undefined {
    const params = () => ({ endpoints: checkStreamingEndpoints(endpoints, 'endpoints') });
    return this.streamRequest(method, params, options, completion);
  }

  /**
   * The recording and live-stream calls that take `(options?: {streamId}, completion?)`:
   * checks that the client is alive, then the call's own arguments (`params`),
   * then the options, and sends `method` with both.
   */
  private streamRequest<M extends StreamIdMethod>(
    method: M,
    params: () => Omit<SignalingParams<M>, 'streamId'>,
    options: StreamIdOptions | Completion | null | undefined,
    completion: Completion | undefined,
    timeoutMs?: number,
  ): Promise<void> | undefined {
    this.checkAlive();
    const own = params();
    const split = streamIdOptions(options, completion, method);
    const all = dropUndefined({ ...own, streamId: checkStreamId(split.options.streamId, 'streamId') });
    const op = this.whenJoined(method, (s) => s.request(method, all as SignalingParams<M>, timeoutMs));
    return complete(
      op.then(() => undefined),
      split.completion,
    );
  }

  private telephonyRequest<M extends 'sendDtmf' | 'sipCallTransfer' | 'sipRefer'>(
    method: M,
    params: SignalingMethods[M]['params'],
    completion: Completion | undefined,
  ): Promise<void> | undefined {
    checkCompletion(completion);
    const op = this.whenJoined(method, (s) => s.request(method, params, DIALOUT_START_TIMEOUT_MS));
    return complete(
      op.then(() => undefined),
      completion,
    );
  }
}
