/**
 * The signaling messages between a client (the SDK's CallClient, a test peer)
 * and the meeting server, over one WebSocket per call.
 *
 * - Client → server: requests `{ id, method, params }`. `id` is an integer the
 *   client picks (unique among its pending requests).
 * - Server → client: exactly one response per request, `{ id, ok: true, result }`
 *   or `{ id, ok: false, error: { code, message, field? } }`, and events
 *   `{ event, data }` at any time.
 *
 * The first request on a socket is `join` (or `resume`); everything else is
 * refused with `not-joined` until then. Media: the client publishes all its
 * tracks on one send-only RTCPeerConnection (`publish`, answered by the server)
 * and receives on one receive-only RTCPeerConnection whose offers come from the
 * server (`subscriber-offer` event, answered with `subscriberAnswer`).
 * @module
 */
import type {
  CallParticipants,
  CanAdminPermission,
  CanReceiveMediaPermission,
  CanSendPermission,
  Participant,
  ParticipantCounts,
  ParticipantLeftReason,
} from './participant';
import type {
  DialinConnectedEvent,
  DialinEvent,
  DialinStoppedEvent,
  DialoutEvent,
  DialoutSendDtmfSettings,
  DialoutSettings,
  DtmfEvent,
  LiveStreamStatus,
  LiveStreamUpdate,
  RecordingStatus,
  StreamingLayout,
  StreamingSettings,
  TranscriptionMessage,
  TranscriptionSettings,
  TranscriptionStatus,
  TranscriptionUpdated,
  SipCallTransferSettings,
} from '../call/types/service-types';

/** Version of this protocol; `join`/`resume` carry it and the server refuses others. */
export const PROTOCOL_VERSION = 1;

/** Path of the signaling WebSocket on the meeting server. */
export const SIGNALING_PATH = '/v1/signaling';

// ---------------------------------------------------------------------------
// Shared shapes

/** An SDP offer or answer. Native peers send complete SDPs (`trickle: false`). */
export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
  /** False when the SDP already holds every candidate (default: false). */
  trickle?: boolean;
}

/** One ICE candidate of a trickling peer. */
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/**
 * A track carried by the publisher connection: its SDP `mid` and its name. Names
 * `microphone`, `camera`, `screenVideo`, `screenAudio` are the standard tracks
 * (their media kind must match); any other name is a custom audio or video track
 * (kind taken from the m-line).
 */
export interface PublishedTrack {
  mid: string;
  name: string;
  /** False publishes the track switched off (others see state "off", reason "user"). Default true. */
  enabled?: boolean;
  /**
   * Audio: true keeps this track out of active-speaker detection (daily-python's
   * `ignore_audio_level`). Default false: microphones and custom audio tracks count;
   * `screenAudio` never does.
   */
  ignoreAudioLevel?: boolean;
}

/**
 * Whether to receive one track; `substream` picks a simulcast layer (0 = lowest;
 * a layer above what the sender publishes gets its highest).
 */
export interface SubscriptionSetting {
  subscribed: boolean;
  substream?: 0 | 1 | 2;
}

/**
 * Subscription settings per track name. `"*audio"` / `"*video"` cover custom
 * (non-standard) audio / video tracks not named; `"*"` covers every track not
 * named and not covered by those.
 */
export type TrackSubscriptions = Record<string, SubscriptionSetting>;

/**
 * A stream of the subscriber connection, as listed with each offer. Only
 * m-lines that carry a track are listed; the others are inactive (kept by the
 * SFU for reuse).
 */
export interface SubscribedStream {
  /** The mid of this m-line in the subscriber connection. */
  mid: string;
  participantId: string;
  /** Track name at the publisher (`microphone`, `camera`, or a custom name). */
  track: string;
  kind: 'audio' | 'video';
}

/**
 * A change of permissions. Each key replaces the old value when present.
 * `canSend`/`canAdmin` also take `true` (all) or `false` (none), as in Daily tokens.
 */
export interface PermissionsUpdate {
  hasPresence?: boolean;
  canSend?: CanSendPermission[] | boolean;
  canReceive?: {
    base?: boolean | CanReceiveMediaPermission;
    byUserId?: Record<string, boolean | CanReceiveMediaPermission>;
    byParticipantId?: Record<string, boolean | CanReceiveMediaPermission>;
  };
  canAdmin?: CanAdminPermission[] | boolean;
}

/** daily-python `ParticipantInputs`: `false` turns the remote input off (Janus moderation). */
export interface RemoteInputsUpdate {
  camera?: boolean;
  microphone?: boolean;
  screenShare?: boolean;
}

/** One entry of `updateRemoteParticipants` (daily-python `ParticipantUpdate`, plus `eject`). */
export interface RemoteParticipantUpdate {
  permissions?: PermissionsUpdate;
  inputsEnabled?: RemoteInputsUpdate;
  /** True removes the participant from the call, like `ejectRemoteParticipants`. */
  eject?: boolean;
}

/** Room settings a client needs after joining (from the room's properties and the token). */
export interface RoomInfo {
  name: string;
  privacy: 'public' | 'private';
  /** Join with the camera off (token overrides room). */
  startVideoOff: boolean;
  /** Join with the microphone off (token overrides room). */
  startAudioOff: boolean;
  enableChat: boolean;
  enableScreenshare: boolean;
  enableRecording: string | null;
  enableTranscription: boolean;
  enableDialout: boolean;
  /** Unix seconds after which the room closes, if set. */
  exp: number | null;
}

/** Limits the server enforces on this connection. */
export interface SignalingLimits {
  /** Largest WebSocket message accepted, in bytes; larger ones close the socket (1009). */
  maxMessageBytes: number;
  /** Largest app message `data`, in bytes of its JSON text. */
  maxAppMessageBytes: number;
  /** App and chat messages allowed per second (a short burst of twice that is tolerated). */
  appMessagesPerSecond: number;
  /** Requests of any kind allowed per second (burst twice that). */
  requestsPerSecond: number;
}

/** daily-python `JoinData`. */
export interface JoinData {
  meetingSession: { id: string };
  participants: CallParticipants;
}

// ---------------------------------------------------------------------------
// Requests

/** `join`: enter a room. Private rooms need a meeting token. */
export interface JoinParams {
  protocolVersion: number;
  roomName: string;
  /** A meeting token from `POST /v1/meeting-tokens`. */
  token?: string;
  /** Display name; the token's `user_name` wins when both are given. */
  userName?: string;
  /**
   * Initial subscription defaults (see {@link UpdateSubscriptionsParams.defaults}),
   * e.g. `{ microphone: { subscribed: true } }` or `{ "*": { subscribed: true } }`.
   * Nothing is received until some setting subscribes to it.
   */
  subscriptions?: TrackSubscriptions;
}

/** Result of `join` and `resume`. */
export interface JoinResult {
  /** The local participant's id (also `joinData.participants.local.id`). */
  participantId: string;
  /**
   * Secret for `resume` after a dropped socket or a server restart (opaque to
   * clients). The participant may resume while the server still holds it:
   * for `resumeGraceMs` after its socket dropped, or after the server started
   * again.
   */
  resumeToken: string;
  resumeGraceMs: number;
  joinData: JoinData;
  counts: ParticipantCounts;
  activeSpeakerId: string | null;
  room: RoomInfo;
  limits: SignalingLimits;
  /** True when this was a `resume` of an existing participant. */
  resumed: boolean;
  /** The transcription running in the room, if any (the client emits `transcription-started` on join). */
  transcription?: TranscriptionStatus;
  /** The recordings running in the room (the client emits `recording-started` for each on join). */
  recordings?: RecordingStatus[];
  /** The live streams running in the room (the client emits `live-stream-started` for each on join). */
  liveStreams?: LiveStreamStatus[];
  /**
   * True when the server restarted since this participant's last connection
   * (a `resume` that brought it back from the server's storage): the server
   * holds none of its media or subscription settings. The client closes both
   * peer connections, sends its subscriptions again and publishes again;
   * subscriber offers follow. False otherwise.
   */
  serverRestarted: boolean;
}

/**
 * `resume`: take over a participant whose socket dropped, within the grace
 * period, or that was in the call when the server stopped or crashed (within
 * the grace period counted from the server's start). Refusals have one of the
 * {@link RESUME_REFUSAL_CODES}; a client may then `join` again (as a new
 * participant), except after `ejected`.
 */
export interface ResumeParams {
  protocolVersion: number;
  resumeToken: string;
  /** The room the client means to be in (from its meeting URL); a token of another room is refused. */
  roomName: string;
}

/** `setUserName`: change the local participant's display name. */
export interface SetUserNameParams {
  userName: string;
}

/**
 * `publish`: (re)negotiate the publisher connection. `tracks` lists every track
 * of the offer; the first call publishes, later calls renegotiate (add, remove,
 * rename tracks). Tracks the participant may not send are refused (`forbidden`).
 */
export interface PublishParams {
  jsep: SessionDescription;
  tracks: PublishedTrack[];
  /**
   * Order of the simulcast rids in the offer's `a=simulcast` lines: `hml`
   * (highest first, the default, as browsers using janus.js send them) or
   * `lmh` (lowest first, as libwebrtc wants its encodings and daily-node sends them).
   */
  ridOrder?: 'hml' | 'lmh';
}

/** Result of `publish`: the answer to apply to the publisher connection. */
export interface PublishResult {
  jsep: SessionDescription;
}

/** `updateTracks`: switch published tracks on or off without renegotiation. */
export interface UpdateTracksParams {
  tracks: Record<string, { enabled: boolean }>;
}

/** `trickle`: a local ICE candidate (or `null` at end of candidates). */
export interface TrickleParams {
  target: 'publisher' | 'subscriber';
  candidate: IceCandidateInit | null;
}

/**
 * `updateSubscriptions`: what to receive. `defaults` apply to every remote
 * participant without an entry in `participants`; both merge into the current
 * settings per track (a `null` participant entry removes the override). The
 * server follows these settings as tracks come and go and sends a
 * `subscriber-offer` whenever the receive connection changes.
 */
export interface UpdateSubscriptionsParams {
  defaults?: TrackSubscriptions;
  participants?: Record<string, TrackSubscriptions | null>;
}

/** `resetSubscriber`'s result. */
export interface ResetSubscriberResult {
  /**
   * The lowest `connectionId` the new receive connection's offers carry.
   * Offers with a lower one were made for the dropped connection before the
   * reset reached the server; the client ignores them.
   */
  minConnectionId: number;
}

/** `subscriberAnswer`: the answer to the latest `subscriber-offer`. */
export interface SubscriberAnswerParams {
  jsep: SessionDescription;
  /**
   * The `connectionId` of the offer answered. When given, the server refuses
   * an answer to an offer it no longer waits for (a connection since replaced)
   * instead of taking it for the answer to its newest offer.
   */
  connectionId?: number;
}

/** `sendAppMessage`: any JSON value, to everyone (no `to`) or one participant. */
export interface SendAppMessageParams {
  data: unknown;
  to?: string;
}

/** `sendChatMessage`: a Daily Prebuilt chat message, delivered as an app message. */
export interface SendChatMessageParams {
  message: string;
  userName?: string;
}

/** `updatePermissions`: change the local participant's own permissions (owners only). */
export interface UpdatePermissionsParams {
  permissions: PermissionsUpdate;
}

/** `updateRemoteParticipants`: owners and `canAdmin: participants` holders only. */
export interface UpdateRemoteParticipantsParams {
  updates: Record<string, RemoteParticipantUpdate>;
}

/** `ejectRemoteParticipants`: owners and `canAdmin: participants` holders only. */
export interface EjectRemoteParticipantsParams {
  ids: string[];
}

/**
 * `startTranscription`: owners and `canAdmin: transcription` holders, in rooms
 * with `enable_transcription`. Settings the server's ASR engine cannot honour
 * are refused (`bad-request`, `field` naming the key).
 */
export interface StartTranscriptionParams {
  settings?: TranscriptionSettings;
}

/**
 * `updateTranscription`: whom to transcribe (`null` or absent = everyone);
 * `instanceId`, when given, must be the running transcription's.
 */
export interface UpdateTranscriptionParams {
  participants?: string[] | null;
  instanceId?: string;
}

/**
 * `startRecording`: owners and `canAdmin: streaming` holders, in rooms whose
 * `enable_recording` is not false. Without `streamId` the server picks one;
 * `forceNew` starts another instance beside a running one.
 */
export interface StartRecordingParams {
  streamingSettings?: StreamingSettings;
  streamId?: string;
  forceNew?: boolean;
}

/** `stopRecording`: without `streamId`, the only running recording. */
export interface StopRecordingParams {
  streamId?: string;
}

/** `updateRecording`: a new layout for a running recording. */
export interface UpdateRecordingParams {
  layout: StreamingLayout;
  streamId?: string;
}

/**
 * `startLiveStream`: owners and `canAdmin: streaming` holders. Exactly one of
 * `rtmpUrls` and `endpoints` (names of the room's `streaming_endpoints`).
 */
export interface StartLiveStreamParams {
  rtmpUrls?: string[];
  endpoints?: string[];
  streamingSettings?: StreamingSettings;
  streamId?: string;
  forceNew?: boolean;
}

/** `add/removeLiveStreamingEndpoints`: RTMP URLs or endpoint names. */
export interface LiveStreamEndpointsParams {
  endpoints: string[];
  streamId?: string;
}

/**
 * `startDialout`: owners and `canAdmin: participants` holders, in rooms with
 * `enable_dialout`. The phone leg joins as a hidden participant at once (its
 * id is the `sessionId`) and appears (`participant-joined`) when the phone answers.
 */
export interface StartDialoutParams {
  settings: DialoutSettings;
}

/** `stopDialout`: hangs up the phone leg whose participant id (= sessionId) is given. */
export interface StopDialoutParams {
  participantId: string;
}

/** `sendDtmf`: digits to the phone of a dial-out or dial-in session. */
export interface SendDtmfParams {
  settings: DialoutSendDtmfSettings;
}

/** `sipCallTransfer` / `sipRefer`: where to move a phone session. */
export interface SipTransferParams {
  settings: SipCallTransferSettings;
}

/** An empty params or result object. */
export type Empty = Record<string, never>;

/** Every request method with its params and result. */
export interface SignalingMethods {
  join: { params: JoinParams; result: JoinResult };
  resume: { params: ResumeParams; result: JoinResult };
  leave: { params: Empty; result: Empty };
  setUserName: { params: SetUserNameParams; result: Empty };
  publish: { params: PublishParams; result: PublishResult };
  unpublish: { params: Empty; result: Empty };
  updateTracks: { params: UpdateTracksParams; result: Empty };
  trickle: { params: TrickleParams; result: Empty };
  updateSubscriptions: { params: UpdateSubscriptionsParams; result: Empty };
  subscriberAnswer: { params: SubscriberAnswerParams; result: Empty };
  /**
   * The client lost its receive connection (its media engine restarted): the
   * server drops the SFU side too, and a `subscriber-offer` with a new
   * `connectionId` (at least the result's `minConnectionId`) follows for
   * whatever the client should receive.
   */
  resetSubscriber: { params: Empty; result: ResetSubscriberResult };
  sendAppMessage: { params: SendAppMessageParams; result: Empty };
  sendChatMessage: { params: SendChatMessageParams; result: Empty };
  updatePermissions: { params: UpdatePermissionsParams; result: Empty };
  updateRemoteParticipants: { params: UpdateRemoteParticipantsParams; result: Empty };
  ejectRemoteParticipants: { params: EjectRemoteParticipantsParams; result: Empty };
  startTranscription: { params: StartTranscriptionParams; result: { status: TranscriptionStatus } };
  stopTranscription: { params: Empty; result: Empty };
  updateTranscription: { params: UpdateTranscriptionParams; result: Empty };
  startRecording: { params: StartRecordingParams; result: { status: RecordingStatus } };
  stopRecording: { params: StopRecordingParams; result: Empty };
  updateRecording: { params: UpdateRecordingParams; result: Empty };
  startLiveStream: { params: StartLiveStreamParams; result: { status: LiveStreamStatus } };
  stopLiveStream: { params: StopRecordingParams; result: Empty };
  updateLiveStream: { params: UpdateRecordingParams; result: Empty };
  addLiveStreamingEndpoints: { params: LiveStreamEndpointsParams; result: Empty };
  startDialout: { params: StartDialoutParams; result: { sessionId: string } };
  stopDialout: { params: StopDialoutParams; result: Empty };
  sendDtmf: { params: SendDtmfParams; result: Empty };
  sipCallTransfer: { params: SipTransferParams; result: Empty };
  sipRefer: { params: SipTransferParams; result: Empty };
  removeLiveStreamingEndpoints: { params: LiveStreamEndpointsParams; result: Empty };
}

export type SignalingMethod = keyof SignalingMethods;
export type SignalingParams<M extends SignalingMethod> = SignalingMethods[M]['params'];
export type SignalingResult<M extends SignalingMethod> = SignalingMethods[M]['result'];

/** A request as sent by the client. */
export interface SignalingRequest<M extends SignalingMethod = SignalingMethod> {
  id: number;
  method: M;
  params: SignalingParams<M>;
}

/** Any request, discriminated by `method`. */
export type AnySignalingRequest = { [M in SignalingMethod]: SignalingRequest<M> }[SignalingMethod];

// ---------------------------------------------------------------------------
// Responses and errors

/** Machine-readable error codes of responses and `error` events. */
export type SignalingErrorCode =
  | 'bad-json'
  | 'bad-request'
  | 'unknown-method'
  | 'unsupported-version'
  | 'not-joined'
  | 'already-joined'
  | 'room-not-found'
  | 'room-not-yet-open'
  | 'room-expired'
  | 'room-full'
  | 'token-required'
  | 'token-invalid'
  | 'token-expired'
  | 'token-not-yet-valid'
  | 'token-wrong-room'
  | 'forbidden'
  | 'participant-not-found'
  | 'resume-failed'
  | 'resume-token-invalid'
  | 'resume-wrong-room'
  | 'resume-expired'
  | 'resume-left'
  | 'resume-room-deleted'
  | 'ejected'
  | 'rate-limited'
  | 'too-large'
  | 'not-publishing'
  | 'media-unavailable'
  | 'media-error'
  | 'not-available'
  | 'shutting-down'
  | 'internal';

/**
 * Codes of a refused `resume` after which joining again (as a new participant)
 * is the way back. `resume-token-invalid`: not a token of this server
 * (forged, malformed, or signed with another key); `resume-wrong-room`: the
 * token is for another room; `resume-expired`: the participant did not come
 * back within the grace period; `resume-left`: it left the call;
 * `resume-room-deleted`: its room was deleted (perhaps made again since);
 * `resume-failed`: the server knows nothing of it. Other refusals: `ejected`
 * (do not come back on your own), `room-expired`, `token-expired` (a join
 * would be refused as well), `shutting-down` (try again shortly).
 */
export const RESUME_REFUSAL_CODES: ReadonlySet<SignalingErrorCode> = new Set<SignalingErrorCode>([
  'resume-failed',
  'resume-token-invalid',
  'resume-wrong-room',
  'resume-expired',
  'resume-left',
  'resume-room-deleted',
]);

/** The error of a failed request. `field` names the offending param when there is one. */
export interface SignalingErrorBody {
  code: SignalingErrorCode;
  message: string;
  field?: string;
}

/** Success response. */
export interface SignalingOkResponse<M extends SignalingMethod = SignalingMethod> {
  id: number;
  ok: true;
  result: SignalingResult<M>;
}

/** Error response. */
export interface SignalingErrorResponse {
  id: number;
  ok: false;
  error: SignalingErrorBody;
}

export type SignalingResponse = SignalingOkResponse | SignalingErrorResponse;

// ---------------------------------------------------------------------------
// Events

/** Why someone left, in more detail than daily-python's {@link ParticipantLeftReason}. */
export type LeftDetail =
  'left' | 'ejected' | 'connection-lost' | 'token-expired' | 'room-expired' | 'room-deleted' | 'became-hidden';

/** Why the server ended this client's session (sent before it closes the socket). */
export type SessionEndReason =
  | 'ejected'
  | 'token-expired'
  | 'room-expired'
  | 'room-deleted'
  /** The server is stopping (perhaps to restart): `resume` once it is back. */
  | 'server-shutdown'
  | 'resumed-elsewhere';

/** Every event with its data. Participants are shown as the receiving client sees them. */
export interface SignalingEvents {
  'participant-joined': { participant: Participant };
  /** Info, permissions or track state of a participant (the local one included) changed. */
  'participant-updated': { participant: Participant };
  'participant-left': { participant: Participant; reason: ParticipantLeftReason; detail: LeftDetail };
  'participant-counts-updated': { counts: ParticipantCounts };
  /** The participant whose microphone started talking last (null when they left). */
  'active-speaker-changed': { participant: Participant | null };
  /** `from` is the sender's participant id, or `"API"` for the REST endpoint. */
  'app-message': { data: unknown; from: string };
  /**
   * A new offer for the subscriber connection; answer with `subscriberAnswer`.
   * `streams` maps the offer's active m-lines to participants and tracks.
   * When `connectionId` differs from the previous offer's, the SFU side is a
   * new connection: close the old receive RTCPeerConnection and apply this
   * offer to a new one.
   */
  'subscriber-offer': { connectionId: number; jsep: SessionDescription; streams: SubscribedStream[] };
  /**
   * The SFU restarted or was lost: both peer connections are dead. Close them,
   * `publish` again on a new connection; subscriber offers for a new receive
   * connection follow as remote tracks come back.
   */
  'media-reset': { reason: 'sfu-restarted' | 'sfu-lost'; message: string };
  /** The server ended this session; the socket closes right after. */
  'session-ended': { reason: SessionEndReason; message: string };
  /** Transcription began (also sent to participants joining while it runs, in JoinResult). */
  'transcription-started': { status: TranscriptionStatus };
  /** One finished utterance of one participant's microphone. */
  'transcription-message': { message: TranscriptionMessage };
  /** The set of transcribed participants changed. */
  'transcription-updated': { update: TranscriptionUpdated };
  /** Transcription ended: stopped by a participant (`stoppedBy`) or by an error that could not be recovered. */
  'transcription-stopped': { stoppedBy: string | null; stoppedByError: boolean };
  /** The ASR engine failed (the transcription stops with `stoppedByError` after this). */
  'transcription-error': { message: string };
  /** A recording began (also in JoinResult for participants joining while it runs). */
  'recording-started': { status: RecordingStatus };
  /** A recording ended (stopped, maxDuration, the room emptied, or after `recording-error`). */
  'recording-stopped': { streamId: string };
  /** A recording failed (its encoder died); the file holds what was recorded up to then. */
  'recording-error': { streamId: string; message: string };
  /** A live stream began (also in JoinResult for participants joining while it runs). */
  'live-stream-started': { status: LiveStreamStatus };
  /** An endpoint of a live stream connected or was interrupted. */
  'live-stream-updated': { update: LiveStreamUpdate };
  /** A live stream ended. */
  'live-stream-stopped': { streamId: string };
  /** An endpoint failed and is being retried; the other endpoints go on. */
  'live-stream-warning': { streamId: string; message: string };
  /** The live stream failed as a whole (every endpoint, or its encoder); it stops. */
  'live-stream-error': { streamId: string; message: string };
  /** A dial-out's INVITE was sent and the phone side responds (ringing); to its starter and owners. */
  'dialout-connected': DialoutEvent;
  /** The phone answered: the leg appears as a participant. */
  'dialout-answered': DialoutEvent;
  /** The dial-out ended (hung up by either side). */
  'dialout-stopped': DialoutEvent;
  /** The dial-out failed; `message` carries the SIP code and reason (e.g. "486 Busy Here"). */
  'dialout-error': DialoutEvent;
  /** Something about the dial-out is not as asked but it goes on (a codec fallback). */
  'dialout-warning': DialoutEvent;
  /** The room's SIP endpoint can take calls (to owners in the call). */
  'dialin-ready': { sipEndpoint: string };
  /** A caller's INVITE was accepted: the caller is in the call as participant `sessionId`. */
  'dialin-connected': DialinConnectedEvent;
  /** A dial-in caller hung up (or was hung up on). */
  'dialin-stopped': DialinStoppedEvent;
  'dialin-error': DialinEvent;
  'dialin-warning': DialinEvent;
  /** A digit pressed on the phone side (RFC 2833 or SIP INFO). */
  'dtmf-event': DtmfEvent;
  /** A message that could not be answered as a request (bad JSON, no id). */
  error: SignalingErrorBody;
}

export type SignalingEventName = keyof SignalingEvents;

/** An event as sent by the server. */
export interface SignalingEvent<E extends SignalingEventName = SignalingEventName> {
  event: E;
  data: SignalingEvents[E];
}

/** Any event, discriminated by `event`. */
export type AnySignalingEvent = { [E in SignalingEventName]: SignalingEvent<E> }[SignalingEventName];

/** Anything the server sends. */
export type ServerMessage = SignalingResponse | AnySignalingEvent;

/** The app-message `data` of a chat message (the shape Daily Prebuilt uses). */
export interface ChatMessageData {
  event: 'chat-msg';
  message: string;
  name: string;
  room: string;
  /** ISO 8601 send time. */
  date: string;
}
