/**
 * Runtime checks of recording and live streaming settings (daily-python's
 * StreamingSettings and StreamingUpdateSettings), shared by the SDK and the
 * server so bad input fails at once, naming the field.
 * @module
 */
import type { StreamingLayout } from '../call/types/service-types';
import {
  ValidationError,
  array,
  describe,
  isPlainObject,
  number,
  object,
  oneOf,
  optional,
  string,
  type Validator,
} from './validation';

/** Layout presets (daily-js's names). */
export const LAYOUT_PRESETS = [
  'default',
  'single-participant',
  'active-participant',
  'portrait',
  'audio-only',
] as const;
export type LayoutPreset = (typeof LAYOUT_PRESETS)[number];

/** Largest output picture side: 1920 (Daily's limit for recordings). */
export const MAX_STREAMING_SIDE = 1920;

const LAYOUT_SHAPES: Record<LayoutPreset, Validator<Record<string, unknown>>> = {
  default: object({ preset: oneOf('default'), max_cam_streams: optional(number({ integer: true, min: 1, max: 25 })) }),
  'single-participant': object({ preset: oneOf('single-participant'), session_id: string({ min: 1, max: 128 }) }),
  'active-participant': object({ preset: oneOf('active-participant') }),
  portrait: object({ preset: oneOf('portrait'), variant: optional(oneOf('vertical', 'inset')) }),
  'audio-only': object({ preset: oneOf('audio-only') }),
};

/** A layout: `{ preset, ...that preset's keys }`; unknown keys are refused, naming them. */
export const streamingLayout: Validator<StreamingLayout> = (value, field) => {
  if (!isPlainObject(value)) throw new ValidationError(field, `must be an object, got ${describe(value)}`);
  const preset = oneOf(...LAYOUT_PRESETS)(value.preset, `${field}.preset`);
  return LAYOUT_SHAPES[preset](value, field);
};

/** Even sizes: the encoder works on 4:2:0 pictures. */
const side = (value: unknown, field: string): number => {
  const n = number({ integer: true, min: 16, max: MAX_STREAMING_SIDE })(value, field);
  if (n % 2 !== 0) throw new ValidationError(field, `must be even (4:2:0 video), got ${n}`);
  return n;
};

/** `#rrggbb` or `#aarrggbb`. */
const colour = string({ pattern: /^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, patternText: '"#rrggbb" or "#aarrggbb"' });

export const streamingSettings = object({
  video: optional(
    object({
      width: optional(side),
      height: optional(side),
      fps: optional(number({ integer: true, min: 1, max: 60 })),
      backgroundColor: optional(colour),
      bitrate: optional(number({ integer: true, min: 100, max: 20_000 })),
    }),
  ),
  audio: optional(object({ bitrate: optional(number({ integer: true, min: 16, max: 320 })) })),
  maxDuration: optional(number({ integer: true, min: 1, max: 86_400 })),
  layout: optional(streamingLayout),
});

/** Stream ids: what the caller picked or the server made. */
export const streamId = string({
  min: 1,
  max: 128,
  pattern: /^[A-Za-z0-9_.:-]+$/,
  patternText: 'letters, digits, _ . : and -',
});

/** An RTMP(S) URL to push a live stream to. */
export const rtmpUrl = string({
  min: 1,
  max: 2048,
  pattern: /^rtmps?:\/\/[^\s/]+\/\S*$/,
  patternText: 'an rtmp:// or rtmps:// URL',
});

/** Live streaming endpoints: RTMP URLs or the names of the room's `streaming_endpoints`. */
export const streamingEndpoints = array(string({ min: 1, max: 2048 }), { min: 1, max: 20 });
