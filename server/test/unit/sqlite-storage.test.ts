/**
 * The server's storage on its SQLite library (libsql): a real file in a
 * temporary folder, opened, written, closed and opened again.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, beforeEach, expect, it } from 'vitest';

import { openSqlite, userVersion } from '../../src/storage/open-sqlite';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { RoomExistsError, type RoomRecord } from '../../src/storage/storage';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-sqlite-'));
  file = path.join(dir, 'data', 'daily-node.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const room = (name: string): RoomRecord => ({
  id: `id-${name}`,
  name,
  privacy: 'public',
  properties: { max_participants: 4 } as RoomRecord['properties'],
  createdAt: '2026-12-04T08:00:00.000Z',
});

it('keeps rooms, settings and participants in the file across a close and a reopen', async () => {
  const first = new SqliteStorage(file);
  await first.createRoom(room('alpha'));
  await first.setSetting('api_key', 'k1');
  await first.saveParticipant({
    id: 'p1',
    roomName: 'alpha',
    roomId: 'id-alpha',
    meetingSessionId: 'm1',
    identity: '{}',
  });
  await first.close();

  const again = new SqliteStorage(file);
  expect(await again.getRoom('alpha')).toEqual(room('alpha'));
  expect(await again.getSetting('api_key')).toBe('k1');
  expect((await again.liveParticipants()).map((p) => p.id)).toEqual(['p1']);
  await again.close();
});

it('refuses a second room of the same name with RoomExistsError', async () => {
  const storage = new SqliteStorage(file);
  await storage.createRoom(room('alpha'));
  await expect(storage.createRoom(room('alpha'))).rejects.toBeInstanceOf(RoomExistsError);
  expect(await storage.countRooms()).toBe(1);
  await storage.close();
});

it('runs in WAL mode with every migration applied once', async () => {
  await new SqliteStorage(file).close();
  await new SqliteStorage(file).close();
  const db = openSqlite(file);
  expect(db.prepare('PRAGMA journal_mode').get()).toMatchObject({ journal_mode: 'wal' });
  expect(userVersion(db)).toBe(3);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  expect(tables.map((t) => t.name)).toEqual(
    expect.arrayContaining(['participants', 'rooms', 'settings', 'transcripts']),
  );
  db.close();
});
