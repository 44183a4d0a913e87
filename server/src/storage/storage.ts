/**
 * The storage interface of the meeting server. SQLite implements it
 * (sqlite-storage.ts); a shared database (PostgreSQL) could implement it for
 * several server instances, which is why every call is async.
 */
import type { RoomProperties } from '../rooms/room-properties';
import type { TranscriptStore } from './transcript-store';

/** A room as stored. */
export interface RoomRecord {
  /** UUID, fixed at creation. */
  id: string;
  name: string;
  privacy: 'public' | 'private';
  properties: RoomProperties;
  /** ISO 8601 creation time. */
  createdAt: string;
}

/** Paging of room lists (Daily's `limit`, `starting_after`, `ending_before`, by room name). */
export interface RoomPage {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

/**
 * A participant as stored: while it is in a call (`ended` null) the server can
 * bring it back after a restart; afterwards the record says how it ended, so
 * an old resume token is refused with the reason.
 */
export interface ParticipantRecord {
  id: string;
  roomName: string;
  /** The id of the room it joined ({@link RoomRecord.id}). */
  roomId: string;
  /** The room's meeting session at the time (kept across a restart). */
  meetingSessionId: string;
  /** Who it is (user name, permissions, token properties, ...), JSON owned by the rooms code. */
  identity: string;
  /** Null while in the call; otherwise how it left (a `LeftDetail`). */
  ended: string | null;
  /** When it ended (Unix ms), or null. */
  endedAt: number | null;
}

/** Creating a room whose name is taken. */
export class RoomExistsError extends Error {
  constructor(name: string) {
    super(`a room named "${name}" already exists`);
    this.name = 'RoomExistsError';
  }
}

export interface Storage {
  /** Kept transcripts. */
  readonly transcripts: TranscriptStore;
  /** @throws RoomExistsError */
  createRoom(room: RoomRecord): Promise<void>;
  getRoom(name: string): Promise<RoomRecord | undefined>;
  /** Newest first. */
  listRooms(page: RoomPage): Promise<RoomRecord[]>;
  countRooms(): Promise<number>;
  /** Replaces privacy and properties; undefined if there is no such room. */
  updateRoom(name: string, changes: Pick<RoomRecord, 'privacy' | 'properties'>): Promise<RoomRecord | undefined>;
  /** False if there was no such room. */
  deleteRoom(name: string): Promise<boolean>;
  /** Adds a participant in a call, or replaces its identity (same id). */
  saveParticipant(p: Omit<ParticipantRecord, 'ended' | 'endedAt'>): Promise<void>;
  /** Marks a participant as gone (`detail` says how); no-op for an unknown id. */
  endParticipant(id: string, detail: string, at: number): Promise<void>;
  getParticipant(id: string): Promise<ParticipantRecord | undefined>;
  /** Every participant still in a call (not ended). */
  liveParticipants(): Promise<ParticipantRecord[]>;
  /** Forgets participants that ended before `before` (Unix ms); returns how many. */
  pruneParticipants(before: number): Promise<number>;
  /** Server-wide settings (generated secrets, ...). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
