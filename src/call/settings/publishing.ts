/**
 * Publishing settings: checks, merging, and what they mean for the senders
 * (encodings of each track).
 * @internal
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import type { RtpEncoding } from '../../media/peer/peer-connection';
import {
  ValidationError,
  array,
  boolean,
  describe,
  either,
  isPlainObject,
  number,
  object,
  oneOf,
  optional,
  type Validator,
} from '../../signaling/validation';
import type {
  AudioPublishingSettings,
  CustomVideoEncoding,
  PublishingSettings,
  VideoPublishingSettings,
  VideoSendSettings,
} from '../types/types';
import { check, copy } from './check';

/** Publishing of a new CallClient: everything that has an input is published. */
export function defaultPublishing(): PublishingSettings {
  return {
    camera: { isPublishing: true, sendSettings: { maxQuality: 'high' } },
    microphone: { isPublishing: true, sendSettings: 'speech' },
    screenVideo: { isPublishing: true, sendSettings: { maxQuality: 'high' } },
    screenAudio: { isPublishing: true, sendSettings: 'speech' },
  };
}

const QUALITIES = ['low', 'medium', 'high'] as const;
type Quality = (typeof QUALITIES)[number];

const encodingParameters = object({
  maxBitrate: optional(number({ integer: true, min: 10_000, max: 50_000_000 })),
  maxFramerate: optional(number({ min: 1, max: 120 })),
  scaleResolutionDownBy: optional(number({ min: 1, max: 16 })),
});

const encodingList: Validator<CustomVideoEncoding[]> = (value, field) => {
  const list = array(object({ quality: oneOf(...QUALITIES), parameters: optional(encodingParameters) }), {
    min: 1,
    max: 3,
  })(value, field);
  const seen = new Set<string>();
  list.forEach((e, i) => {
    if (seen.has(e.quality)) throw new ValidationError(`${field}[${i}].quality`, `"${e.quality}" is given twice`);
    seen.add(e.quality);
  });
  return list as CustomVideoEncoding[];
};

const encodingMap: Validator<Partial<Record<Quality, CustomVideoEncoding['parameters']>>> = (value, field) =>
  object({
    low: optional(encodingParameters),
    medium: optional(encodingParameters),
    high: optional(encodingParameters),
  })(value, field);

const videoSend = object({
  maxQuality: optional(oneOf(...QUALITIES)),
  preferredCodec: optional((value: unknown, field: string) => {
    const codec = oneOf('VP8', 'H264', 'H265')(value, field);
    if (codec !== 'VP8')
      throw new ValidationError(
        field,
        `"${codec}" is not available: the media engine and the server's SFU room use VP8`,
      );
    return codec;
  }),
  encodings: optional((value: unknown, field: string) => {
    if (value === 'adaptiveHEVC')
      throw new ValidationError(field, '"adaptiveHEVC" is not available: the media engine has no H.265 encoder');
    return Array.isArray(value) ? encodingList(value, field) : encodingMap(value, field);
  }),
  allowAdaptiveLayers: optional(boolean()),
});

/** Opus frame durations libwebrtc's encoder takes from a=ptime. */
const FRAME_DURATIONS = [10, 20, 40, 60];
const frameDuration = (value: unknown, field: string): number => {
  if (typeof value !== 'number' || !FRAME_DURATIONS.includes(value))
    throw new ValidationError(field, `must be one of ${FRAME_DURATIONS.join(', ')} (ms), got ${JSON.stringify(value)}`);
  return value;
};

/**
 * Opus frame duration when the settings name none: 10 ms, for conversational
 * bots (about 10 ms less mouth-to-ear than libwebrtc's 20 ms, for 50 more
 * packets a second; docs/performance.md). Music keeps 20 ms.
 */
export const DEFAULT_SPEECH_FRAME_MS = 10;

const audioSend = either(
  oneOf('speech', 'music'),
  object({
    channelConfig: optional(oneOf('mono', 'stereo')),
    bitrate: optional(number({ integer: true, min: 6000, max: 510_000 })),
    frameDurationMs: optional(frameDuration),
  }),
  '"speech", "music" or an object { channelConfig?, bitrate?, frameDurationMs? }',
);

const videoPublishing = object({ isPublishing: optional(boolean()), sendSettings: optional(videoSend) });
const audioPublishing = object({ isPublishing: optional(boolean()), sendSettings: optional(audioSend) });

const publishingUpdate = object({
  camera: optional(videoPublishing),
  microphone: optional(audioPublishing),
  screenVideo: optional(videoPublishing),
  screenAudio: optional(audioPublishing),
});

export function checkPublishingUpdate(value: unknown, field: string): PublishingSettings {
  if (!isPlainObject(value)) throw new InvalidArgumentError(field, `must be an object, got ${describe(value)}`);
  return check(publishingUpdate, value, field) as PublishingSettings;
}

/** The settings after `update`: `isPublishing` replaces; object `sendSettings` merge key by key. */
export function mergePublishing(current: PublishingSettings, update: PublishingSettings): PublishingSettings {
  const next = copy(current) as Record<string, VideoPublishingSettings | AudioPublishingSettings>;
  for (const [name, u] of Object.entries(update) as [string, VideoPublishingSettings | AudioPublishingSettings][]) {
    const cur = next[name] ?? {};
    const merged: Record<string, unknown> = { ...cur };
    if (u.isPublishing !== undefined) merged.isPublishing = u.isPublishing;
    if (u.sendSettings !== undefined) {
      const old = cur.sendSettings;
      merged.sendSettings =
        isPlainObject(u.sendSettings) && isPlainObject(old)
          ? { ...old, ...copy(u.sendSettings) }
          : copy(u.sendSettings);
    }
    next[name] = merged;
  }
  return next as PublishingSettings;
}

/**
 * The simulcast layers of a video track as sender encodings, lowest first
 * (libwebrtc sends nothing with another order; the publish request tells the
 * SFU so, `ridOrder: 'lmh'`).
 */
export function videoEncodings(send: VideoSendSettings | undefined): RtpEncoding[] | undefined {
  const encodings = send?.encodings;
  if (!encodings) return undefined;
  const byQuality = new Map<Quality, CustomVideoEncoding['parameters']>();
  if (Array.isArray(encodings)) for (const e of encodings) byQuality.set(e.quality, e.parameters ?? {});
  else for (const q of QUALITIES) if (encodings[q]) byQuality.set(q, encodings[q]);
  const layers = QUALITIES.filter((q) => byQuality.has(q));
  if (layers.length === 0) return undefined;
  const maxQuality = send?.maxQuality ?? 'high';
  const limit = QUALITIES.indexOf(maxQuality);
  return layers.map((q, i) => {
    const p = byQuality.get(q) ?? {};
    const encoding: RtpEncoding = { active: QUALITIES.indexOf(q) <= limit || i === 0 };
    if (layers.length > 1) encoding.rid = q[0];
    if (p.maxBitrate !== undefined) encoding.maxBitrate = p.maxBitrate;
    if (p.maxFramerate !== undefined) encoding.maxFramerate = p.maxFramerate;
    // Without an explicit scale, simulcast layers halve the size per step down.
    const scale = p.scaleResolutionDownBy ?? (layers.length > 1 ? 2 ** (layers.length - 1 - i) : undefined);
    if (scale !== undefined) encoding.scaleResolutionDownBy = scale;
    return encoding;
  });
}

/** Audio sender settings: the bitrate cap, whether to send stereo, and the Opus frame duration. */
export function audioSendParameters(send: AudioPublishingSettings['sendSettings']): {
  maxBitrate?: number;
  stereo: boolean;
  frameDurationMs: number;
} {
  if (send === undefined || send === 'speech') return { stereo: false, frameDurationMs: DEFAULT_SPEECH_FRAME_MS };
  if (send === 'music') return { maxBitrate: 128_000, stereo: true, frameDurationMs: 20 };
  return {
    ...(send.bitrate !== undefined ? { maxBitrate: send.bitrate } : {}),
    stereo: send.channelConfig === 'stereo',
    frameDurationMs: send.frameDurationMs ?? DEFAULT_SPEECH_FRAME_MS,
  };
}
