/**
 * The participant model of daily-python (types.rst: Participant, ParticipantInfo,
 * ParticipantMedia, ParticipantPermissions, ...), as carried by the signaling
 * protocol. Keys keep daily-python's camelCase spelling.
 * @module
 */

/** Media a participant may send (daily-python `CanSendPermission`). */
export type CanSendPermission = 'camera' | 'microphone' | 'screenVideo' | 'screenAudio' | 'customVideo' | 'customAudio';

/** Every {@link CanSendPermission}, in a fixed order. */
export const CAN_SEND_PERMISSIONS: readonly CanSendPermission[] = [
  'camera',
  'microphone',
  'screenVideo',
  'screenAudio',
  'customVideo',
  'customAudio',
];

/** Administrative rights (daily-python `CanAdminPermission`). */
export type CanAdminPermission = 'participants' | 'streaming' | 'transcription';

/** Every {@link CanAdminPermission}. */
export const CAN_ADMIN_PERMISSIONS: readonly CanAdminPermission[] = ['participants', 'streaming', 'transcription'];

/**
 * What may be received, per kind of media (daily-python `CanReceiveMediaPermission`).
 * `video` is the camera, `audio` the microphone. A missing key means allowed;
 * `customVideo`/`customAudio` map track names to a flag, `"*"` covers every other name.
 */
export interface CanReceiveMediaPermission {
  video?: boolean;
  audio?: boolean;
  screenVideo?: boolean;
  screenAudio?: boolean;
  customVideo?: Record<string, boolean>;
  customAudio?: Record<string, boolean>;
}

/**
 * What a participant may receive (daily-python `CanReceivePermission`). The most
 * specific entry wins: `byParticipantId`, then `byUserId`, then `base`.
 */
export interface CanReceivePermission {
  base: boolean | CanReceiveMediaPermission;
  byUserId?: Record<string, boolean | CanReceiveMediaPermission>;
  byParticipantId?: Record<string, boolean | CanReceiveMediaPermission>;
}

/** A participant's permissions (daily-python `ParticipantPermissions`). */
export interface ParticipantPermissions {
  /**
   * False = hidden: counted in {@link ParticipantCounts.hidden}, never shown to
   * others, and cannot send media (a hidden participant only receives).
   */
  hasPresence: boolean;
  canSend: CanSendPermission[];
  canReceive: CanReceivePermission;
  canAdmin: CanAdminPermission[];
}

/** Why a track is off (daily-python `ParticipantMediaInfo.offReasons`). */
export type MediaOffReason = 'user' | 'bandwidth' | 'sendPermission' | 'receivePermission' | 'remoteMute';

/** Track state as seen by the receiving participant (daily-python `ParticipantMediaInfo.state`). */
export type MediaState = 'receivable' | 'playable' | 'loading' | 'interrupted' | 'blocked' | 'off';

/** Subscription state (daily-python `ParticipantMediaInfo.subscribed`). */
export type SubscribedState = 'subscribed' | 'unsubscribed' | 'staged';

/** One track of a participant (daily-python `ParticipantMediaInfo`). */
export interface ParticipantMediaInfo {
  state: MediaState;
  /** Present (possibly empty) on every track; non-empty only when `state` is `"off"`. */
  offReasons: MediaOffReason[];
  subscribed: SubscribedState;
}

/**
 * A participant's tracks (daily-python `ParticipantMedia`), plus named custom
 * tracks (`customAudio` / `customVideo`, keyed by track name).
 */
export interface ParticipantMedia {
  microphone: ParticipantMediaInfo;
  camera: ParticipantMediaInfo;
  screenVideo: ParticipantMediaInfo;
  screenAudio: ParticipantMediaInfo;
  customAudio: Record<string, ParticipantMediaInfo>;
  customVideo: Record<string, ParticipantMediaInfo>;
}

/** Who a participant is (daily-python `ParticipantInfo`). */
export interface ParticipantInfo {
  userName: string;
  userId: string;
  /** True only in the receiving client's own entry. */
  isLocal: boolean;
  isOwner: boolean;
  /** ISO 8601 time the participant joined. */
  joinedAt: string;
  permissions: ParticipantPermissions;
}

/** A participant (daily-python `Participant`). `id` is a UUID. */
export interface Participant {
  id: string;
  info: ParticipantInfo;
  media: ParticipantMedia;
}

/** `CallParticipants`: the local participant under `local`, others under their id. */
export interface CallParticipants {
  local: Participant;
  [participantId: string]: Participant;
}

/** daily-python `ParticipantCounts`. */
export interface ParticipantCounts {
  /** Participants with presence (the receiving client included). */
  present: number;
  /** Participants without presence (`hasPresence: false`). */
  hidden: number;
}

/** daily-python `ParticipantLeftReason`. */
export type ParticipantLeftReason = 'leftCall' | 'hidden';

/** The standard track names; every other track name is a custom track. */
export type StandardTrackName = 'microphone' | 'camera' | 'screenVideo' | 'screenAudio';

/** Every {@link StandardTrackName}. */
export const STANDARD_TRACK_NAMES: readonly StandardTrackName[] = [
  'microphone',
  'camera',
  'screenVideo',
  'screenAudio',
];

/** The media kind each standard track must have. */
export const STANDARD_TRACK_KIND: Readonly<Record<StandardTrackName, 'audio' | 'video'>> = {
  microphone: 'audio',
  camera: 'video',
  screenVideo: 'video',
  screenAudio: 'audio',
};

/** True for the four standard track names. */
export function isStandardTrackName(name: string): name is StandardTrackName {
  return (STANDARD_TRACK_NAMES as readonly string[]).includes(name);
}

/** The permissions a participant has when neither room nor token says otherwise. */
export function defaultPermissions(): ParticipantPermissions {
  return { hasPresence: true, canSend: [...CAN_SEND_PERMISSIONS], canReceive: { base: true }, canAdmin: [] };
}

/** The {@link CanSendPermission} that covers a track of the given name and kind. */
export function sendPermissionFor(trackName: string, kind: 'audio' | 'video'): CanSendPermission {
  if (isStandardTrackName(trackName)) return trackName;
  return kind === 'audio' ? 'customAudio' : 'customVideo';
}

/**
 * Whether a receiver with `canReceive` may receive `trackName` (of `kind`) from
 * the participant `senderId` whose user id is `senderUserId`.
 */
export function canReceiveTrack(
  canReceive: CanReceivePermission,
  senderId: string,
  senderUserId: string,
  trackName: string,
  kind: 'audio' | 'video',
): boolean {
  const rule = canReceive.byParticipantId?.[senderId] ?? canReceive.byUserId?.[senderUserId] ?? canReceive.base;
  if (typeof rule === 'boolean') return rule;
  switch (trackName) {
    case 'camera':
      return rule.video ?? true;
    case 'microphone':
      return rule.audio ?? true;
    case 'screenVideo':
      return rule.screenVideo ?? true;
    case 'screenAudio':
      return rule.screenAudio ?? true;
    default: {
      const custom = kind === 'audio' ? rule.customAudio : rule.customVideo;
      return custom?.[trackName] ?? custom?.['*'] ?? true;
    }
  }
}
