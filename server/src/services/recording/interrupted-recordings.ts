/**
 * Recordings a stopped server left `in-progress` (a crash, a kill: a graceful
 * stop ends them itself). Their encoders died with the server, but the files
 * are fragmented MP4/M4A, so everything up to the last complete fragment
 * plays. At start each one ends as `finished` with the duration its file
 * really holds (the longest track of a raw-tracks recording), or as `failed`
 * when nothing playable was written. It is not resumed: the service
 * participant is gone, and a new recording (a new file) is the owner's call.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../../log';
import type { RecordingRecord, RecordingStore } from '../../storage/recording-store';

const run = promisify(execFile);

/** Seconds of media ffprobe finds in `file` (0 when it cannot read it). */
async function playableSeconds(file: string): Promise<number> {
  try {
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      file,
    ]);
    const s = Number(stdout.trim());
    return Number.isFinite(s) ? s : 0;
  } catch {
    return 0;
  }
}

/** The files holding a recording's media: its file, or a raw-tracks folder's track files. */
async function mediaFiles(r: RecordingRecord, store: RecordingStore): Promise<string[]> {
  const where = store.localPath(r);
  if (r.extension !== null) return [where];
  return (await store.tracks(r)).map((t) => path.join(where, t.name));
}

/** Ends every recording left in progress: finished with its real duration when playable, else failed. */
export async function endInterruptedRecordings(store: RecordingStore, log: Logger, now = Date.now()): Promise<void> {
  const unfinished = (await store.list(Number.MAX_SAFE_INTEGER)).filter((r) => r.status === 'in-progress');
  for (const r of unfinished) {
    const seconds = Math.max(0, ...(await Promise.all((await mediaFiles(r, store)).map(playableSeconds))));
    if (seconds > 0) {
      await store.end(r.id, r.startedAt + Math.round(seconds * 1000), null);
      log.info({ recordingId: r.id, seconds }, 'recording interrupted by a server stop kept as finished');
    } else {
      await store.end(r.id, now, 'the server stopped while recording, before anything playable was written');
      log.warn({ recordingId: r.id }, 'recording interrupted by a server stop had nothing playable');
    }
  }
}
