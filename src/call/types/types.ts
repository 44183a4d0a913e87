/**
 * The data types of the call API, with daily-python's keys (types.rst). The
 * participant model comes from the signaling protocol unchanged.
 * @module
 */
import type {
  CallParticipants,
  CanAdminPermission,
  CanReceivePermission,
  CanSendPermission,
} from '../../signaling/participant';

export type {
  CallParticipants,
  CanAdminPermission,
  CanReceiveMediaPermission,
  CanReceivePermission,
  CanSendPermission,
  MediaOffReason,
  MediaState,
  Participant,
  ParticipantCounts,
  ParticipantInfo,
  ParticipantLeftReason,
  ParticipantMedia,
  ParticipantMediaInfo,
  ParticipantPermissions,
  SubscribedState,
} from '../../signaling/participant';
export type { LeftDetail } from '../../signaling/messages';

/** daily-python `CallState`. */
export type CallState = 'initialized' | 'joining' | 'joined' | 'leaving' | 'left';

/** daily-python `MeetingSession`: the id of this run of the room (new each time it empties and fills again). */
export interface MeetingSession {
  id: string;
}

/** daily-python `JoinData` (the result of `join`). */
export interface JoinData {
  meetingSession: MeetingSession;
  participants: CallParticipants;
}

// ---------------------------------------------------------------------------
// Inputs

/** daily-python `CustomTrack`: a CustomAudioTrack / CustomVideoTrack by its id. */
export interface CustomTrack {
  id: string;
}

/** daily-python `CustomTrackSettings`. */
export interface CustomTrackSettings {
  customTrack: CustomTrack;
}

/** A virtual microphone by name, with optional constraints (daily-python `AudioSettings`). */
export interface AudioSettings {
  deviceId?: string;
  /**
   * Audio processing of the microphone, as getUserMedia constraints:
   * `echoCancellation`, `noiseSuppression`, `autoGainControl`, each `true`/`false`,
   * `{ exact: boolean }` or `{ ideal: boolean }` (all off by default). Echo is
   * cancelled against what the selected speaker plays. Other keys are refused.
   */
  customConstraints?: Record<string, unknown>;
}

/** A virtual camera by name (daily-python `CameraSettings`). */
export interface CameraSettings {
  deviceId?: string;
  width?: number;
  height?: number;
  frameRate?: number;
  facingMode?: 'user' | 'environment' | 'left' | 'right';
  customConstraints?: Record<string, unknown>;
}

export interface MicrophoneInputSettings {
  isEnabled?: boolean;
  settings?: AudioSettings | CustomTrackSettings;
}

export interface CameraInputSettings {
  isEnabled?: boolean;
  settings?: CameraSettings | CustomTrackSettings;
}

export interface CustomTrackInputSettings {
  isEnabled?: boolean;
  settings?: CustomTrackSettings;
}

/**
 * daily-python `InputSettings`. In updates, `camera: false` / `microphone: false`
 * are short for `{ isEnabled: false }`.
 */
export interface InputSettings {
  camera?: CameraInputSettings;
  microphone?: MicrophoneInputSettings;
  screenVideo?: CustomTrackInputSettings;
  screenAudio?: CustomTrackInputSettings;
}

/** What {@link InputSettings} updates accept. */
export interface InputSettingsUpdate {
  camera?: CameraInputSettings | false;
  microphone?: MicrophoneInputSettings | false;
  screenVideo?: CustomTrackInputSettings | false;
  screenAudio?: CustomTrackInputSettings | false;
}

// ---------------------------------------------------------------------------
// Publishing

/** daily-python `AudioSendSettings`. */
export interface AudioSendSettings {
  channelConfig?: 'mono' | 'stereo';
  /** Bits per second (6000 to 510000). */
  bitrate?: number;
  /**
   * Opus frame (packet) duration in ms: 10 (default), 20, 40 or 60. Beyond
   * daily-python. 10 ms frames reach the other side about 10 ms sooner than
   * libwebrtc's usual 20 ms; 20 ms halves the packet rate (fewer header bytes,
   * less CPU per stream in the engine and the SFU). `'music'` uses 20.
   */
  frameDurationMs?: 10 | 20 | 40 | 60;
}

/** daily-python `AudioPublishingSettings`. */
export interface AudioPublishingSettings {
  isPublishing?: boolean;
  sendSettings?: 'speech' | 'music' | AudioSendSettings;
}

/** daily-python `CustomVideoEncoding`. */
export interface CustomVideoEncoding {
  quality: 'low' | 'medium' | 'high';
  parameters?: { maxBitrate?: number; maxFramerate?: number; scaleResolutionDownBy?: number };
}

/** daily-python `VideoSendSettings`. */
export interface VideoSendSettings {
  maxQuality?: 'low' | 'medium' | 'high';
  preferredCodec?: 'VP8' | 'H264' | 'H265';
  /**
   * One encoding per simulcast layer (a list, or a mapping quality → parameters
   * as in daily-python's gstreamer demo). Two or three layers send simulcast.
   */
  encodings?: CustomVideoEncoding[] | Partial<Record<'low' | 'medium' | 'high', CustomVideoEncoding['parameters']>>;
  allowAdaptiveLayers?: boolean;
}

/** daily-python `VideoPublishingSettings`. */
export interface VideoPublishingSettings {
  isPublishing?: boolean;
  sendSettings?: VideoSendSettings;
}

/** daily-python `PublishingSettings`. */
export interface PublishingSettings {
  camera?: VideoPublishingSettings;
  microphone?: AudioPublishingSettings;
  screenVideo?: VideoPublishingSettings;
  screenAudio?: AudioPublishingSettings;
}

/** daily-python `ClientSettings`, given to `join`. */
export interface ClientSettings {
  inputs?: InputSettingsUpdate;
  publishing?: PublishingSettings;
}

// ---------------------------------------------------------------------------
// Subscriptions

export type SubscriptionState = 'subscribed' | 'unsubscribed';

/** daily-python `ReceiveVideoSettings`: `maxQuality` picks the simulcast layer received. */
export interface ReceiveVideoSettings {
  maxQuality?: 'low' | 'medium' | 'high';
}

/** daily-python `SubscriptionVideoSettings`. */
export interface SubscriptionVideoSettings {
  subscriptionState?: SubscriptionState;
  settings?: ReceiveVideoSettings;
}

/**
 * daily-python `SubscriptionMediaSettings`, plus `customAudio` / `customVideo`:
 * custom tracks by name (`"*"` = any other name), or one state for all. When
 * absent, custom audio follows `microphone` and custom video follows `camera`.
 */
export interface SubscriptionMediaSettings {
  camera?: SubscriptionState | SubscriptionVideoSettings;
  microphone?: SubscriptionState;
  screenVideo?: SubscriptionState | SubscriptionVideoSettings;
  screenAudio?: SubscriptionState;
  customAudio?: SubscriptionState | Record<string, SubscriptionState>;
  customVideo?: SubscriptionState | Record<string, SubscriptionState | SubscriptionVideoSettings>;
}

/** daily-python `SubscriptionProfileSettings`: profile name → media settings. */
export type SubscriptionProfileSettings = Record<string, SubscriptionMediaSettings>;

/** daily-python `ParticipantSubscriptionSettings`. */
export interface ParticipantSubscriptionSettings {
  profile?: string;
  media?: SubscriptionMediaSettings;
}

/** daily-python `ParticipantSubscriptions`: participant id → settings. */
export type ParticipantSubscriptions = Record<string, ParticipantSubscriptionSettings>;

// ---------------------------------------------------------------------------
// Permissions and remote control

/** A change of the local participant's permissions (keys that are given replace the old value). */
export interface ParticipantPermissionsUpdate {
  hasPresence?: boolean;
  canSend?: CanSendPermission[] | boolean;
  canReceive?: Partial<CanReceivePermission>;
  canAdmin?: CanAdminPermission[] | boolean;
}

/** daily-python `ParticipantInputs`. */
export interface ParticipantInputs {
  camera?: boolean;
  microphone?: boolean;
  screenShare?: boolean;
}

/** daily-python `ParticipantUpdate`. */
export interface ParticipantUpdate {
  permissions?: ParticipantPermissionsUpdate;
  inputsEnabled?: ParticipantInputs;
}

/** daily-python `RemoteParticipantUpdates`: participant id → update. */
export type RemoteParticipantUpdates = Record<string, ParticipantUpdate>;

// ---------------------------------------------------------------------------
// Network

/** daily-python `IceServer`. */
export interface IceServer {
  urls: string[] | string;
  username?: string;
  credential?: string;
}

/**
 * daily-python `IceConfig`, plus `iceTransportPolicy` (beyond daily-python):
 * `"relay"` sends media only through the TURN servers given.
 */
/**
 * daily-python `IceConfigPlacement`. The server hands out no ICE servers, so
 * all three give just the servers configured.
 */
export type IceConfigPlacement = 'front' | 'back' | 'replace';

export interface IceConfig {
  placement?: IceConfigPlacement;
  iceServers: IceServer[];
  iceTransportPolicy?: 'all' | 'relay';
}

/** daily-python `NetworkThreshold`. */
export type NetworkThreshold = 'good' | 'low' | 'veryLow';

/** daily-python `NetworkLatestStats`. */
export interface NetworkLatestStats {
  receiveBitsPerSecond: number;
  sendBitsPerSecond: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  totalRecvPacketLoss: number;
  totalSendPacketLoss: number;
  videoRecvBitsPerSecond: number;
  videoRecvPacketLoss: number;
  videoSendBitsPerSecond: number;
  videoSendPacketLoss: number;
}

/** The path one media connection takes (beyond daily-python). */
export interface ConnectionPath {
  /** `host`, `srflx`, `prflx` or `relay`: how the local end reaches the server. */
  localCandidateType: string;
  remoteCandidateType: string;
  protocol: string;
  roundTripTimeMs?: number;
}

/** daily-python `NetworkDetailedStats` (`NetworkStats.stats`). */
export interface NetworkDetailedStats {
  latest: NetworkLatestStats;
  worstVideoReceivePacketLoss: number;
  worstVideoSendPacketLoss: number;
}

/** daily-python `NetworkStats`, plus `transport` (beyond daily-python). */
export interface NetworkStats {
  previousThreshold: NetworkThreshold;
  /** 0 (unusable) to 100 (perfect), from packet loss and round-trip time. */
  quality: number;
  threshold: NetworkThreshold;
  stats: NetworkDetailedStats;
  /** The selected ICE candidate pair of each media connection, when connected. */
  transport: { publisher?: ConnectionPath; subscriber?: ConnectionPath };
}

/**
 * A change of a connection (beyond daily-python, like daily-js's
 * `network-connection` event): `signaling` (the socket to the server),
 * `media` (the peer connections) or `engine` (the media engine process).
 */
export interface NetworkConnectionEvent {
  type: 'signaling' | 'media' | 'engine';
  event: 'interrupted' | 'connected' | 'failed';
  /** Why it happened, in words. */
  reason: string;
  /** For `signaling` `connected`: true when joined again as a new participant (the old one was gone). */
  rejoined?: boolean;
  /** The local participant id after the change. */
  participantId?: string;
}
