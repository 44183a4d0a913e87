/**
 * Room properties in Daily's REST vocabulary (snake_case), their validation,
 * and what they mean for a joining participant.
 */
import { permissionsUpdate, rtmpUrl, validation, type PermissionsUpdate } from 'daily-node/protocol';

const { array, object, optional, nullable, boolean, number, oneOf, either, string, ValidationError } = validation;

/** Values of `enable_recording` (Daily's). */
export const RECORDING_MODES = ['cloud', 'cloud-audio-only', 'local', 'raw-tracks'] as const;
export type RecordingMode = (typeof RECORDING_MODES)[number];

/** The properties a room may have. All optional; absent = Daily's default. */
export interface RoomProperties {
  /** Most participants at once (hidden ones included); default 200. */
  max_participants?: number;
  /** Unix seconds before which nobody may join. */
  nbf?: number;
  /** Unix seconds after which nobody may join. */
  exp?: number;
  /** Eject everyone when `exp` passes. */
  eject_at_room_exp?: boolean;
  /** Eject each participant this many seconds after they joined. */
  eject_after_elapsed?: number;
  enable_chat?: boolean;
  enable_screenshare?: boolean;
  enable_recording?: RecordingMode | false;
  enable_transcription?: boolean;
  enable_dialout?: boolean;
  start_video_off?: boolean;
  start_audio_off?: boolean;
  /** Only owners may send media. */
  owner_only_broadcast?: boolean;
  /** Default permissions of participants in this room (tokens may override). */
  permissions?: PermissionsUpdate;
  /** Named RTMP endpoints for startLiveStreamWithEndpoints. */
  streaming_endpoints?: StreamingEndpoint[];
  /** Dial-in (Daily's shape): callers reach the room at `sip:ROOM@HOST:PORT` of the server's SIP listener. */
  sip?: RoomSip;
}

/** The room's `sip` property. */
export interface RoomSip {
  /** The name callers get in the call (until their INVITE's display name is known). */
  display_name?: string;
  /** Only false: phone participants carry audio. */
  video?: boolean;
  sip_mode?: 'dial-in';
  /** How many callers may be in the room at once (default 1). */
  num_endpoints?: number;
}

/** A preconfigured live streaming endpoint (Daily's shape; only `rtmp` here). */
export interface StreamingEndpoint {
  name: string;
  type: 'rtmp';
  rtmp_config: { url: string };
}

/** Default and ceiling of `max_participants`. */
export const DEFAULT_MAX_PARTICIPANTS = 200;
export const MAX_MAX_PARTICIPANTS = 1000;

const unixTime = number({ integer: true, min: 0, max: 253402300799 });

/** Checks a properties object; `null` values (meaning "remove") are allowed when `allowNull`. */
export function checkRoomProperties(value: unknown, field: string, allowNull: boolean): Record<string, unknown> {
  const n = <T>(v: validation.Validator<T>) => optional(allowNull ? nullable(v) : v);
  const check = object({
    max_participants: n(number({ integer: true, min: 1, max: MAX_MAX_PARTICIPANTS })),
    nbf: n(unixTime),
    exp: n(unixTime),
    eject_at_room_exp: n(boolean()),
    eject_after_elapsed: n(number({ integer: true, min: 1, max: 365 * 86400 })),
    enable_chat: n(boolean()),
    enable_screenshare: n(boolean()),
    enable_recording: n(
      either(
        oneOf(...RECORDING_MODES),
        (v, f) => {
          if (v !== false) throw new ValidationError(f, 'must be false');
          return false as const;
        },
        `one of ${RECORDING_MODES.map((m) => `"${m}"`).join(', ')} or false`,
      ),
    ),
    enable_transcription: n(boolean()),
    enable_dialout: n(boolean()),
    start_video_off: n(boolean()),
    start_audio_off: n(boolean()),
    owner_only_broadcast: n(boolean()),
    permissions: n(permissionsUpdate),
    sip: n(
      object({
        display_name: optional(string({ min: 1, max: 256 })),
        video: optional((v, f) => {
          if (v !== false) throw new ValidationError(f, 'must be false: phone participants carry audio only');
          return false as const;
        }),
        sip_mode: optional(oneOf('dial-in')),
        num_endpoints: optional(number({ integer: true, min: 1, max: 20 })),
      }),
    ),
    streaming_endpoints: n(
      array(
        object({
          name: string({ min: 1, max: 128 }),
          type: oneOf('rtmp'),
          rtmp_config: object({ url: rtmpUrl }),
        }),
        { max: 20 },
      ),
    ),
  });
  const out = check(value, field) as Record<string, unknown>;
  if (typeof out.nbf === 'number' && typeof out.exp === 'number' && out.exp <= out.nbf) {
    throw new ValidationError(`${field}.exp`, 'must be later than nbf');
  }
  return out;
}

/** Applies a validated change (null removes a key) to `current`. */
export function mergeRoomProperties(current: RoomProperties, change: Record<string, unknown>): RoomProperties {
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(change)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return merged as RoomProperties;
}
