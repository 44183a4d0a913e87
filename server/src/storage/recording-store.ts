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
  /** `cloud` (MP4) or `cloud-audio-only` (M4A). */
  type: 'cloud' | 'cloud-audio-only';
  /** Unix ms. */
  startedAt: number;
  /** Unix ms, or null while recording. */
  endedAt: number | null;
  status: RecordingState;
  error: string | null;
  /** File name extension: `mp4` or `m4a`. */
  extension: 'mp4' | 'm4a';
}

export interface RecordingStore {
  create(r: RecordingRecord): Promise<void>;
  end(id: string, endedAt: number, error: string | null): Promise<void>;
  get(id: string): Promise<RecordingRecord | undefined>;
  /** Newest first. */
  list(limit: number, roomName?: string): Promise<RecordingRecord[]>;
  /** Removes the record and its file; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Where the encoder writes the media of `r`. */
  localPath(r: Pick<RecordingRecord, 'id' | 'extension'>): string;
  /** Size of the media file in bytes (0 when missing). */
  size(r: RecordingRecord): Promise<number>;
  /** Recordings left in progress by a server that stopped: they end as failed (their files stay playable). */
  endUnfinished(at: number): Promise<void>;
}
