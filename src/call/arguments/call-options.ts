/**
 * Options objects of the CallClient methods (daily-python's keyword
 * arguments, camelCased).
 * @module
 */
import type { StreamingSettings, TranscriptionSettings } from '../types/service-types';
import type { ClientSettings, ParticipantSubscriptions, SubscriptionProfileSettings } from '../types/types';

/** Options of {@link CallClient.join}. */
export interface JoinOptions {
  /** A meeting token (needed for private rooms and owner rights). A `?t=` in the URL is used when absent. */
  meetingToken?: string | null;
  /** Inputs and publishing to apply when joining. */
  clientSettings?: ClientSettings | null;
}

/** Options of {@link CallClient.setAudioRenderer}. */
export interface SetAudioRendererOptions {
  /** `microphone` (default), `screenAudio` or a custom audio track name. */
  audioSource?: string;
  /** Rate of the delivered audio (default 16000): any integer from 8000 to 96000 Hz. */
  sampleRate?: number;
  /** Audio per callback, a multiple of 10 ms (default 20). */
  callbackIntervalMs?: number;
  /**
   * How often the renderer writes a debug log line with the callbacks and
   * audio frames it delivered (default 10000; 0 = never), as daily-python
   * does. Shown when Daily's log level is Debug or Trace.
   */
  loggingIntervalMs?: number;
}

/** Options of {@link CallClient.setVideoRenderer}. */
export interface SetVideoRendererOptions {
  /** `camera` (default), `screenVideo` or a custom video track name. */
  videoSource?: string;
  /** Layout of delivered frames (default `RGBA`). */
  colorFormat?: string;
  /**
   * How often the renderer writes a debug log line with the frames it
   * delivered and the frames dropped because the callback had not caught up
   * (default 10000; 0 = never), as daily-python does. Shown when Daily's log
   * level is Debug or Trace.
   */
  loggingIntervalMs?: number;
}

/** Options of {@link CallClient.updateSubscriptions}. */
export interface UpdateSubscriptionsOptions {
  participantSettings?: ParticipantSubscriptions | null;
  profileSettings?: SubscriptionProfileSettings | null;
}

/** Options of the add/update custom audio track methods. */
export interface CustomAudioTrackOptions {
  /**
   * daily-python's tri-state flag. `true` keeps this track out of active-speaker
   * detection; `false`, `null` or absent let it count, as the microphone does.
   */
  ignoreAudioLevel?: boolean | null;
}

/** Options of `startTranscription` (daily-python's `settings` argument). */
export interface StartTranscriptionOptions {
  /** null or absent: the server engine's defaults. */
  settings?: TranscriptionSettings | null;
}

/** Options of `updateTranscription`. */
export interface UpdateTranscriptionOptions {
  /** Participant ids to transcribe; null or absent = everyone. */
  participants?: string[] | null;
  /** The running transcription's instance id (checked when given). */
  instanceId?: string | null;
}

/** Options of `startRecording` (daily-python's keyword arguments). */
export interface StartRecordingOptions {
  /** Picture, audio, layout and maxDuration; null or absent: the server's defaults (1280x720, 30 fps, grid). */
  streamingSettings?: StreamingSettings | null;
  /** The instance's id; absent: the server makes one (returned). */
  streamId?: string | null;
  /** Start another instance beside a running one. */
  forceNew?: boolean | null;
}

/** Options naming one recording or live stream instance (absent: the only one). */
export interface StreamIdOptions {
  streamId?: string | null;
}
