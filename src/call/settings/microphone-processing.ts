/**
 * Keeps the audio processing of the virtual microphone a CallClient's inputs
 * select in line with its `customConstraints` (echoCancellation,
 * noiseSuppression, autoGainControl), as a browser applies getUserMedia
 * constraints to the microphone it opens. A microphone the inputs no longer
 * select has its processing switched off again.
 * @internal
 * @module
 */
import { audioDevices } from '../../media/audio/audio-devices';
import type { VirtualMicrophoneDevice } from '../../media/audio/virtual-microphone-device';
import { microphoneProcessing } from './inputs';
import type { AudioSettings, InputSettings } from '../types/types';

export class MicrophoneProcessingSync {
  private processed?: VirtualMicrophoneDevice;

  /** Applies the processing `inputs` ask for; resolves once the engine has it. */
  async apply(inputs: InputSettings): Promise<void> {
    const settings = (inputs.microphone?.settings ?? {}) as AudioSettings;
    const mic = settings.deviceId === undefined ? undefined : audioDevices.microphone(settings.deviceId);
    const previous = this.processed;
    this.processed = mic;
    const changes: Promise<void>[] = [];
    if (previous && previous !== mic && !previous.released) changes.push(previous.setProcessing(undefined));
    if (mic) changes.push(mic.setProcessing(microphoneProcessing(settings.customConstraints)));
    await Promise.all(changes);
  }
}
