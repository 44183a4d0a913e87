/**
 * Audio objects of the SDK.
 * @module
 */
export { AudioData } from './audio-data';
export { AudioRenderer, type AudioRendererEndReason, type AudioRendererOptions } from './audio-renderer';
export { AudioWriterBase } from './audio-writer-base';
export { audioDevices } from './audio-devices';
export { CustomAudioSource, type CustomAudioSourceOptions } from './custom-audio-source';
export { CustomAudioTrack } from './custom-audio-track';
export { SAMPLE_RATE_RANGE, SUPPORTED_SAMPLE_RATES, WRITTEN_SAMPLE_RATE_RANGE, type PcmInput } from './pcm';
export { VirtualMicrophoneDevice, type MicrophoneDeviceOptions } from './virtual-microphone-device';
export { VirtualSpeakerDevice, type ReadCompletion, type SpeakerDeviceOptions } from './virtual-speaker-device';
export type { WriteCompletion } from './write-completion';
