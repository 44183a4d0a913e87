/**
 * Builds the daily-python Participant object of one participant as another
 * (the viewer) sees it: `isLocal` for the viewer's own entry, track states and
 * offReasons from the sender's state and the viewer's permissions and
 * subscriptions.
 */
import {
  STANDARD_TRACK_KIND,
  STANDARD_TRACK_NAMES,
  canReceiveTrack,
  sendPermissionFor,
  type MediaOffReason,
  type Participant,
  type ParticipantMediaInfo,
} from 'daily-node/protocol';
import type { ParticipantSession, RemoteMutable } from './participant-session';

/** How far a track has got on the viewer's receive connection. */
export type ReceiveProgress = 'none' | 'pending' | 'flowing';

/** Answers what the media layer knows about a viewer's receive connection. */
export type ReceiveProbe = (viewer: ParticipantSession, senderId: string, track: string) => ReceiveProgress;

function sendOffReasons(sender: ParticipantSession, track: string, kind: 'audio' | 'video'): MediaOffReason[] {
  const reasons: MediaOffReason[] = [];
  if (!sender.permissions.canSend.includes(sendPermissionFor(track, kind))) reasons.push('sendPermission');
  if (sender.remoteMuted.has(track as RemoteMutable)) reasons.push('remoteMute');
  const published = sender.tracks.get(track);
  if (!published || !published.enabled) reasons.push('user');
  return reasons;
}

function trackInfo(
  sender: ParticipantSession,
  viewer: ParticipantSession,
  track: string,
  kind: 'audio' | 'video',
  probe: ReceiveProbe,
): ParticipantMediaInfo {
  const reasons = sendOffReasons(sender, track, kind);
  if (sender === viewer) {
    return { state: reasons.length ? 'off' : 'playable', offReasons: reasons, subscribed: 'unsubscribed' };
  }
  if (!canReceiveTrack(viewer.permissions.canReceive, sender.id, sender.userId, track, kind))
    reasons.push('receivePermission');
  const subscribed = viewer.subscriptionFor(sender.id, track, kind)?.subscribed === true;
  const info: ParticipantMediaInfo = {
    state: 'receivable',
    offReasons: reasons,
    subscribed: subscribed ? 'subscribed' : 'unsubscribed',
  };
  if (reasons.length) info.state = 'off';
  else if (subscribed) info.state = probe(viewer, sender.id, track) === 'flowing' ? 'playable' : 'loading';
  return info;
}

/** The participant `subject` as `viewer` sees it. */
export function viewParticipant(
  subject: ParticipantSession,
  viewer: ParticipantSession,
  probe: ReceiveProbe,
): Participant {
  const standard = Object.fromEntries(
    STANDARD_TRACK_NAMES.map((name) => [name, trackInfo(subject, viewer, name, STANDARD_TRACK_KIND[name], probe)]),
  ) as Record<(typeof STANDARD_TRACK_NAMES)[number], ParticipantMediaInfo>;
  const customAudio: Record<string, ParticipantMediaInfo> = {};
  const customVideo: Record<string, ParticipantMediaInfo> = {};
  for (const t of subject.tracks.values()) {
    if ((STANDARD_TRACK_NAMES as readonly string[]).includes(t.name)) continue;
    (t.kind === 'audio' ? customAudio : customVideo)[t.name] = trackInfo(subject, viewer, t.name, t.kind, probe);
  }
  return {
    id: subject.id,
    info: {
      userName: subject.userName,
      userId: subject.userId,
      isLocal: subject === viewer,
      isOwner: subject.isOwner,
      joinedAt: subject.joinedAt.toISOString(),
      permissions: structuredClone(subject.permissions),
    },
    media: { ...standard, customAudio, customVideo },
  };
}
