/**
 * Input settings: their checks, how an update merges into the current
 * settings, and which local track each input sends.
 * @internal
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { audioDevices } from '../../media/audio/audio-devices';
import { CustomAudioTrack } from '../../media/audio/custom-audio-track';
import { findLocalTrack, type LocalTrack } from '../../media/local-track-registry';
import { findCameraDevice } from '../../media/video/virtual-camera-device';
import {
  ValidationError,
  boolean,
  describe,
  either,
  isPlainObject,
  number,
  object,
  oneOf,
  optional,
  record,
  string,
  type Validator,
} from '../../signaling/validation';
import type { InputSettings, InputSettingsUpdate } from '../types/types';
import { check, copy } from './check';

/** The four inputs, with the media kind each sends. */
export const INPUT_KINDS = {
  camera: 'video',
  microphone: 'audio',
  screenVideo: 'video',
  screenAudio: 'audio',
} as const;
export type InputName = keyof typeof INPUT_KINDS;
export const INPUT_NAMES = Object.keys(INPUT_KINDS) as InputName[];

/** Inputs of a new CallClient: camera and microphone on (sending once a device is chosen), screen off. */
export function defaultInputs(): InputSettings {
  return {
    camera: { isEnabled: true, settings: {} },
    microphone: { isEnabled: true, settings: {} },
    screenVideo: { isEnabled: false, settings: {} },
    screenAudio: { isEnabled: false, settings: {} },
  } as InputSettings;
}

const customTrack = object({ customTrack: object({ id: string({ min: 1, max: 128 }) }) });

/** The microphone constraints daily-node applies (libwebrtc's AudioProcessingModule on the virtual microphone). */
export const PROCESSING_KEYS = ['echoCancellation', 'noiseSuppression', 'autoGainControl'] as const;
export type ProcessingKey = (typeof PROCESSING_KEYS)[number];
/** What a microphone's customConstraints switch on. */
export type MicrophoneProcessing = Record<ProcessingKey, boolean>;

/** A boolean constraint as a web developer writes it: `true`, `{ exact: true }` or `{ ideal: true }`. */
function constraintValue(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const [key] = keys;
    if (keys.length === 1 && (key === 'exact' || key === 'ideal') && typeof value[key] === 'boolean') {
      return value[key] as boolean;
    }
  }
  throw new ValidationError(
    field,
    `must be true, false, { exact: boolean } or { ideal: boolean }, got ${describe(value)}`,
  );
}

const constraints: Validator<Record<string, unknown>> = (value, field) => {
  const out = record((v: unknown) => v)(value, field);
  for (const [key, v] of Object.entries(out)) {
    if (!(PROCESSING_KEYS as readonly string[]).includes(key)) {
      throw new ValidationError(
        `${field}.${key}`,
        `is not a constraint a virtual microphone applies (known: ${PROCESSING_KEYS.join(', ')})`,
      );
    }
    constraintValue(v, `${field}.${key}`);
  }
  return out;
};

/** The processing a microphone's (checked) customConstraints ask for; everything off without them. */
export function microphoneProcessing(customConstraints: Record<string, unknown> | undefined): MicrophoneProcessing {
  const on = (key: ProcessingKey): boolean =>
    customConstraints?.[key] === undefined ? false : constraintValue(customConstraints[key], key);
  return {
    echoCancellation: on('echoCancellation'),
    noiseSuppression: on('noiseSuppression'),
    autoGainControl: on('autoGainControl'),
  };
}

const audioSettings = object({
  deviceId: optional(string({ min: 1, max: 256 })),
  customConstraints: optional(constraints),
});
const cameraSettings = object({
  deviceId: optional(string({ min: 1, max: 256 })),
  width: optional(number({ integer: true, min: 1, max: 4096 })),
  height: optional(number({ integer: true, min: 1, max: 4096 })),
  frameRate: optional(number({ min: 1, max: 120 })),
  facingMode: optional(oneOf('user', 'environment', 'left', 'right')),
  customConstraints: optional(record((v: unknown) => v)),
});

/** `settings` is either a custom track or device settings, told apart by `customTrack`. */
function deviceOrCustom<T>(device: Validator<T>): Validator<T | { customTrack: { id: string } }> {
  return (value, field) =>
    isPlainObject(value) && 'customTrack' in value ? customTrack(value, field) : device(value, field);
}

const falseOnly: Validator<false> = (value, field) => {
  if (value !== false) throw new ValidationError(field, `must be an object or false, got ${describe(value)}`);
  return false;
};

const inputsUpdate = object({
  camera: optional(
    either(
      falseOnly,
      object({ isEnabled: optional(boolean()), settings: optional(deviceOrCustom(cameraSettings)) }),
      'an object or false',
    ),
  ),
  microphone: optional(
    either(
      falseOnly,
      object({ isEnabled: optional(boolean()), settings: optional(deviceOrCustom(audioSettings)) }),
      'an object or false',
    ),
  ),
  screenVideo: optional(
    either(
      falseOnly,
      object({ isEnabled: optional(boolean()), settings: optional(customTrack) }),
      'an object or false',
    ),
  ),
  screenAudio: optional(
    either(
      falseOnly,
      object({ isEnabled: optional(boolean()), settings: optional(customTrack) }),
      'an object or false',
    ),
  ),
});

/** Checks an inputs update (shape, values). */
export function checkInputsUpdate(value: unknown, field: string): InputSettingsUpdate {
  if (!isPlainObject(value)) throw new InvalidArgumentError(field, `must be an object, got ${describe(value)}`);
  return check(inputsUpdate, value, field) as InputSettingsUpdate;
}

/** The settings after `update`: `false` switches an input off; a given `settings` replaces the old one. */
export function mergeInputs(current: InputSettings, update: InputSettingsUpdate): InputSettings {
  const next = copy(current) as Record<InputName, { isEnabled?: boolean; settings?: unknown }>;
  for (const name of INPUT_NAMES) {
    const u = update[name];
    if (u === undefined) continue;
    if (u === false) {
      next[name] = { ...next[name], isEnabled: false };
      continue;
    }
    next[name] = {
      isEnabled: u.isEnabled ?? next[name]?.isEnabled ?? false,
      settings: u.settings !== undefined ? copy(u.settings) : (next[name]?.settings ?? {}),
    };
  }
  return next as InputSettings;
}

/** The local track an input sends, if it names one. */
export interface InputTrack {
  trackId: string;
  kind: 'audio' | 'video';
  /** Describes the source in messages, e.g. `virtual microphone 'mic'`. */
  what: string;
  /** Audio: the source's sample rate. */
  sampleRate?: number;
}

/** The live custom tracks that `inputs` name by `customTrack.id`. */
export function customInputTracks(inputs: InputSettings): LocalTrack[] {
  const ids = INPUT_NAMES.map(
    (name) => (inputs[name]?.settings as { customTrack?: { id: string } } | undefined)?.customTrack?.id,
  );
  return ids.flatMap((id) => {
    const found = id === undefined ? undefined : findLocalTrack(id);
    return found ? [found.track] : [];
  });
}

/** A custom audio track's source rate, as an InputTrack field. */
function sampleRateOf(track: LocalTrack): { sampleRate?: number } {
  return track instanceof CustomAudioTrack ? { sampleRate: track.source.sampleRate } : {};
}

/**
 * Finds the track each input names (a virtual device by `deviceId` or a custom
 * track by `customTrack.id`). Throws if a name or id is unknown or of the wrong kind.
 */
export function resolveInputTracks(inputs: InputSettings, field: string): Partial<Record<InputName, InputTrack>> {
  const out: Partial<Record<InputName, InputTrack>> = {};
  for (const name of INPUT_NAMES) {
    const settings = (inputs[name]?.settings ?? {}) as { deviceId?: string; customTrack?: { id: string } };
    const kind = INPUT_KINDS[name];
    if (settings.customTrack) {
      const id = settings.customTrack.id;
      const found = findLocalTrack(id);
      const where = `${field}.${name}.settings.customTrack.id`;
      if (!found)
        throw new InvalidArgumentError(
          where,
          `no custom ${kind} track with id '${id}' (make one with new Custom${kind === 'audio' ? 'Audio' : 'Video'}Track(source))`,
        );
      if (found.kind !== kind)
        throw new InvalidArgumentError(where, `'${id}' is a ${found.kind} track; ${name} needs a ${kind} track`);
      out[name] = { trackId: id, kind, what: `custom ${kind} track '${id}'`, ...sampleRateOf(found.track) };
    } else if (settings.deviceId !== undefined) {
      const where = `${field}.${name}.settings.deviceId`;
      if (name === 'microphone') {
        const mic = audioDevices.microphone(settings.deviceId);
        if (!mic)
          throw new InvalidArgumentError(
            where,
            `no virtual microphone named '${settings.deviceId}' (make one with Daily.createMicrophoneDevice)`,
          );
        out[name] = {
          trackId: mic.trackId,
          kind,
          what: `virtual microphone '${mic.name}'`,
          sampleRate: mic.sampleRate,
        };
      } else if (name === 'camera') {
        const camera = findCameraDevice(settings.deviceId);
        if (!camera)
          throw new InvalidArgumentError(
            where,
            `no virtual camera named '${settings.deviceId}' (make one with Daily.createCameraDevice)`,
          );
        out[name] = { trackId: camera.trackId, kind, what: `virtual camera '${camera.name}'` };
      }
    }
  }
  return out;
}
