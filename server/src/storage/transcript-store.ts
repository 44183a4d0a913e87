/**
 * Kept transcripts: one record per transcription run, with its utterances.
 * Part of {@link Storage} (`storage.transcripts`).
 */

/** Daily's transcript states. */
export type TranscriptStatus = 't_in_progress' | 't_finished' | 't_error';

export interface TranscriptRecord {
  /** UUID (the `transcriptId` of TranscriptionStatus and the REST API). */
  id: string;
  roomName: string;
  roomId: string;
  meetingSessionId: string;
  instanceId: string;
  /** Unix ms. */
  startedAt: number;
  /** Unix ms, or null while running. */
  endedAt: number | null;
  status: TranscriptStatus;
  error: string | null;
}

/** One utterance as kept. */
export interface TranscriptLine {
  participantId: string;
  userName: string;
  text: string;
  /** Unix ms of the start of the utterance. */
  startMs: number;
  /** Unix ms of its end (when the engine said). */
  endMs: number | null;
}

export interface TranscriptStore {
  create(t: TranscriptRecord): Promise<void>;
  /** Marks a transcript as ended. */
  end(
    id: string,
    endedAt: number,
    status: Exclude<TranscriptStatus, 't_in_progress'>,
    error: string | null,
  ): Promise<void>;
  addLine(id: string, line: TranscriptLine): Promise<void>;
  get(id: string): Promise<TranscriptRecord | undefined>;
  /** Newest first. */
  list(limit: number, roomName?: string): Promise<TranscriptRecord[]>;
  count(roomName?: string): Promise<number>;
  /** In order of start. */
  lines(id: string): Promise<TranscriptLine[]>;
  /** Transcripts left `t_in_progress` by a server that stopped: they end with an error. */
  endUnfinished(at: number): Promise<void>;
}
