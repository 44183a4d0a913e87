/**
 * REST endpoints of recordings, in Daily's shape: `GET /v1/recordings`,
 * `GET /v1/recordings/:id`, `DELETE /v1/recordings/:id`, and
 * `GET /v1/recordings/:id/access-link` → `{ download_link, expires }`: a link
 * that works without the API key until `expires` (an HMAC of the id and the
 * expiry signs it), served by {@link addRecordingDownloadRoute}.
 */
import { createReadStream } from 'node:fs';
import { HttpError, notFound } from '../http/http-error';
import type { Router } from '../http/router';
import type { RecordingRecord, RecordingStore } from '../storage/recording-store';
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
    tracks: [],
    s3key: null,
    mtgSessionId: null,
    type: r.type,
    streamId: r.streamId,
    error: r.error,
    size: await store.size(r),
  };
}

/** What a recording's download link signs. */
const resourceOf = (id: string): string => `recording:${id}`;

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
    const url = `${deps.publicUrl}/recordings/${encodeURIComponent(r.id)}/download`;
    const link = signedLink(deps.linkSecret, url, resourceOf(r.id), expires);
    return { download_link: link, expires };
  });
}

/** The download behind an access link (no API key: the signature and expiry are the credential). */
export function addRecordingDownloadRoute(router: Router, deps: RecordingApiDeps): void {
  router.add('GET', '/recordings/:id/download', async ({ params, query, res }) => {
    checkSignedLink(deps.linkSecret, resourceOf(params.id!), query);
    const r = await deps.recordings.get(params.id!);
    if (!r) throw notFound(`recording ${params.id!} was deleted`);
    const type = r.extension === 'mp4' ? 'video/mp4' : 'audio/mp4';
    res.writeHead(200, { 'content-type': type, 'content-length': await deps.recordings.size(r) });
    await new Promise<void>((resolve, reject) => {
      createReadStream(deps.recordings.localPath(r)).on('error', reject).pipe(res).on('finish', resolve);
    });
    return undefined;
  });
}
