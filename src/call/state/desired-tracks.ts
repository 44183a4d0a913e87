/**
 * What a CallClient should publish right now: its inputs that have a source,
 * its custom tracks, minus what its permissions or the room do not allow.
 * The publisher compares this list with what is published and changes only
 * the difference.
 * @internal
 * @module
 */
import { CustomAudioTrack } from '../../media/audio/custom-audio-track';
import type { CustomVideoTrack } from '../../media/video/custom-video-track';
import { sendPermissionFor } from '../../signaling/participant';
import type { CallCache } from './call-cache';
import type { DesiredTrack } from '../sfu-media/publisher';
import { INPUT_KINDS, INPUT_NAMES, resolveInputTracks } from '../settings/inputs';
import { audioSendParameters, videoEncodings } from '../settings/publishing';
import type { AudioPublishingSettings, InputSettings, VideoPublishingSettings } from '../types/types';

/** A custom track added with add/updateCustomAudioTrack or add/updateCustomVideoTrack. */
export interface CustomTrackEntry {
  kind: 'audio' | 'video';
  track: CustomAudioTrack | CustomVideoTrack;
  /** Audio: kept out of active-speaker detection (daily-python's `ignore_audio_level=True`). */
  ignoreAudioLevel?: boolean;
}

/**
 * The tracks to publish. A track that cannot be published (its device or
 * track is gone) is left out and reported through `reportError`, so the
 * others still go out.
 */
export function desiredTracks(
  cache: CallCache,
  customTracks: ReadonlyMap<string, CustomTrackEntry>,
  reportError: (message: string) => void,
): DesiredTrack[] {
  const permissions = cache.localParticipant?.info.permissions;
  if (permissions && !permissions.hasPresence) return [];
  const screenAllowed = cache.room?.enableScreenshare ?? true;
  const allowed = (name: string, kind: 'audio' | 'video'): boolean =>
    (!permissions || permissions.canSend.includes(sendPermissionFor(name, kind))) &&
    (screenAllowed || (name !== 'screenVideo' && name !== 'screenAudio'));
  const out: DesiredTrack[] = [];
  for (const name of INPUT_NAMES) {
    const input = cache.inputs[name];
    let track;
    try {
      track = resolveInputTracks({ [name]: input } as InputSettings, 'inputs')[name];
    } catch (err) {
      reportError(`${name} cannot be published: ${(err as Error).message}`);
      continue;
    }
    if (!track || !allowed(name, INPUT_KINDS[name])) continue;
    const publishing = cache.publishing[name];
    const enabled = input?.isEnabled !== false && publishing?.isPublishing !== false;
    const desired: DesiredTrack = { name, kind: track.kind, trackId: track.trackId, enabled };
    if (track.kind === 'audio') {
      Object.assign(desired, audioSendParameters((publishing as AudioPublishingSettings | undefined)?.sendSettings));
      if (track.sampleRate !== undefined) desired.captureRateHz = track.sampleRate;
    } else {
      const layers = videoEncodings((publishing as VideoPublishingSettings | undefined)?.sendSettings);
      if (layers) desired.layers = layers;
    }
    out.push(desired);
  }
  for (const [name, entry] of customTracks) {
    if (!allowed(name, entry.kind)) continue;
    const released = entry.track instanceof CustomAudioTrack ? entry.track.released : entry.track.isReleased;
    if (released) {
      reportError(`custom track '${name}' cannot be published: its track was released`);
      continue;
    }
    const desired: DesiredTrack = { name, kind: entry.kind, trackId: entry.track.id, enabled: true };
    if (entry.ignoreAudioLevel) desired.ignoreAudioLevel = true;
    if (entry.track instanceof CustomAudioTrack) desired.captureRateHz = entry.track.source.sampleRate;
    out.push(desired);
  }
  return out;
}
