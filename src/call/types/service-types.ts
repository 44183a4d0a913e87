/**
 * Types of recording, live streaming, transcription, dial-in/out and SIP
 * (daily-python types.rst), and of the device list event.
 * @module
 */

/** Opaque layout object, as in daily-js's recording/streaming `layout`. */
export type StreamingLayout = Record<string, unknown>;

export interface StreamingVideoSettings {
  width?: number;
  height?: number;
  fps?: number;
  /** `#rrggbb` or `#aarrggbb`. */
  backgroundColor?: string;
  bitrate?: number;
}

export interface StreamingAudioSettings {
  bitrate?: number;
}

/** daily-python `StreamingSettings`. */
export interface StreamingSettings {
  video?: StreamingVideoSettings;
  audio?: StreamingAudioSettings;
  maxDuration?: number;
  layout?: StreamingLayout;
}

/** daily-python `StreamingUpdateSettings`. */
export interface StreamingUpdateSettings {
  layout: StreamingLayout;
}

/** daily-python `TranscriptionSettings` (note the snake_case `profanity_filter`). */
export interface TranscriptionSettings {
  language?: string;
  model?: string;
  tier?: string;
  profanity_filter?: boolean;
  redact?: boolean | string[];
  punctuate?: boolean;
  endpointing?: boolean | number;
  extra?: Record<string, unknown>;
  includeRawResponse?: boolean;
}

/** daily-python `DialoutCodecs`. */
export interface DialoutCodecs {
  audio?: ('PCMU' | 'OPUS' | 'G722' | 'PCMA')[];
  video?: ('H264' | 'VP8')[];
}

/** daily-python `DialoutPermissions`: what the dialled-out participant may receive. */
export interface DialoutPermissions {
  canReceive?: Record<string, unknown>;
}

/** daily-python `DialoutSettings`. */
export interface DialoutSettings {
  sipUri?: string;
  phoneNumber?: string;
  provider?: string;
  displayName?: string;
  userId?: string;
  callerId?: string;
  video?: boolean;
  codecs?: DialoutCodecs;
  permissions?: DialoutPermissions;
  extension?: string;
  waitBeforeExtensionDialSec?: number;
}

/** daily-python `DialoutSendDtmfSettings`. */
export interface DialoutSendDtmfSettings {
  sessionId: string;
  tones: string;
  method?: 'sip-info' | 'telephone-event' | 'auto';
  digitDurationMs?: number;
}

/** daily-python `SipCallTransferSettings`. */
export interface SipCallTransferSettings {
  sessionId: string;
  toEndPoint: string;
  callerId?: string;
}

/** daily-python `RecordingStatus`. */
export interface RecordingStatus {
  layout?: StreamingLayout;
  recordingId: string;
  startedBy: string;
  streamId: string;
}

/** daily-python `LiveStreamStatus`. */
export interface LiveStreamStatus {
  layout?: StreamingLayout;
  startedBy: string;
  streamId: string;
}

/** daily-python `LiveStreamState`. */
export type LiveStreamState = 'connected' | 'interrupted';

/** daily-python `LiveStreamUpdate`. */
export interface LiveStreamUpdate {
  state: LiveStreamState;
  streamId: string;
}

/** daily-python `TranscriptionMessage`. */
export interface TranscriptionMessage {
  participantId: string;
  text: string;
  /** ISO 8601. */
  timestamp: string;
  trackType?: string;
  rawResponse?: Record<string, unknown>;
}

/** daily-python `TranscriptionStatus`. */
export interface TranscriptionStatus {
  language?: string;
  model?: string;
  tier?: string;
  startedBy: string;
  instanceId: string;
  transcriptId?: string;
}

/** daily-python `TranscriptionUpdated`. */
export interface TranscriptionUpdated {
  participants: string[];
  instanceId: string;
  updatedBy: string;
}

/** daily-python `DialinConnectedEvent`. */
export interface DialinConnectedEvent {
  sessionId: string;
  actionTraceId?: string;
  displayName?: string;
  sipFrom?: string;
  sipHeaders?: Record<string, unknown>;
}

/** daily-python `DialinEvent` (dialin-error, dialin-warning). */
export interface DialinEvent {
  sessionId: string;
  actionTraceId?: string;
  message: string;
}

/** daily-python `DialinStoppedEvent`. */
export interface DialinStoppedEvent {
  sessionId: string;
  actionTraceId?: string;
  sipFrom?: string;
  sipHeaders?: Record<string, unknown>;
}

/** daily-python `DialoutEvent` (every dialout-* event). */
export interface DialoutEvent {
  sessionId: string;
  actionTraceId?: string;
  message?: string;
}

/** daily-python `DtmfEvent`. */
export interface DtmfEvent {
  sessionId: string;
  tone: string;
  volume?: number;
  method?: 'sip-info' | 'telephone-event' | 'auto';
}

/** daily-python `MediaDeviceInfo`. */
export interface MediaDeviceInfo {
  deviceId: string;
  groupId: string;
  kind: string;
  label: string;
}

/** daily-python `AvailableDevices`. */
export interface AvailableDevices {
  audio: MediaDeviceInfo[];
  camera: MediaDeviceInfo[];
  microphone: MediaDeviceInfo[];
  speaker: MediaDeviceInfo[];
}
