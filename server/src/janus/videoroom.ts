/**
 * Typed VideoRoom (multistream, Janus 1.1.2) requests used by the server, and
 * the shapes of the data they return. See janus-notes §2.
 */
import type { JanusHandle } from './janus-handle';

/** A publisher's stream as VideoRoom lists it. */
export interface VideoRoomStream {
  type: 'audio' | 'video' | 'data';
  mindex: number;
  mid: string;
  codec?: string;
  description?: string;
  disabled?: boolean;
  moderated?: boolean;
}

/** A stream of a subscriber handle. */
export interface VideoRoomSubscriberStream {
  type: 'audio' | 'video' | 'data';
  active: boolean;
  mindex: number;
  /** The subscriber-side mid. */
  mid: string;
  feed_id?: number;
  feed_mid?: string;
  feed_description?: string;
}

/** Options of a room we create (in memory only, never `permanent`). */
export interface CreateRoomOptions {
  room: number;
  secret: string;
  description: string;
  /** Most concurrent publishers. */
  publishers: number;
}

/** Creates a room tuned for our use: talking events, all codecs we send, no joining notices. */
export async function createRoom(
  admin: JanusHandle,
  adminKey: string | undefined,
  o: CreateRoomOptions,
): Promise<void> {
  await admin.request({
    request: 'create',
    ...(adminKey ? { admin_key: adminKey } : {}),
    room: o.room,
    secret: o.secret,
    description: o.description,
    is_private: true,
    permanent: false,
    publishers: o.publishers,
    audiocodec: 'opus,pcmu,pcma',
    videocodec: 'vp8,vp9,h264',
    audiolevel_ext: true,
    audiolevel_event: true,
    audio_active_packets: 25,
    audio_level_average: 40,
    notify_joining: false,
    fir_freq: 10,
    bitrate: 0,
  });
}

/** Destroys a room; a room that is already gone is fine. */
export async function destroyRoom(admin: JanusHandle, room: number, secret: string): Promise<void> {
  try {
    await admin.request({ request: 'destroy', room, secret, permanent: false });
  } catch {
    // gone with its Janus, or never created: nothing to undo
  }
}

/** Mutes (or unmutes) one stream of a publisher for everyone. */
export async function moderate(
  admin: JanusHandle,
  room: number,
  secret: string,
  id: number,
  mid: string,
  mute: boolean,
): Promise<void> {
  await admin.request({ request: 'moderate', room, secret, id, mid, mute });
}
