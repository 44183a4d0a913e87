/**
 * REST endpoints of recordings, in Daily's shape: `GET /v1/recordings`,
 * `GET /v1/recordings/:id`, `DELETE /v1/recordings/:id`, and
 * `GET /v1/recordings/:id/access-link` → `{ download_link, expires }`: a link
 * that works without the API key until `expires` (an HMAC of the id and the
 * expiry signs it), served by {@link addRecordingDownloadRoute}. A
 * `raw-tracks` recording lists its files in `tracks`, and its access link
 * answers one signed link per track (`tracks[].download_link`).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { HttpError, notFound } from '../http/http-error';
import type { Router } from '../http/router';
import type { RecordedTrack, RecordingRecord, RecordingStore } from '../storage/recording-store';
import { validated } from './rooms-api';
import { checkSignedLink, linkExpiry, signedLink } from './signed-link';
import { validation } from 'daily-node/protocol';

const { number } = validation;

export interface RecordingApiDeps {
  recordings: RecordingStore;
  publicUrl: string;
  /** Key of the download links' signatures. */
  linkSecret: string;
}

/** A raw track as the REST API shows it: whose track it is, and what kind, from its file name. */
function trackView(t: RecordedTrack): Record<string, unknown> {
  const m = /^(.+)-(microphone|camera|screenVideo)(?:-\d+)?\.(m4a|mp4)$/.exec(t.name)!;
  return {
    id: t.name,
    participant_id: m[1],
    source: m[2],
    type: m[2] === 'microphone' ? 'audio' : 'video',
    size: t.size,
    s3Key: null,
  };
}

/** Daily's recording object. */
async function view(r: RecordingRecord, store: RecordingStore): Promise<Record<string, unknown>> {
  const end = r.endedAt ?? Date.now();
  return {
    id: r.id,
    room_name: r.roomName,
    start_ts: Math.floor(r.startedAt / 1000),
    status: r.status,
    max_participants: null,
    duration: Math.round((end - r.startedAt) / 1000),
    share_token: null,
    tracks: (await store.tracks(r)).map(trackView),
    s3key: null,
    mtgSessionId: null,
    type: r.type,
    streamId: r.streamId,
    error: r.error,
    size: await store.size(r),
  };
}

/** What a recording's (or one of its raw tracks') download link signs. */
const resourceOf = (id: string, track?: string): string => `recording:${id}${track ? `/${track}` : ''}`;

export function addRecordingRoutes(router: Router, deps: RecordingApiDeps): void {
  const existing = async (id: string): Promise<RecordingRecord> => {
    const r = await deps.recordings.get(id);
    if (!r) throw notFound(`no recording ${id}`);
    return r;
  };

  router.add('GET', '/v1/recordings', async ({ query }) => {
    const limitText = query.get('limit');
    const limit =
      limitText === null
        ? 100
        : validated(() => number({ integer: true, min: 1, max: 100 })(Number(limitText), 'limit'));
    const roomName = query.get('room_name') ?? undefined;
    const all = await deps.recordings.list(Number.MAX_SAFE_INTEGER, roomName);
    const data = await Promise.all(all.slice(0, limit).map((r) => view(r, deps.recordings)));
    return { total_count: all.length, data };
  });

  router.add('GET', '/v1/recordings/:id', async ({ params }) => view(await existing(params.id!), deps.recordings));

  router.add('DELETE', '/v1/recordings/:id', async ({ params }) => {
    const r = await existing(params.id!);
    if (r.status === 'in-progress')
      throw new HttpError(409, 'invalid-request-error', `recording ${r.id} is in progress`);
    await deps.recordings.delete(r.id);
    return { deleted: true, id: r.id };
  });

  router.add('GET', '/v1/recordings/:id/access-link', async ({ params, query }) => {
    const r = await existing(params.id!);
    const expires = linkExpiry(query);
    const base = `${deps.publicUrl}/recordings/${encodeURIComponent(r.id)}`;
    if (r.extension === null) {
      const tracks = (await deps.recordings.tracks(r)).map((t) => ({
        ...trackView(t),
        download_link: signedLink(
          deps.linkSecret,
          `${base}/tracks/${t.name}/download`,
          resourceOf(r.id, t.name),
          expires,
        ),
      }));
      return { download_link: null, expires, tracks };
    }
    const link = signedLink(deps.linkSecret, `${base}/download`, resourceOf(r.id), expires);
    return { download_link: link, expires };
  });
}

/** Sends `file` whole as `type`. */
async function sendFile(res: ServerResponse, file: string, type: string): Promise<void> {
  const size = await stat(file).then((s) => s.size);
  res.writeHead(200, { 'content-type': type, 'content-length': size });
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).pipe(res).on('finish', resolve);
  });
}

/** The downloads behind access links (no API key: the signature and expiry are the credential). */
export function addRecordingDownloadRoute(router: Router, deps: RecordingApiDeps): void {
  router.add('GET', '/recordings/:id/download', async ({ params, query, res }) => {
    checkSignedLink(deps.linkSecret, resourceOf(params.id!), query);
    const r = await deps.recordings.get(params.id!);
    if (!r || r.extension === null) throw notFound(`recording ${params.id!} was deleted`);
    await sendFile(res, deps.recordings.localPath(r), r.extension === 'mp4' ? 'video/mp4' : 'audio/mp4');
    return undefined;
  });

  router.add('GET', '/recordings/:id/tracks/:track/download', async ({ params, query, res }) => {
    checkSignedLink(deps.linkSecret, resourceOf(params.id!, params.track!), query);
    const r = await deps.recordings.get(params.id!);
    const file = r && (await deps.recordings.trackPath(r, params.track!));
    if (!file) throw notFound(`track ${params.track!} of recording ${params.id!} was deleted`);
    await sendFile(res, file, file.endsWith('.mp4') ? 'video/mp4' : 'audio/mp4');
    return undefined;
  });
}
