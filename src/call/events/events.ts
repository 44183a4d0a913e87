/**
 * The events of a CallClient: their kebab-case names (as on the emitter), the
 * arguments each carries, and the `onXxx` method of {@link EventHandler} that
 * receives them (daily-python's `on_xxx`).
 * @module
 */
import type { AudioData } from '../../media/audio/audio-data';
import type { VideoFrame } from '../../media/video/video-frame';
import type {
  AvailableDevices,
  DialinConnectedEvent,
  DialinEvent,
  DialinStoppedEvent,
  DialoutEvent,
  DtmfEvent,
  LiveStreamStatus,
  LiveStreamUpdate,
  RecordingStatus,
  TranscriptionMessage,
  TranscriptionStatus,
  TranscriptionUpdated,
} from '../types/service-types';
import type {
  CallState,
  InputSettings,
  LeftDetail,
  NetworkConnectionEvent,
  NetworkStats,
  Participant,
  ParticipantCounts,
  ParticipantLeftReason,
  ParticipantSubscriptions,
  PublishingSettings,
  SubscriptionProfileSettings,
} from '../types/types';

/** Every event with its arguments, as the typed emitter (`client.on(...)`) passes them. */
export interface CallClientEvents {
  'active-speaker-changed': [participant: Participant | null];
  'app-message': [message: unknown, sender: string];
  'available-devices-updated': [availableDevices: AvailableDevices];
  'call-state-updated': [state: CallState];
  'dialin-connected': [data: DialinConnectedEvent];
  'dialin-error': [data: DialinEvent];
  'dialin-ready': [sipEndpoint: string];
  'dialin-stopped': [data: DialinStoppedEvent];
  'dialin-warning': [data: DialinEvent];
  'dialout-answered': [data: DialoutEvent];
  'dialout-connected': [data: DialoutEvent];
  'dialout-error': [data: DialoutEvent];
  'dialout-stopped': [data: DialoutEvent];
  'dialout-warning': [data: DialoutEvent];
  'dtmf-event': [data: DtmfEvent];
  error: [message: string];
  'inputs-updated': [inputSettings: InputSettings];
  'live-stream-error': [streamId: string, message: string];
  'live-stream-started': [status: LiveStreamStatus];
  'live-stream-stopped': [streamId: string];
  'live-stream-updated': [update: LiveStreamUpdate];
  'live-stream-warning': [streamId: string, message: string];
  'network-connection': [event: NetworkConnectionEvent];
  'network-stats-updated': [stats: NetworkStats];
  'participant-counts-updated': [counts: ParticipantCounts];
  'participant-joined': [participant: Participant];
  /** `detail` (beyond daily-python) says more precisely why: `left`, `ejected`, `connection-lost`, ... */
  'participant-left': [participant: Participant, reason: ParticipantLeftReason, detail: LeftDetail];
  'participant-updated': [participant: Participant];
  'publishing-updated': [publishingSettings: PublishingSettings];
  'recording-error': [streamId: string, message: string];
  'recording-started': [status: RecordingStatus];
  'recording-stopped': [streamId: string];
  'subscription-profiles-updated': [subscriptionProfiles: SubscriptionProfileSettings];
  'subscriptions-updated': [subscriptions: ParticipantSubscriptions];
  'transcription-error': [message: string];
  'transcription-message': [message: TranscriptionMessage];
  'transcription-started': [status: TranscriptionStatus];
  'transcription-stopped': [stoppedBy: string | null, stoppedByError: boolean];
  'transcription-updated': [update: TranscriptionUpdated];
}

export type CallClientEventName = keyof CallClientEvents;

/** `participant-joined` → `ParticipantJoined`. */
type PascalCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<S>;

/** The EventHandler method name of an event: `participant-joined` → `onParticipantJoined`. */
export type HandlerMethodName<E extends CallClientEventName> = `on${PascalCase<E>}`;

/**
 * The EventHandler method of each event, at run time. {@link CallClientEvents}
 * is the one list of events: this map must name every event, with exactly
 * its {@link HandlerMethodName} (checked by the compiler).
 */
export const HANDLER_METHODS = {
  'active-speaker-changed': 'onActiveSpeakerChanged',
  'app-message': 'onAppMessage',
  'available-devices-updated': 'onAvailableDevicesUpdated',
  'call-state-updated': 'onCallStateUpdated',
  'dialin-connected': 'onDialinConnected',
  'dialin-error': 'onDialinError',
  'dialin-ready': 'onDialinReady',
  'dialin-stopped': 'onDialinStopped',
  'dialin-warning': 'onDialinWarning',
  'dialout-answered': 'onDialoutAnswered',
  'dialout-connected': 'onDialoutConnected',
  'dialout-error': 'onDialoutError',
  'dialout-stopped': 'onDialoutStopped',
  'dialout-warning': 'onDialoutWarning',
  'dtmf-event': 'onDtmfEvent',
  error: 'onError',
  'inputs-updated': 'onInputsUpdated',
  'live-stream-error': 'onLiveStreamError',
  'live-stream-started': 'onLiveStreamStarted',
  'live-stream-stopped': 'onLiveStreamStopped',
  'live-stream-updated': 'onLiveStreamUpdated',
  'live-stream-warning': 'onLiveStreamWarning',
  'network-connection': 'onNetworkConnection',
  'network-stats-updated': 'onNetworkStatsUpdated',
  'participant-counts-updated': 'onParticipantCountsUpdated',
  'participant-joined': 'onParticipantJoined',
  'participant-left': 'onParticipantLeft',
  'participant-updated': 'onParticipantUpdated',
  'publishing-updated': 'onPublishingUpdated',
  'recording-error': 'onRecordingError',
  'recording-started': 'onRecordingStarted',
  'recording-stopped': 'onRecordingStopped',
  'subscription-profiles-updated': 'onSubscriptionProfilesUpdated',
  'subscriptions-updated': 'onSubscriptionsUpdated',
  'transcription-error': 'onTranscriptionError',
  'transcription-message': 'onTranscriptionMessage',
  'transcription-started': 'onTranscriptionStarted',
  'transcription-stopped': 'onTranscriptionStopped',
  'transcription-updated': 'onTranscriptionUpdated',
} as const satisfies { [E in CallClientEventName]: HandlerMethodName<E> };

/**
 * The methods of {@link EventHandler}, derived from {@link CallClientEvents}
 * and {@link HANDLER_METHODS}: the handler class implements it, so a method
 * whose parameters differ from the event's arguments, or an event without a
 * method, does not compile.
 */
export type EventHandlerMethods = {
  [E in CallClientEventName as (typeof HANDLER_METHODS)[E]]: (...args: CallClientEvents[E]) => void;
};

/** Audio renderer callback (daily-python: `(participant_id, audio_data, audio_source)`). */
export type AudioRendererCallback = (participantId: string, audioData: AudioData, audioSource: string) => void;

/** Video renderer callback (daily-python: `(participant_id, video_frame, video_source)`). */
export type VideoRendererCallback = (participantId: string, videoFrame: VideoFrame, videoSource: string) => void;
