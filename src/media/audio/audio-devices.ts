/**
 * The process-wide virtual audio devices, by name: what Daily.create*Device
 * made and which speaker is selected (one per process, as in daily-python).
 * The CallClient finds a microphone here by the deviceId in its inputs.
 * @internal
 * @module
 */
import { InvalidArgumentError, InvalidStateError } from '../../errors';
import { engineHost } from '../../engine/engine-host';
import { checkOptionsObject } from '../../options-object';
import { devicesChanged, setDeviceLister } from '../device-list';
import { cameraDeviceNames } from '../video/virtual-camera-device';
import { checkAudioFormat, checkName } from './pcm';
import { VirtualMicrophoneDevice, type MicrophoneDeviceOptions } from './virtual-microphone-device';
import { VirtualSpeakerDevice, type SpeakerDeviceOptions } from './virtual-speaker-device';

class AudioDeviceRegistry {
  private readonly microphones = new Map<string, VirtualMicrophoneDevice>();
  private readonly speakers = new Map<string, VirtualSpeakerDevice>();
  private selected: VirtualSpeakerDevice | undefined;

  createMicrophone(name: unknown, options: MicrophoneDeviceOptions = {}): VirtualMicrophoneDevice {
    const { sampleRate, channels, nonBlocking } = checkDeviceArgs(name, options, 'createMicrophoneDevice', [
      'liveStream',
    ]);
    const liveStream = checkLiveStream(options?.liveStream, nonBlocking);
    const existing = this.microphones.get(name as string);
    if (existing && !existing.released) {
      throw new InvalidArgumentError('deviceName', `a virtual microphone named '${String(name)}' already exists`);
    }
    const mic = new VirtualMicrophoneDevice(name as string, sampleRate, channels, nonBlocking, liveStream);
    this.microphones.set(mic.name, mic);
    devicesChanged();
    return mic;
  }

  createSpeaker(name: unknown, options: SpeakerDeviceOptions = {}): VirtualSpeakerDevice {
    const { sampleRate, channels, nonBlocking } = checkDeviceArgs(name, options, 'createSpeakerDevice');
    const existing = this.speakers.get(name as string);
    if (existing && !existing.released) {
      throw new InvalidArgumentError('deviceName', `a virtual speaker named '${String(name)}' already exists`);
    }
    // The device asks whether it is selected when it is made (again) in an
    // engine; while it is being constructed it cannot be.
    // `let`, not `const`: the callback runs inside the constructor, before the
    // assignment, where reading a `const` would throw.
    let made: VirtualSpeakerDevice | undefined;
    // eslint-disable-next-line prefer-const
    made = new VirtualSpeakerDevice(
      name as string,
      sampleRate,
      channels,
      nonBlocking,
      () => made !== undefined && this.selected === made,
    );
    this.speakers.set(made.name, made);
    devicesChanged();
    return made;
  }

  /** Selects the speaker that receives the playout mix. Resolves once the engine switched. */
  selectSpeaker(name: unknown): Promise<void> {
    if (!engineHost.initialized) throw new InvalidStateError('call Daily.init() before selecting a speaker');
    checkName(name, 'deviceName');
    const speaker = this.speakers.get(name as string);
    if (!speaker || speaker.released) {
      const known = [...this.speakers.values()].filter((s) => !s.released).map((s) => `'${s.name}'`);
      throw new InvalidArgumentError(
        'deviceName',
        `unable to select virtual speaker device '${String(name)}': no such speaker` +
          (known.length ? ` (existing: ${known.join(', ')})` : ' (create one with Daily.createSpeakerDevice)'),
      );
    }
    this.selected = speaker;
    return speaker.resident.select();
  }

  microphone(name: string): VirtualMicrophoneDevice | undefined {
    const mic = this.microphones.get(name);
    return mic && !mic.released ? mic : undefined;
  }

  speaker(name: string): VirtualSpeakerDevice | undefined {
    const speaker = this.speakers.get(name);
    return speaker && !speaker.released ? speaker : undefined;
  }

  get selectedSpeaker(): VirtualSpeakerDevice | undefined {
    return this.selected && !this.selected.released ? this.selected : undefined;
  }

  /** Names of the microphones and speakers not released, in creation order. */
  names(): { microphones: string[]; speakers: string[] } {
    const live = (m: Map<string, { released: boolean; name: string }>): string[] =>
      [...m.values()].filter((d) => !d.released).map((d) => d.name);
    return { microphones: live(this.microphones), speakers: live(this.speakers) };
  }

  /** Forgets every device (Daily.deinit()). */
  clear(): void {
    this.microphones.clear();
    this.speakers.clear();
    this.selected = undefined;
  }
}

function checkDeviceArgs(
  name: unknown,
  options: MicrophoneDeviceOptions | SpeakerDeviceOptions,
  what: 'createMicrophoneDevice' | 'createSpeakerDevice',
  extraKeys: (keyof MicrophoneDeviceOptions)[] = [],
): { sampleRate: number; channels: number; nonBlocking: boolean } {
  if (!engineHost.initialized) throw new InvalidStateError('call Daily.init() before creating devices');
  checkName(name, 'deviceName');
  const known = ['sampleRate', 'channels', 'nonBlocking', ...extraKeys] as const;
  options = checkOptionsObject<MicrophoneDeviceOptions>(options, known, what);
  const sampleRate = options.sampleRate ?? 16000;
  const channels = options.channels ?? 1;
  checkAudioFormat(sampleRate, channels);
  if (options.nonBlocking !== undefined && typeof options.nonBlocking !== 'boolean') {
    throw new InvalidArgumentError('nonBlocking', `must be a boolean, got ${typeof options.nonBlocking}`);
  }
  return { sampleRate, channels, nonBlocking: options.nonBlocking ?? false };
}

/** A microphone's `liveStream` option: a boolean, and only for a non-blocking microphone. */
function checkLiveStream(liveStream: unknown, nonBlocking: boolean): boolean {
  if (liveStream === undefined) return false;
  if (typeof liveStream !== 'boolean') {
    throw new InvalidArgumentError('liveStream', `must be a boolean, got ${typeof liveStream}`);
  }
  if (liveStream && !nonBlocking) {
    // A blocking write waits for its audio to be played: dropping part of it would break that promise.
    throw new InvalidArgumentError('liveStream', 'needs nonBlocking: true (blocking writes are always played in full)');
  }
  return liveStream;
}

/** The devices of this process. */
export const audioDevices = new AudioDeviceRegistry();
setDeviceLister(() => ({ cameras: cameraDeviceNames(), ...audioDevices.names() }));
