/**
 * daily-node: the daily-python API for Node.js bots.
 *
 * ```ts
 * import { Daily, LogLevel } from 'daily-node';
 * await Daily.init({ logLevel: LogLevel.Info });
 * // ... create devices, join calls ...
 * await Daily.deinit();
 * ```
 * @packageDocumentation
 */
export { Daily, type CameraDeviceOptions, type DailyInitOptions, type EngineDetails } from './daily';
export { COLOR_FORMATS, type ColorFormat } from './media/video/color-format';
export { CustomVideoSource, type CustomVideoSourceOptions } from './media/video/custom-video-source';
export { CustomVideoTrack } from './media/video/custom-video-track';
export { VideoFrame } from './media/video/video-frame';
export { VirtualCameraDevice } from './media/video/virtual-camera-device';
export { LogLevel } from './log-level';
export { NativeVad } from './vad/native-vad';
export type { NativeVadOptions } from './vad/native-vad-options';
export { DailyError, EngineError, EngineExitedError, InvalidArgumentError, InvalidStateError } from './errors';
export type { EngineExitInfo } from './engine/protocol';
export {
  AudioData,
  AudioRenderer,
  AudioWriterBase,
  CustomAudioSource,
  CustomAudioTrack,
  SAMPLE_RATE_RANGE,
  SUPPORTED_SAMPLE_RATES,
  WRITTEN_SAMPLE_RATE_RANGE,
  VirtualMicrophoneDevice,
  VirtualSpeakerDevice,
  type AudioRendererEndReason,
  type AudioRendererOptions,
  type CustomAudioSourceOptions,
  type MicrophoneDeviceOptions,
  type PcmInput,
  type ReadCompletion,
  type SpeakerDeviceOptions,
  type WriteCompletion,
} from './media/audio';
export { CallClientError } from './errors';
export { CallClient } from './call/call-client';
export type {
  CustomAudioTrackOptions,
  JoinOptions,
  SetAudioRendererOptions,
  SetVideoRendererOptions,
  StartRecordingOptions,
  StartTranscriptionOptions,
  StreamIdOptions,
  UpdateSubscriptionsOptions,
  UpdateTranscriptionOptions,
} from './call/arguments/call-options';
export { EventHandler } from './call/events/event-handler';
export type {
  AudioRendererCallback,
  CallClientEventName,
  CallClientEvents,
  VideoRendererCallback,
} from './call/events/events';
export type { AudioFrame, AudioFramesOptions, AudioFrameStream } from './call/renderers/audio-frame-stream';
export type { Completion, ResultCompletion } from './call/arguments/completion';
export type * from './call/types/types';
export type * from './call/types/service-types';
