/**
 * Subscription profiles and per-participant subscriptions: checks, merging,
 * and the server's per-track form (`updateSubscriptions`).
 *
 * A profile lists a state per kind of track. A participant follows the
 * profile named in its settings (`base` by default), overridden by its own
 * `media`. Custom tracks follow `customAudio` / `customVideo`, and without
 * them the microphone / camera state.
 * @internal
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { participantId, trackName } from '../../signaling/message-validators';
import type { SubscriptionSetting, TrackSubscriptions } from '../../signaling/messages';
import {
  describe,
  either,
  isPlainObject,
  object,
  oneOf,
  optional,
  record,
  string,
  type Validator,
} from '../../signaling/validation';
import type {
  ParticipantSubscriptions,
  SubscriptionMediaSettings,
  SubscriptionProfileSettings,
  SubscriptionState,
  SubscriptionVideoSettings,
} from '../types/types';
import { check, copy } from './check';

export const BASE_PROFILE = 'base';

/** Profiles of a new CallClient: `base` receives everything. */
export function defaultProfiles(): SubscriptionProfileSettings {
  return {
    base: { camera: 'subscribed', microphone: 'subscribed', screenVideo: 'subscribed', screenAudio: 'subscribed' },
  };
}

const state = oneOf<SubscriptionState>('subscribed', 'unsubscribed');
const quality = oneOf('low', 'medium', 'high');
const videoState = either(
  state,
  object({ subscriptionState: optional(state), settings: optional(object({ maxQuality: optional(quality) })) }),
  '"subscribed", "unsubscribed" or { subscriptionState?, settings? }',
);
const customKey = either(oneOf('*'), trackName, 'a track name or "*"');

const media: Validator<SubscriptionMediaSettings> = object({
  camera: optional(videoState),
  microphone: optional(state),
  screenVideo: optional(videoState),
  screenAudio: optional(state),
  customAudio: optional(either(state, record(state, { key: customKey, max: 32 }), 'a state or { trackName: state }')),
  customVideo: optional(
    either(state, record(videoState, { key: customKey, max: 32 }), 'a state or { trackName: state }'),
  ),
}) as Validator<SubscriptionMediaSettings>;

const profileName = string({
  pattern: /^[A-Za-z0-9_-]{1,64}$/,
  patternText: 'letters, digits, _ and - (1 to 64 characters)',
});

export function checkProfilesUpdate(value: unknown, field: string): SubscriptionProfileSettings {
  if (!isPlainObject(value))
    throw new InvalidArgumentError(field, `must be an object of profile name → media settings, got ${describe(value)}`);
  return check(record(media, { key: profileName, max: 32 }), value, field);
}

export function checkParticipantSubscriptionsUpdate(value: unknown, field: string): ParticipantSubscriptions {
  if (!isPlainObject(value))
    throw new InvalidArgumentError(field, `must be an object of participant id → settings, got ${describe(value)}`);
  return check(
    record(object({ profile: optional(profileName), media: optional(media) }), { key: participantId, max: 200 }),
    value,
    field,
  );
}

/** Merges media settings key by key (custom track maps merge by name). */
function mergeMedia(current: SubscriptionMediaSettings, update: SubscriptionMediaSettings): SubscriptionMediaSettings {
  const next: Record<string, unknown> = { ...copy(current) };
  for (const [key, value] of Object.entries(update)) {
    const old = next[key];
    const isMap = (v: unknown): boolean =>
      isPlainObject(v) && !('subscriptionState' in (v as object)) && !('settings' in (v as object));
    next[key] =
      (key === 'customAudio' || key === 'customVideo') && isMap(value) && isMap(old)
        ? { ...(old as object), ...copy(value) }
        : copy(value);
  }
  return next as SubscriptionMediaSettings;
}

/** Profiles after an update: a known profile merges, a new one starts with nothing subscribed. */
export function mergeProfiles(
  current: SubscriptionProfileSettings,
  update: SubscriptionProfileSettings,
): SubscriptionProfileSettings {
  const next = copy(current);
  for (const [name, settings] of Object.entries(update)) next[name] = mergeMedia(next[name] ?? {}, settings);
  return next;
}

/** Participant subscriptions after an update (merged per participant). */
export function mergeParticipantSubscriptions(
  current: ParticipantSubscriptions,
  update: ParticipantSubscriptions,
): ParticipantSubscriptions {
  const next = copy(current);
  for (const [id, settings] of Object.entries(update)) {
    const old = next[id] ?? {};
    next[id] = {
      ...old,
      ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
      ...(settings.media !== undefined ? { media: mergeMedia(old.media ?? {}, settings.media) } : {}),
    };
  }
  return next;
}

/** Throws if a participant names a profile that does not exist. */
export function checkProfilesExist(
  subscriptions: ParticipantSubscriptions,
  profiles: SubscriptionProfileSettings,
  field: string,
): void {
  for (const [id, settings] of Object.entries(subscriptions)) {
    if (settings.profile !== undefined && !(settings.profile in profiles)) {
      throw new InvalidArgumentError(
        `${field}.${id}.profile`,
        `no subscription profile named "${settings.profile}" (known: ${Object.keys(profiles).join(', ')})`,
      );
    }
  }
}

const SUBSTREAM = { low: 0, medium: 1, high: 2 } as const;

function videoSetting(value: SubscriptionState | SubscriptionVideoSettings | undefined): SubscriptionSetting {
  if (value === undefined || typeof value === 'string') return { subscribed: value === 'subscribed' };
  const setting: SubscriptionSetting = { subscribed: (value.subscriptionState ?? 'subscribed') === 'subscribed' };
  const q = value.settings?.maxQuality;
  if (q !== undefined) setting.substream = SUBSTREAM[q];
  return setting;
}

/** The server's per-track settings for media settings `m`. */
export function toTrackSubscriptions(m: SubscriptionMediaSettings): TrackSubscriptions {
  const out: TrackSubscriptions = {
    microphone: { subscribed: m.microphone === 'subscribed' },
    camera: videoSetting(m.camera),
    screenVideo: videoSetting(m.screenVideo),
    screenAudio: { subscribed: m.screenAudio === 'subscribed' },
  };
  const customAudio = m.customAudio ?? m.microphone;
  const customVideo = m.customVideo ?? m.camera;
  const fill = (kind: 'audio' | 'video', rule: typeof customAudio | typeof customVideo): void => {
    const wildcard = kind === 'audio' ? '*audio' : '*video';
    if (rule === undefined || typeof rule === 'string' || 'subscriptionState' in rule || 'settings' in rule) {
      out[wildcard] = videoSetting(rule as SubscriptionVideoSettings | SubscriptionState | undefined);
      return;
    }
    for (const [name, value] of Object.entries(rule as Record<string, SubscriptionState | SubscriptionVideoSettings>)) {
      out[name === '*' ? wildcard : name] = videoSetting(value);
    }
    out[wildcard] ??= { subscribed: false };
  };
  fill('audio', customAudio);
  fill('video', customVideo);
  return out;
}

/** The media settings a participant follows: its profile overlaid with its own `media`. */
export function effectiveMedia(
  profiles: SubscriptionProfileSettings,
  settings: ParticipantSubscriptions[string] | undefined,
): SubscriptionMediaSettings {
  const profile = profiles[settings?.profile ?? BASE_PROFILE] ?? {};
  return settings?.media ? mergeMedia(profile, settings.media) : profile;
}

/** Throws unless `id` is a participant id (used where the server would refuse it later). */
export function checkParticipantId(id: unknown, field: string): string {
  return check(participantId, id, field);
}
