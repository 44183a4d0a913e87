/** {@link TranscriptStore} in the server's SQLite database (tables made by its migrations). */
import type { SqliteDatabase } from './open-sqlite';
import type { TranscriptLine, TranscriptRecord, TranscriptStatus, TranscriptStore } from './transcript-store';

/** The migration that makes the tables (appended to the database's migrations). */
export const TRANSCRIPTS_MIGRATION = `CREATE TABLE transcripts (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     room_name TEXT NOT NULL,
     room_id TEXT NOT NULL,
     meeting_session_id TEXT NOT NULL,
     instance_id TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     status TEXT NOT NULL,
     error TEXT
   );
   CREATE TABLE transcript_lines (
     transcript_id TEXT NOT NULL,
     participant_id TEXT NOT NULL,
     user_name TEXT NOT NULL,
     text TEXT NOT NULL,
     start_ms INTEGER NOT NULL,
     end_ms INTEGER
   );
   CREATE INDEX transcript_lines_id ON transcript_lines (transcript_id, start_ms);`;

interface TranscriptRow {
  id: string;
  room_name: string;
  room_id: string;
  meeting_session_id: string;
  instance_id: string;
  started_at: number;
  ended_at: number | null;
  status: string;
  error: string | null;
}

function toTranscript(r: TranscriptRow): TranscriptRecord {
  return {
    id: r.id,
    roomName: r.room_name,
    roomId: r.room_id,
    meetingSessionId: r.meeting_session_id,
    instanceId: r.instance_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    status: r.status as TranscriptStatus,
    error: r.error,
  };
}

export class SqliteTranscriptStore implements TranscriptStore {
  constructor(private readonly db: SqliteDatabase) {}

  async create(t: TranscriptRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO transcripts
           (id, room_name, room_id, meeting_session_id, instance_id, started_at, ended_at, status, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(t.id, t.roomName, t.roomId, t.meetingSessionId, t.instanceId, t.startedAt, t.endedAt, t.status, t.error);
  }

  async end(
    id: string,
    endedAt: number,
    status: Exclude<TranscriptStatus, 't_in_progress'>,
    error: string | null,
  ): Promise<void> {
    this.db
      .prepare('UPDATE transcripts SET ended_at = ?, status = ?, error = ? WHERE id = ?')
      .run(endedAt, status, error, id);
  }

  async addLine(id: string, l: TranscriptLine): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO transcript_lines (transcript_id, participant_id, user_name, text, start_ms, end_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(id, l.participantId, l.userName, l.text, l.startMs, l.endMs);
  }

  async get(id: string): Promise<TranscriptRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM transcripts WHERE id = ?').get(id) as TranscriptRow | undefined;
    return row ? toTranscript(row) : undefined;
  }

  async list(limit: number, roomName?: string): Promise<TranscriptRecord[]> {
    const rows = (
      roomName === undefined
        ? this.db.prepare('SELECT * FROM transcripts ORDER BY seq DESC LIMIT ?').all(limit)
        : this.db
            .prepare('SELECT * FROM transcripts WHERE room_name = ? ORDER BY seq DESC LIMIT ?')
            .all(roomName, limit)
    ) as TranscriptRow[];
    return rows.map(toTranscript);
  }

  async count(roomName?: string): Promise<number> {
    const row = (
      roomName === undefined
        ? this.db.prepare('SELECT COUNT(*) AS n FROM transcripts').get()
        : this.db.prepare('SELECT COUNT(*) AS n FROM transcripts WHERE room_name = ?').get(roomName)
    ) as { n: number };
    return row.n;
  }

  async lines(id: string): Promise<TranscriptLine[]> {
    const rows = this.db
      .prepare(
        `SELECT participant_id, user_name, text, start_ms, end_ms FROM transcript_lines
         WHERE transcript_id = ? ORDER BY start_ms, rowid`,
      )
      .all(id) as {
      participant_id: string;
      user_name: string;
      text: string;
      start_ms: number;
      end_ms: number | null;
    }[];
    return rows.map((r) => ({
      participantId: r.participant_id,
      userName: r.user_name,
      text: r.text,
      startMs: r.start_ms,
      endMs: r.end_ms,
    }));
  }

  async endUnfinished(at: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE transcripts SET ended_at = ?, status = 't_error', error = 'the server stopped during the transcription'
         WHERE status = 't_in_progress'`,
      )
      .run(at);
  }
}
