/**
 * {@link Storage} on an SQLite file (libsql, see open-sqlite.ts). Schema versions are
 * tracked in `PRAGMA user_version`; each migration runs once, in a transaction.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSqlite, userVersion, type SqliteDatabase } from './open-sqlite';
import type { RoomProperties } from '../rooms/room-properties';
import { SqliteTranscriptStore, TRANSCRIPTS_MIGRATION } from './sqlite-transcript-store';
import { RoomExistsError, type ParticipantRecord, type RoomPage, type RoomRecord, type Storage } from './storage';

const MIGRATIONS: string[] = [
  `CREATE TABLE rooms (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL UNIQUE,
     id TEXT NOT NULL,
     privacy TEXT NOT NULL,
     properties TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  `CREATE TABLE participants (
     id TEXT PRIMARY KEY,
     room_name TEXT NOT NULL,
     room_id TEXT NOT NULL,
     meeting_session_id TEXT NOT NULL,
     identity TEXT NOT NULL,
     ended TEXT,
     ended_at INTEGER
   );
   CREATE INDEX participants_ended_at ON participants (ended_at);`,
  TRANSCRIPTS_MIGRATION,
];

interface RoomRow {
  seq: number;
  name: string;
  id: string;
  privacy: string;
  properties: string;
  created_at: string;
}

interface ParticipantRow {
  id: string;
  room_name: string;
  room_id: string;
  meeting_session_id: string;
  identity: string;
  ended: string | null;
  ended_at: number | null;
}

function toParticipant(row: ParticipantRow): ParticipantRecord {
  return {
    id: row.id,
    roomName: row.room_name,
    roomId: row.room_id,
    meetingSessionId: row.meeting_session_id,
    identity: row.identity,
    ended: row.ended,
    endedAt: row.ended_at,
  };
}

function toRecord(row: RoomRow): RoomRecord {
  return {
    id: row.id,
    name: row.name,
    privacy: row.privacy === 'private' ? 'private' : 'public',
    properties: JSON.parse(row.properties) as RoomProperties,
    createdAt: row.created_at,
  };
}

export class SqliteStorage implements Storage {
  private readonly db: SqliteDatabase;
  readonly transcripts: SqliteTranscriptStore;

  /** Opens (creating if needed) the database file `file`, or an in-memory one for `:memory:`. */
  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = openSqlite(file);
    this.db.pragma('journal_mode = WAL');
    // Commits reach the WAL file without an fsync each (joins and leaves write
    // here): safe when the process crashes, may lose the last commits when
    // the machine loses power.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 2000');
    this.migrate();
    this.transcripts = new SqliteTranscriptStore(this.db);
  }

  private migrate(): void {
    const version = userVersion(this.db);
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  async createRoom(room: RoomRecord): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO rooms (name, id, privacy, properties, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(room.name, room.id, room.privacy, JSON.stringify(room.properties), room.createdAt);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new RoomExistsError(room.name);
      throw e;
    }
  }

  async getRoom(name: string): Promise<RoomRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM rooms WHERE name = ?').get(name) as RoomRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  async listRooms(page: RoomPage): Promise<RoomRecord[]> {
    const seqOf = (name: string): number | undefined =>
      (this.db.prepare('SELECT seq FROM rooms WHERE name = ?').get(name) as { seq: number } | undefined)?.seq;
    if (page.endingBefore !== undefined) {
      const seq = seqOf(page.endingBefore) ?? Number.MAX_SAFE_INTEGER;
      const rows = this.db
        .prepare('SELECT * FROM rooms WHERE seq > ? ORDER BY seq ASC LIMIT ?')
        .all(seq, page.limit) as RoomRow[];
      return rows.reverse().map(toRecord);
    }
    const seq = page.startingAfter !== undefined ? (seqOf(page.startingAfter) ?? 0) : Number.MAX_SAFE_INTEGER;
    const rows = this.db
      .prepare('SELECT * FROM rooms WHERE seq < ? ORDER BY seq DESC LIMIT ?')
      .all(seq, page.limit) as RoomRow[];
    return rows.map(toRecord);
  }

  async countRooms(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM rooms').get() as { n: number }).n;
  }

  async updateRoom(name: string, changes: Pick<RoomRecord, 'privacy' | 'properties'>): Promise<RoomRecord | undefined> {
    const info = this.db
      .prepare('UPDATE rooms SET privacy = ?, properties = ? WHERE name = ?')
      .run(changes.privacy, JSON.stringify(changes.properties), name);
    return info.changes === 0 ? undefined : this.getRoom(name);
  }

  async deleteRoom(name: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM rooms WHERE name = ?').run(name).changes > 0;
  }

  async saveParticipant(p: Omit<ParticipantRecord, 'ended' | 'endedAt'>): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO participants (id, room_name, room_id, meeting_session_id, identity, ended, ended_at) VALUES (?, ?, ?, ?, ?, NULL, NULL)
         ON CONFLICT(id) DO UPDATE SET identity = excluded.identity`,
      )
      .run(p.id, p.roomName, p.roomId, p.meetingSessionId, p.identity);
  }

  async endParticipant(id: string, detail: string, at: number): Promise<void> {
    this.db
      .prepare('UPDATE participants SET ended = ?, ended_at = ? WHERE id = ? AND ended IS NULL')
      .run(detail, at, id);
  }

  async getParticipant(id: string): Promise<ParticipantRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM participants WHERE id = ?').get(id) as ParticipantRow | undefined;
    return row ? toParticipant(row) : undefined;
  }

  async liveParticipants(): Promise<ParticipantRecord[]> {
    return (this.db.prepare('SELECT * FROM participants WHERE ended IS NULL').all() as ParticipantRow[]).map(
      toParticipant,
    );
  }

  async pruneParticipants(before: number): Promise<number> {
    return this.db.prepare('DELETE FROM participants WHERE ended_at < ?').run(before).changes;
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)
      ?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
