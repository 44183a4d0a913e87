/**
 * audio.* methods: push sources (virtual microphones, custom audio sources),
 * mixer sources, their tracks, virtual speakers, audio renderers.
 * @internal
 * @module
 */

type Empty = Record<string, never>;

/** What a source write answers once its audio has been played out (or cleared). */
export interface SourceWriteResult {
  /** Frames in the write. */
  frames: number;
  /** Frames of it that were played (less than `frames` when cleared). */
  playedFrames: number;
  /** True when clear(), release or a live stream's catch-up after a stall dropped part of the write. */
  cleared: boolean;
}

/** Pacing figures of one push source, measured inside the engine. */
export interface SourceStats {
  frames: number;
  audioFrames: number;
  silentFrames: number;
  underruns: number;
  samples: number;
  intervalJitterP50Ms: number;
  intervalJitterP99Ms: number;
  intervalJitterMaxMs: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
  queuedFrames: number;
  queuedMs: number;
  clockResets: number;
  /** Stalls of a live stream (non-blocking microphone) after which late audio was dropped. */
  stallsCaughtUp: number;
  /** Milliseconds of late audio dropped after those stalls, so the stream stayed real time. */
  lateDroppedMs: number;
  /** Whether the engine's pacing thread runs with real-time scheduling. */
  realtimeClock: boolean;
}

export interface SpeakerReadResult {
  frames: number;
  /** False when the read was cut short (speaker released). */
  complete: boolean;
  /** The PCM bytes; absent when no frame was read. */
  binary?: Buffer;
}

/** Figures of one mixer source, counted inside the engine since it was created. */
export interface MixerStats {
  /** Inputs currently attached (listed inputs that exist as remote audio tracks). */
  inputs: number;
  /** 10 ms frames the mixer has pushed to its sinks. */
  framesMixed: number;
  /** Mixed frames for which an attached input had no audio ready. */
  underruns: number;
}

export interface AudioMethods {
  'audio.source.create': {
    /** liveStream: audio is written as it is produced; after a stall, late audio is dropped (default false). */
    params: { sourceId: string; sampleRate: number; channels: number; autoSilence: boolean; liveStream?: boolean };
    result: Empty;
  };
  /** The PCM bytes travel as the request's binary payload. */
  'audio.source.write': { params: { sourceId: string }; result: SourceWriteResult };
  /** The microphone's audio processing (libwebrtc's APM); all false switches it off. */
  'audio.source.processing': {
    params: { sourceId: string; echoCancellation: boolean; noiseSuppression: boolean; autoGainControl: boolean };
    result: Empty;
  };
  'audio.source.clear': { params: { sourceId: string }; result: { droppedFrames: number } };
  'audio.source.drain': { params: { sourceId: string }; result: Empty };
  'audio.source.stats': { params: { sourceId: string; reset?: boolean }; result: SourceStats };
  'audio.source.release': { params: { sourceId: string }; result: Empty };
  /**
   * A source whose audio is the clip-safe sum of remote audio tracks (`remote:<pcId>:<mid>`),
   * resampled to `sampleRate`/`channels`. Usable wherever a source id is (audio.track.create).
   * Listed inputs that do not exist (yet) are skipped, and attached when they appear.
   */
  'audio.mixer.create': {
    params: { mixerId: string; sampleRate: number; channels: 1 | 2; inputs: string[] };
    result: Empty;
  };
  /** Replaces the mixer's set of inputs. */
  'audio.mixer.setInputs': { params: { mixerId: string; inputs: string[] }; result: Empty };
  'audio.mixer.stats': { params: { mixerId: string }; result: MixerStats };
  'audio.mixer.release': { params: { mixerId: string }; result: Empty };
  /** `sourceId` names a push source or a mixer. */
  'audio.track.create': { params: { trackId: string; sourceId: string }; result: Empty };
  'audio.track.release': { params: { trackId: string }; result: Empty };
  'audio.speaker.create': { params: { speakerId: string; sampleRate: number; channels: number }; result: Empty };
  'audio.speaker.select': { params: { speakerId: string | null }; result: Empty };
  'audio.speaker.read': { params: { speakerId: string; frames: number; wait: boolean }; result: SpeakerReadResult };
  'audio.speaker.stats': {
    params: { speakerId: string };
    result: { bufferedFrames: number; droppedFrames: number; selected: boolean; playoutPulls: number };
  };
  'audio.speaker.release': { params: { speakerId: string }; result: Empty };
  'audio.renderer.start': {
    params: { rendererId: string; trackId: string; sampleRate: number; channels: number; callbackIntervalMs: number };
    result: Empty;
  };
  'audio.renderer.stop': { params: { rendererId: string }; result: Empty };
}

/** Header of an `audio.render` data frame; the PCM is its payload. */
export interface AudioRenderHeader {
  type: 'audio.render';
  rendererId: string;
  bitsPerSample: number;
  sampleRate: number;
  numChannels: number;
  numAudioFrames: number;
  timestampUs: number;
}
