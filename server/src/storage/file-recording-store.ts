/**
 * {@link RecordingStore} in a directory (under the data dir): `<id>.json`
 * holds the record, `<id>.mp4` / `<id>.m4a` the media.
 */
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordedTrack, RecordingRecord, RecordingStore } from './recording-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A raw track's file name (no path separators, so a name from a URL stays inside the folder). */
const TRACK_FILE = /^[\w-]+-(microphone|camera|screenVideo)(-\d+)?\.(m4a|mp4)$/;

async function fileSize(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

export class FileRecordingStore implements RecordingStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async create(r: RecordingRecord): Promise<void> {
    await this.write(r);
  }

  async end(id: string, endedAt: number, error: string | null): Promise<void> {
    const r = await this.get(id);
    if (!r) return;
    await this.write({ ...r, endedAt, error, status: error ? 'failed' : 'finished' });
  }

  async get(id: string): Promise<RecordingRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    try {
      return JSON.parse(await readFile(this.recordPath(id), 'utf8')) as RecordingRecord;
    } catch {
      return undefined;
    }
  }

  async list(limit: number, roomName?: string): Promise<RecordingRecord[]> {
    const ids = (await readdir(this.dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    const all = (await Promise.all(ids.map((id) => this.get(id)))).filter((r): r is RecordingRecord => !!r);
    return all
      .filter((r) => roomName === undefined || r.roomName === roomName)
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, limit);
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.get(id);
    if (!r) return false;
    await rm(this.localPath(r), { force: true, recursive: true });
    await rm(this.recordPath(id), { force: true });
    return true;
  }

  localPath(r: Pick<RecordingRecord, 'id' | 'extension'>): string {
    return path.join(this.dir, r.extension === null ? r.id : `${r.id}.${r.extension}`);
  }

  async size(r: RecordingRecord): Promise<number> {
    if (r.extension === null) return (await this.tracks(r)).reduce((n, t) => n + t.size, 0);
    return fileSize(this.localPath(r));
  }

  async tracks(r: RecordingRecord): Promise<RecordedTrack[]> {
    if (r.extension !== null) return [];
    const dir = this.localPath(r);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => TRACK_FILE.test(n)).sort();
    return Promise.all(names.map(async (name) => ({ name, size: await fileSize(path.join(dir, name)) })));
  }

  async trackPath(r: RecordingRecord, name: string): Promise<string | undefined> {
    const known = (await this.tracks(r)).some((t) => t.name === name);
    return known ? path.join(this.localPath(r), name) : undefined;
  }

  private recordPath(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  /** Write then rename: a crash never leaves half a record. */
  private async write(r: RecordingRecord): Promise<void> {
    const tmp = `${this.recordPath(r.id)}.tmp`;
    await writeFile(tmp, JSON.stringify(r));
    await rename(tmp, this.recordPath(r.id));
  }
}
