/**
 * REST endpoints of kept transcripts, in Daily's shape: `GET /v1/transcript`,
 * `GET /v1/transcript/:id`, `GET /v1/transcript/:id/access-link` (a signed
 * link to the WebVTT file that works without the API key until it expires,
 * served by {@link addTranscriptDownloadRoute}); the WebVTT file is also at
 * `GET /v1/transcript/:id/webvtt` with the API key.
 */
import { notFound } from '../http/http-error';
import type { Router } from '../http/router';
import { toWebVtt } from '../services/transcription/webvtt';
import type { TranscriptRecord, TranscriptStore } from '../storage/transcript-store';
import type { RouteContext } from '../http/router';
import { validated } from './rooms-api';
import { checkSignedLink, linkExpiry, signedLink } from './signed-link';
import { validation } from 'daily-node/protocol';

const { number } = validation;

export interface TranscriptApiDeps {
  transcripts: TranscriptStore;
  publicUrl: string;
  /** Key of the access links' signatures. */
  linkSecret: string;
}

/** What a transcript's access link signs. */
const resourceOf = (id: string): string => `transcript:${id}`;

/** Daily's transcript object. */
function view(t: TranscriptRecord): Record<string, unknown> {
  const end = t.endedAt ?? Date.now();
  return {
    transcriptId: t.id,
    domainId: null,
    roomId: t.roomId,
    roomName: t.roomName,
    mtgSessionId: t.meetingSessionId,
    instanceId: t.instanceId,
    status: t.status,
    duration: Math.round((end - t.startedAt) / 1000),
    startTs: Math.floor(t.startedAt / 1000),
    outParams: null,
    error: t.error,
  };
}

export function addTranscriptRoutes(router: Router, deps: TranscriptApiDeps): void {
  const existing = async (id: string): Promise<TranscriptRecord> => {
    const t = await deps.transcripts.get(id);
    if (!t) throw notFound(`no transcript ${id}`);
    return t;
  };

  router.add('GET', '/v1/transcript', async ({ query }) => {
    const limitText = query.get('limit');
    const limit =
      limitText === null
        ? 100
        : validated(() => number({ integer: true, min: 1, max: 100 })(Number(limitText), 'limit'));
    const roomName = query.get('roomName') ?? undefined;
    const data = (await deps.transcripts.list(limit, roomName)).map(view);
    return { total_count: await deps.transcripts.count(roomName), data };
  });

  router.add('GET', '/v1/transcript/:id', async ({ params }) => view(await existing(params.id!)));

  router.add('GET', '/v1/transcript/:id/access-link', async ({ params, query }) => {
    const t = await existing(params.id!);
    const expires = linkExpiry(query);
    const url = `${deps.publicUrl}/transcripts/${encodeURIComponent(t.id)}/webvtt`;
    return { transcriptId: t.id, link: signedLink(deps.linkSecret, url, resourceOf(t.id), expires), expires };
  });

  router.add('GET', '/v1/transcript/:id/webvtt', async (ctx) => sendWebVtt(deps, await existing(ctx.params.id!), ctx));
}

/** The WebVTT file behind an access link (no API key: the signature and expiry are the credential). */
export function addTranscriptDownloadRoute(router: Router, deps: TranscriptApiDeps): void {
  router.add('GET', '/transcripts/:id/webvtt', async (ctx) => {
    checkSignedLink(deps.linkSecret, resourceOf(ctx.params.id!), ctx.query);
    const t = await deps.transcripts.get(ctx.params.id!);
    if (!t) throw notFound(`transcript ${ctx.params.id!} was deleted`);
    return sendWebVtt(deps, t, ctx);
  });
}

async function sendWebVtt(deps: TranscriptApiDeps, t: TranscriptRecord, { res }: RouteContext): Promise<undefined> {
  const body = toWebVtt(t.startedAt, await deps.transcripts.lines(t.id));
  res.writeHead(200, { 'content-type': 'text/vtt; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return undefined;
}
