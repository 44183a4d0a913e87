/**
 * Runtime checks of signaling messages: the server validates every client
 * request with {@link parseClientRequest}; clients may check server messages
 * with {@link parseServerMessage}.
 * @module
 */
import type {
  AnySignalingRequest,
  IceCandidateInit,
  PermissionsUpdate,
  PublishedTrack,
  ServerMessage,
  SessionDescription,
  SignalingErrorCode,
  SignalingMethod,
  SignalingMethods,
  SubscriptionSetting,
  TrackSubscriptions,
} from './messages';
import { CAN_ADMIN_PERMISSIONS, CAN_SEND_PERMISSIONS, type CanReceiveMediaPermission } from './participant';
import {
  ValidationError,
  array,
  boolean,
  describe,
  either,
  isPlainObject,
  json,
  nullable,
  number,
  object,
  oneOf,
  optional,
  record,
  string,
  type Validator,
} from './validation';
import { streamId, streamingEndpoints, streamingLayout, streamingSettings } from './streaming-validators';
import { dialoutSettings, dtmfSettings, sipTransferSettings } from './telephony-validators';

/** Largest SDP accepted (bytes of text). */
export const MAX_SDP_LENGTH = 64 * 1024;
/** Most tracks on one publisher connection. */
export const MAX_PUBLISHED_TRACKS = 16;
/** Most participant ids in one request. */
export const MAX_IDS_PER_REQUEST = 200;

/** Room names: letters, digits, `_` and `-`, 1 to 128 characters (Daily's rule). */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** Custom track names: letters, digits, `_`, `-` and `.`, 1 to 64 characters. */
export const TRACK_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A request could not be accepted; becomes an error response (or an `error` event without `id`). */
export class SignalingProtocolError extends Error {
  constructor(
    readonly code: SignalingErrorCode,
    message: string,
    readonly field?: string,
    readonly id?: number,
  ) {
    super(message);
    this.name = 'SignalingProtocolError';
  }
}

export const roomName = string({
  pattern: ROOM_NAME_PATTERN,
  patternText: 'letters, digits, _ and - (1 to 128 characters)',
});
export const participantId = string({ pattern: UUID_PATTERN, patternText: 'a participant id (UUID)' });
export const trackName = string({
  pattern: TRACK_NAME_PATTERN,
  patternText: 'letters, digits, _, - and . (1 to 64 characters)',
});
export const userName = string({ max: 256 });

const sessionDescription = (type: 'offer' | 'answer'): Validator<SessionDescription> => {
  const check = object({
    type: oneOf(type),
    sdp: string({ min: 1, max: MAX_SDP_LENGTH }),
    trickle: optional(boolean()),
  });
  return (value, field) => check(value, field);
};

const publishedTrack: Validator<PublishedTrack> = object({
  mid: string({ min: 1, max: 32 }),
  name: trackName,
  enabled: optional(boolean()),
  ignoreAudioLevel: optional(boolean()),
});

const iceCandidate: Validator<IceCandidateInit> = object({
  candidate: string({ max: 1024 }),
  sdpMid: optional(nullable(string({ max: 32 }))),
  sdpMLineIndex: optional(nullable(number({ integer: true, min: 0, max: 64 }))),
});

const subscriptionSetting: Validator<SubscriptionSetting> = object({
  subscribed: boolean(),
  substream: optional((v, f) => number({ integer: true, min: 0, max: 2 })(v, f) as 0 | 1 | 2),
});

const trackKey = either(oneOf('*', '*audio', '*video'), trackName, 'a track name, "*", "*audio" or "*video"');
const trackSubscriptions: Validator<TrackSubscriptions> = record(subscriptionSetting, { max: 32, key: trackKey });

const receiveMedia: Validator<CanReceiveMediaPermission> = object({
  video: optional(boolean()),
  audio: optional(boolean()),
  screenVideo: optional(boolean()),
  screenAudio: optional(boolean()),
  customVideo: optional(record(boolean(), { max: 64, key: trackKey })),
  customAudio: optional(record(boolean(), { max: 64, key: trackKey })),
});
const receiveRule = either(boolean(), receiveMedia, 'true, false or an object of media flags');

/** Checks a permissions change (shared by requests, tokens and the REST API). */
export const permissionsUpdate: Validator<PermissionsUpdate> = object({
  hasPresence: optional(boolean()),
  canSend: optional(
    either(boolean(), array(oneOf(...CAN_SEND_PERMISSIONS), { max: 6 }), 'true, false or a list of media names'),
  ),
  canReceive: optional(
    object({
      base: optional(receiveRule),
      byUserId: optional(record(receiveRule, { max: 1000 })),
      byParticipantId: optional(record(receiveRule, { max: 1000, key: participantId })),
    }),
  ),
  canAdmin: optional(
    either(boolean(), array(oneOf(...CAN_ADMIN_PERMISSIONS), { max: 3 }), 'true, false or a list of admin rights'),
  ),
});

/** Checks daily-python's TranscriptionSettings (unknown keys refused, naming them). */
export const transcriptionSettings = object({
  language: optional(string({ min: 1, max: 64 })),
  model: optional(string({ min: 1, max: 128 })),
  tier: optional(string({ min: 1, max: 128 })),
  profanity_filter: optional(boolean()),
  redact: optional(
    either(boolean(), array(string({ min: 1, max: 64 }), { max: 16 }), 'true, false or a list of redaction names'),
  ),
  punctuate: optional(boolean()),
  endpointing: optional(
    either(boolean(), number({ integer: true, min: 10, max: 10_000 }), 'true, false or milliseconds (10 to 10000)'),
  ),
  extra: optional(record(json(), { max: 32 })),
  includeRawResponse: optional(boolean()),
});

const empty = object({});
const protocolVersion = number({ integer: true, min: 0, max: 1_000_000 });

/** The params validator of every method. */
export const REQUEST_PARAMS: { [M in SignalingMethod]: Validator<SignalingMethods[M]['params']> } = {
  join: object({
    protocolVersion,
    roomName,
    token: optional(string({ min: 1, max: 8192 })),
    userName: optional(userName),
    subscriptions: optional(trackSubscriptions),
  }),
  resume: object({ protocolVersion, resumeToken: string({ min: 1, max: 2048 }), roomName }),
  leave: empty as Validator<Record<string, never>>,
  setUserName: object({ userName }),
  publish: object({
    jsep: sessionDescription('offer'),
    tracks: array(publishedTrack, { max: MAX_PUBLISHED_TRACKS }),
    ridOrder: optional(oneOf('hml', 'lmh')),
  }),
  unpublish: empty as Validator<Record<string, never>>,
  updateTracks: object({
    tracks: record(object({ enabled: boolean() }), { max: MAX_PUBLISHED_TRACKS, key: trackName }),
  }),
  trickle: object({ target: oneOf('publisher', 'subscriber'), candidate: nullable(iceCandidate) }),
  updateSubscriptions: object({
    defaults: optional(trackSubscriptions),
    participants: optional(record(nullable(trackSubscriptions), { max: MAX_IDS_PER_REQUEST, key: participantId })),
  }),
  subscriberAnswer: object({
    jsep: sessionDescription('answer'),
    connectionId: optional(number({ integer: true, min: 1 })),
  }),
  resetSubscriber: empty as Validator<Record<string, never>>,
  sendAppMessage: object({ data: json(), to: optional(participantId) }),
  sendChatMessage: object({ message: string({ min: 1, max: 4096 }), userName: optional(userName) }),
  updatePermissions: object({ permissions: permissionsUpdate }),
  updateRemoteParticipants: object({
    updates: record(
      object({
        permissions: optional(permissionsUpdate),
        inputsEnabled: optional(
          object({ camera: optional(boolean()), microphone: optional(boolean()), screenShare: optional(boolean()) }),
        ),
        eject: optional(boolean()),
      }),
      { max: MAX_IDS_PER_REQUEST, key: participantId },
    ),
  }),
  ejectRemoteParticipants: object({ ids: array(participantId, { min: 1, max: MAX_IDS_PER_REQUEST }) }),
  startTranscription: object({ settings: optional(transcriptionSettings) }),
  stopTranscription: empty as Validator<Record<string, never>>,
  updateTranscription: object({
    participants: optional(nullable(array(participantId, { max: MAX_IDS_PER_REQUEST }))),
    instanceId: optional(string({ min: 1, max: 128 })),
  }),
  startRecording: object({
    streamingSettings: optional(streamingSettings),
    streamId: optional(streamId),
    forceNew: optional(boolean()),
  }),
  stopRecording: object({ streamId: optional(streamId) }),
  updateRecording: object({ layout: streamingLayout, streamId: optional(streamId) }),
  startLiveStream: object({
    rtmpUrls: optional(streamingEndpoints),
    endpoints: optional(streamingEndpoints),
    streamingSettings: optional(streamingSettings),
    streamId: optional(streamId),
    forceNew: optional(boolean()),
  }),
  stopLiveStream: object({ streamId: optional(streamId) }),
  updateLiveStream: object({ layout: streamingLayout, streamId: optional(streamId) }),
  addLiveStreamingEndpoints: object({ endpoints: streamingEndpoints, streamId: optional(streamId) }),
  removeLiveStreamingEndpoints: object({ endpoints: streamingEndpoints, streamId: optional(streamId) }),
  startDialout: object({ settings: dialoutSettings }),
  stopDialout: object({ participantId }),
  sendDtmf: object({ settings: dtmfSettings }),
  sipCallTransfer: object({ settings: sipTransferSettings }),
  sipRefer: object({ settings: sipTransferSettings }),
};

function isSignalingMethod(method: string): method is SignalingMethod {
  return Object.prototype.hasOwnProperty.call(REQUEST_PARAMS, method);
}

/**
 * Parses and checks one client message (the text of a WebSocket frame).
 * @throws SignalingProtocolError with code `bad-json`, `bad-request` or
 *   `unknown-method`; `id` is set when the message had a usable one.
 */
export function parseClientRequest(text: string): AnySignalingRequest {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new SignalingProtocolError('bad-json', 'message is not valid JSON');
  }
  if (!isPlainObject(message))
    throw new SignalingProtocolError('bad-request', `message must be an object, got ${describe(message)}`);
  const { id, method, params } = message;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new SignalingProtocolError('bad-request', `must be a non-negative integer, got ${describe(id)}`, 'id');
  }
  for (const key of Object.keys(message)) {
    if (key !== 'id' && key !== 'method' && key !== 'params') {
      throw new SignalingProtocolError('bad-request', 'is not a known field', key, id);
    }
  }
  if (typeof method !== 'string')
    throw new SignalingProtocolError('bad-request', `must be a string, got ${describe(method)}`, 'method', id);
  if (!isSignalingMethod(method))
    throw new SignalingProtocolError('unknown-method', `unknown method ${describe(method)}`, 'method', id);
  try {
    const checked = REQUEST_PARAMS[method](params === undefined ? {} : params, 'params');
    return { id, method, params: checked } as AnySignalingRequest;
  } catch (e) {
    if (e instanceof ValidationError) throw new SignalingProtocolError('bad-request', e.message, e.field, id);
    throw e;
  }
}

/**
 * Parses one server message and checks its envelope (response or event). The
 * payloads are trusted to follow {@link SignalingMethods} and the event map.
 * @throws ValidationError naming what is wrong
 */
export function parseServerMessage(text: string): ServerMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new ValidationError('message', 'is not valid JSON');
  }
  if (!isPlainObject(message)) throw new ValidationError('message', `must be an object, got ${describe(message)}`);
  if (typeof message.event === 'string') {
    if (!isPlainObject(message.data)) throw new ValidationError('data', 'must be an object');
    return message as unknown as ServerMessage;
  }
  if (typeof message.id !== 'number') throw new ValidationError('id', 'must be a number (or the message an event)');
  if (message.ok === true) return message as unknown as ServerMessage;
  if (message.ok === false && isPlainObject(message.error) && typeof message.error.code === 'string') {
    return message as unknown as ServerMessage;
  }
  throw new ValidationError('ok', 'must be true with a result or false with an error');
}
