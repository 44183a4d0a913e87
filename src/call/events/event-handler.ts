/**
 * `EventHandler`: subclass it and override the `onXxx` methods you need (every
 * one is a no-op by default), then pass an instance to `new CallClient(handler)`.
 * The same events also reach listeners of the client's typed emitter
 * (`client.on('participant-joined', fn)`), in the same order: the handler
 * method runs first, then the listeners.
 *
 * ```ts
 * class Bot extends EventHandler {
 *   override onParticipantJoined(participant: Participant): void {
 *     console.log('joined', participant.info.userName);
 *   }
 * }
 * ```
 * @module
 */
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
import type { EventHandlerMethods } from './events';

export class EventHandler implements EventHandlerMethods {
  /** Takes and ignores any arguments, so subclasses may define their own constructors. */
  constructor(..._args: unknown[]) {}

  /** `active-speaker-changed` (daily-python `on_active_speaker_changed`). */
  onActiveSpeakerChanged(_participant: Participant | null): void {}

  /** `app-message` (daily-python `on_app_message`). */
  onAppMessage(_message: unknown, _sender: string): void {}

  /** `available-devices-updated` (daily-python `on_available_devices_updated`). */
  onAvailableDevicesUpdated(_availableDevices: AvailableDevices): void {}

  /** `call-state-updated` (daily-python `on_call_state_updated`). */
  onCallStateUpdated(_state: CallState): void {}

  /** `dialin-connected` (daily-python `on_dialin_connected`). */
  onDialinConnected(_data: DialinConnectedEvent): void {}

  /** `dialin-error` (daily-python `on_dialin_error`). */
  onDialinError(_data: DialinEvent): void {}

  /** `dialin-ready` (daily-python `on_dialin_ready`). */
  onDialinReady(_sipEndpoint: string): void {}

  /** `dialin-stopped` (daily-python `on_dialin_stopped`). */
  onDialinStopped(_data: DialinStoppedEvent): void {}

  /** `dialin-warning` (daily-python `on_dialin_warning`). */
  onDialinWarning(_data: DialinEvent): void {}

  /** `dialout-answered` (daily-python `on_dialout_answered`). */
  onDialoutAnswered(_data: DialoutEvent): void {}

  /** `dialout-connected` (daily-python `on_dialout_connected`). */
  onDialoutConnected(_data: DialoutEvent): void {}

  /** `dialout-error` (daily-python `on_dialout_error`). */
  onDialoutError(_data: DialoutEvent): void {}

  /** `dialout-stopped` (daily-python `on_dialout_stopped`). */
  onDialoutStopped(_data: DialoutEvent): void {}

  /** `dialout-warning` (daily-python `on_dialout_warning`). */
  onDialoutWarning(_data: DialoutEvent): void {}

  /** `dtmf-event` (daily-python `on_dtmf_event`). */
  onDtmfEvent(_data: DtmfEvent): void {}

  /** `error` (daily-python `on_error`). */
  onError(_message: string): void {}

  /** `inputs-updated` (daily-python `on_inputs_updated`). */
  onInputsUpdated(_inputSettings: InputSettings): void {}

  /** `live-stream-error` (daily-python `on_live_stream_error`). */
  onLiveStreamError(_streamId: string, _message: string): void {}

  /** `live-stream-started` (daily-python `on_live_stream_started`). */
  onLiveStreamStarted(_status: LiveStreamStatus): void {}

  /** `live-stream-stopped` (daily-python `on_live_stream_stopped`). */
  onLiveStreamStopped(_streamId: string): void {}

  /** `live-stream-updated` (daily-python `on_live_stream_updated`). */
  onLiveStreamUpdated(_update: LiveStreamUpdate): void {}

  /** `live-stream-warning` (daily-python `on_live_stream_warning`). */
  onLiveStreamWarning(_streamId: string, _message: string): void {}

  /** `network-connection` (beyond daily-python): signaling, media or engine interrupted, back, or lost for good. */
  onNetworkConnection(_event: NetworkConnectionEvent): void {}

  /** `network-stats-updated` (daily-python `on_network_stats_updated`). */
  onNetworkStatsUpdated(_stats: NetworkStats): void {}

  /** `participant-counts-updated` (daily-python `on_participant_counts_updated`). */
  onParticipantCountsUpdated(_counts: ParticipantCounts): void {}

  /** `participant-joined` (daily-python `on_participant_joined`). */
  onParticipantJoined(_participant: Participant): void {}

  /** `participant-left` (daily-python `on_participant_left`; `detail` is beyond daily-python). */
  onParticipantLeft(_participant: Participant, _reason: ParticipantLeftReason, _detail: LeftDetail): void {}

  /** `participant-updated` (daily-python `on_participant_updated`). */
  onParticipantUpdated(_participant: Participant): void {}

  /** `publishing-updated` (daily-python `on_publishing_updated`). */
  onPublishingUpdated(_publishingSettings: PublishingSettings): void {}

  /** `recording-error` (daily-python `on_recording_error`). */
  onRecordingError(_streamId: string, _message: string): void {}

  /** `recording-started` (daily-python `on_recording_started`). */
  onRecordingStarted(_status: RecordingStatus): void {}

  /** `recording-stopped` (daily-python `on_recording_stopped`). */
  onRecordingStopped(_streamId: string): void {}

  /** `subscription-profiles-updated` (daily-python `on_subscription_profiles_updated`). */
  onSubscriptionProfilesUpdated(_subscriptionProfiles: SubscriptionProfileSettings): void {}

  /** `subscriptions-updated` (daily-python `on_subscriptions_updated`). */
  onSubscriptionsUpdated(_subscriptions: ParticipantSubscriptions): void {}

  /** `transcription-error` (daily-python `on_transcription_error`). */
  onTranscriptionError(_message: string): void {}

  /** `transcription-message` (daily-python `on_transcription_message`). */
  onTranscriptionMessage(_message: TranscriptionMessage): void {}

  /** `transcription-started` (daily-python `on_transcription_started`). */
  onTranscriptionStarted(_status: TranscriptionStatus): void {}

  /** `transcription-stopped` (daily-python `on_transcription_stopped`). */
  onTranscriptionStopped(_stoppedBy: string | null, _stoppedByError: boolean): void {}

  /** `transcription-updated` (daily-python `on_transcription_updated`). */
  onTranscriptionUpdated(_update: TranscriptionUpdated): void {}
}
