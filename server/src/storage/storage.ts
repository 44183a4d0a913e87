/**
 * The storage interface of the meeting server. SQLite implements it
 * (sqlite-storage.ts); a shared database (PostgreSQL) could implement it for
 * several server instances, which is why every call is async.
 */
import type { RoomProperties } from '../rooms/room-properties';

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

/** Creating a room whose name is taken. */
export class RoomExistsError extends Error {
  constructor(name: string) {
    super(`a room named "${name}" already exists`);
    this.name = 'RoomExistsError';
  }
}

export interface Storage {
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
  /** Server-wide settings (generated secrets, ...). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
