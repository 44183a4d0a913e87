/**
 * The custom tracks of this process by id, so that settings that name a
 * track only by its id (`customTrack: { id }`) find it. Tracks are held
 * weakly: an unreferenced track can still be garbage-collected.
 * @internal
 * @module
 */

/** What a call needs of a local custom track: its id, also its id in the engine. */
export interface LocalTrack {
  readonly id: string;
}

interface Entry {
  kind: 'audio' | 'video';
  ref: WeakRef<LocalTrack>;
  /** Must not capture the track (that would keep it alive). */
  isReleased: (track: LocalTrack) => boolean;
}

const tracks = new Map<string, Entry>();
const cleanup = new FinalizationRegistry<string>((id) => {
  const entry = tracks.get(id);
  if (entry && entry.ref.deref() === undefined) tracks.delete(id);
});

/** Called by the custom track classes when they are made. */
export function registerLocalTrack<T extends LocalTrack>(
  track: T,
  kind: 'audio' | 'video',
  isReleased: (track: T) => boolean,
): void {
  tracks.set(track.id, { kind, ref: new WeakRef(track), isReleased: isReleased as (track: LocalTrack) => boolean });
  cleanup.register(track, track.id);
}

/** The live (not released) custom track with this id, and its kind. */
export function findLocalTrack(id: string): { track: LocalTrack; kind: 'audio' | 'video' } | undefined {
  const entry = tracks.get(id);
  const track = entry?.ref.deref();
  if (!entry || !track || entry.isReleased(track)) return undefined;
  return { track, kind: entry.kind };
}
