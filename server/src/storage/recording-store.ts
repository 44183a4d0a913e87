/**
 * Kept recordings: a record per recording (Daily's REST shape is made from
 * it) and its media file. The server writes the file where {@link
 * RecordingStore.localPath} says while recording; a store that keeps files
 * elsewhere (an S3-compatible bucket) would take the finished file in `end`.
 */

/** Daily's recording states. */
export type RecordingState = 'in-progress' | 'finished' | 'failed';

export interface RecordingRecord {
  /** UUID (the `recordingId` of RecordingStatus and the REST API). */
  id: string;
  roomName: string;
  streamId: string;
  /** `cloud` (MP4), `cloud-audio-only` (M4A) or `raw-tracks` (a file per participant track). */
  type: 'cloud' | 'cloud-audio-only' | 'raw-tracks';
  /** Unix ms. */
  startedAt: number;
  /** Unix ms, or null while recording. */
  endedAt: number | null;
  status: RecordingState;
  error: string | null;
  /** File name extension: `mp4` or `m4a`; null for `raw-tracks` (a folder of track files). */
  extension: 'mp4' | 'm4a' | null;
}

/** One file of a `raw-tracks` recording. */
export interface RecordedTrack {
  /** File name: `<participantId>-<source>[-<n>].<m4a|mp4>`. */
  name: string;
  size: number;
}

export interface RecordingStore {
  create(r: RecordingRecord): Promise<void>;
  end(id: string, endedAt: number, error: string | null): Promise<void>;
  get(id: string): Promise<RecordingRecord | undefined>;
  /** Newest first. */
  list(limit: number, roomName?: string): Promise<RecordingRecord[]>;
  /** Removes the record and its file; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Where the encoder writes the media of `r` (the folder of a `raw-tracks` recording). */
  localPath(r: Pick<RecordingRecord, 'id' | 'extension'>): string;
  /** Size of the media in bytes (all its track files for `raw-tracks`; 0 when missing). */
  size(r: RecordingRecord): Promise<number>;
  /** The track files of a `raw-tracks` recording, by name ([] for the others). */
  tracks(r: RecordingRecord): Promise<RecordedTrack[]>;
  /** Where track `name` of `r` is, or undefined when `r` has no such track. */
  trackPath(r: RecordingRecord, name: string): Promise<string | undefined>;
}
