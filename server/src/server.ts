/**
 * `startServer`: the meeting server in one call. Opens storage, starts (or
 * connects to) Janus, serves the REST API, the signaling WebSocket and the
 * meeting URLs on one HTTP port. `close()` shuts down in order: participants
 * are told, Janus is stopped, the database is closed.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import * as path from 'node:path';
import { meetingUrlFor } from 'daily-node/protocol';
import { CallPage } from './http/call-page';
import { HttpError } from './http/http-error';
import { Router, sendJson } from './http/router';
import { JanusPool } from './janus/janus-pool';
import { createLogger, type Logger } from './log';
import { resolveOptions, type ServerOptions } from './options';
import { requireApiKey } from './rest/auth';
import { addLiveRoutes } from './rest/live-api';
import { addRoomRoutes } from './rest/rooms-api';
import { addTokenRoutes } from './rest/tokens-api';
import { addRecordingDownloadRoute, addRecordingRoutes } from './rest/recordings-api';
import { addTranscriptDownloadRoute, addTranscriptRoutes } from './rest/transcripts-api';
import { persistentSecret } from './secrets';
import { LiveRooms } from './rooms/live-rooms';
import { ParticipantRoster } from './rooms/participant-roster';
import { ServiceHost } from './services/service-host';
import { SipListener } from './services/telephony/sip-listener';
import type { TelephonyDeps } from './services/telephony/room-telephony';
import { FileRecordingStore } from './storage/file-recording-store';
import { endInterruptedRecordings } from './services/recording/interrupted-recordings';
import { createAsrEngine } from './services/transcription/engine-option';
import { originPolicy } from './signaling/origin-policy';
import { SignalingServer } from './signaling/signaling-server';
import { SqliteStorage } from './storage/sqlite-storage';
import type { Storage } from './storage/storage';
import { MeetingTokens } from './tokens/meeting-token';
import { ResumeTokens } from './tokens/resume-token';

/** How often ended participant records are pruned. */
const PRUNE_INTERVAL_MS = 3600_000;

/** A running server. */
export interface RunningServer {
  /** Base URL, `http://HOST:PORT` (meeting URLs are `${url}/ROOM`). */
  url: string;
  port: number;
  /** The REST API key (given or generated). */
  apiKey: string;
  /** The Janus nodes (tests use `janus.embedded` to kill Janus). */
  janus: JanusPool;
  storage: Storage;
  /** The live rooms (participants, media). */
  rooms: LiveRooms;
  /** The signaling endpoint. */
  signaling: SignalingServer;
  /** The service participants (transcription). */
  services: ServiceHost;
  /** The dial-in SIP listener (`sip.port`), if any. */
  sipListener: SipListener | undefined;
  log: Logger;
  /** Meeting URL of a room. */
  meetingUrl(roomName: string): string;
  /** Stops everything; safe to call twice. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const o = resolveOptions(options);
  const log = options.logger ?? createLogger(o.logLevel);
  const storage = new SqliteStorage(path.join(o.dataDir, 'daily-node.sqlite'));
  let janus: JanusPool | undefined;
  let liveRooms: LiveRooms | undefined;
  let pruning: NodeJS.Timeout | undefined;
  let services: ServiceHost | undefined;
  let sipListener: SipListener | undefined;
  // Slow clients are cut off: Node checks these deadlines every second here (30 s by default).
  const httpServer = http.createServer({
    headersTimeout: o.limits.headersTimeoutMs,
    requestTimeout: Math.max(o.limits.requestTimeoutMs, o.limits.headersTimeoutMs),
    connectionsCheckingInterval: Math.min(1000, o.limits.headersTimeoutMs),
  });
  httpServer.on('clientError', answerClientError);
  try {
    const apiKey = await persistentSecret(storage, 'api_key', o.apiKey);
    if (apiKey.generated)
      log.warn({ dataDir: o.dataDir }, 'generated a REST API key; it is stored in the database (setting api_key)');
    const tokenSecret = await persistentSecret(storage, 'token_secret', o.tokenSecret);
    const tokens = new MeetingTokens(tokenSecret.value);
    // A key of its own, kept in the database: resume tokens outlive a restart.
    const resumeTokens = new ResumeTokens((await persistentSecret(storage, 'resume_secret', undefined)).value);
    const roster = new ParticipantRoster(storage, log);

    janus = await JanusPool.start(o.janus, log);
    const pool = janus;
    const limits = o.limits;
    const { maxConnections: _server, ...clientLimits } = limits;
    // Service participants join this server's own meeting URLs, known once it listens.
    let baseUrl = '';
    services = new ServiceHost({ tokens, meetingUrl: (name) => meetingUrlFor(baseUrl, name), log });
    const engine = createAsrEngine(o.transcription);
    const transcription = { host: services, engine, transcripts: storage.transcripts };
    await storage.transcripts.endUnfinished(Date.now());
    const recordings = new FileRecordingStore(path.join(o.dataDir, 'recordings'));
    await endInterruptedRecordings(recordings, log);
    const recording = { host: services, recordings };
    const telephony: TelephonyDeps = { host: services, sipSession: () => pool.sipSession(), config: o.sip };
    const linkSecret = (await persistentSecret(storage, 'recording_link_secret', undefined)).value;
    const rooms = (liveRooms = new LiveRooms({
      storage,
      tokens,
      resumeTokens,
      roster,
      pool,
      log,
      limits: clientLimits,
      resumeGraceMs: o.resumeGraceMs,
      transcription,
      recording,
      telephony,
    }));
    // Before listening: participants of calls cut by a stop or crash wait here for their clients.
    const restored = await rooms.restore();
    if (restored.participants > 0)
      log.info({ ...restored, graceMs: o.resumeGraceMs }, 'participants from before the restart may resume');
    await roster.prune();
    pruning = setInterval(
      () => void roster.prune().catch((e: Error) => log.warn({ err: e.message }, 'pruning participant records failed')),
      PRUNE_INTERVAL_MS,
    );
    pruning.unref();
    if (o.sip.port !== undefined) {
      const listener = await SipListener.start(o.sip.host ?? o.host, o.sip.port, rooms, log.child({ sip: 'listener' }));
      sipListener = listener;
      telephony.listener = listener;
      log.info(listener.address, 'SIP dial-in listener ready');
    }

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(o.port, o.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
    const port = (httpServer.address() as AddressInfo).port;
    const hostForUrl =
      o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host.includes(':') ? `[${o.host}]` : o.host;
    const url = o.publicUrl ?? `http://${hostForUrl}:${port}`;
    baseUrl = `http://${hostForUrl}:${port}`;
    telephony.rooms = {
      // The public meeting URL: the one rooms' `url` gives and SDK users pass to join.
      meetingUrl: (name) => meetingUrlFor(url, name),
      exists: async (name) => (await storage.getRoom(name)) !== undefined,
      telephony: (name) => rooms.get(name)?.telephony,
    };

    const originAllowed = originPolicy(url, o.allowedOrigins);
    const signaling = new SignalingServer({ rooms, log, ...limits, originAllowed });
    signaling.attach(httpServer);

    const api = new Router(log);
    addRoomRoutes(api, { storage, publicUrl: url, listener: rooms });
    addTokenRoutes(api, tokens);
    addLiveRoutes(api, { storage, rooms, maxAppMessageBytes: limits.maxAppMessageBytes });
    const transcriptLinks = { transcripts: storage.transcripts, publicUrl: url, linkSecret };
    addTranscriptRoutes(api, transcriptLinks);
    addRecordingRoutes(api, { recordings, publicUrl: url, linkSecret });
    const callPage = new CallPage();
    const open = new Router(log).add('GET', '/healthz', () => ({ ok: true, janus: pool.anyUp ? 'up' : 'down' }));
    addRecordingDownloadRoute(open, { recordings, publicUrl: url, linkSecret });
    addTranscriptDownloadRoute(open, transcriptLinks);

    httpServer.on('request', (req, res) => {
      void route(req, res).catch((e: unknown) => {
        log.error({ err: e instanceof Error ? e.stack : String(e) }, 'http handler failed');
        sendJson(res, 500, new HttpError(500, 'server-error', 'internal error').body());
      });
    });
    const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
      if (await open.handle(req, res)) return;
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      if (pathname.startsWith('/v1/')) {
        try {
          requireApiKey(req, apiKey.value);
        } catch (e) {
          sendJson(res, (e as HttpError).status, (e as HttpError).body());
          return;
        }
        if (await api.handle(req, res)) return;
        sendJson(res, 404, new HttpError(404, 'not-found', `no API endpoint ${req.method} ${pathname}`).body());
        return;
      }
      if (await callPage.handle(req, res, pathname, async (name) => (await storage.getRoom(name)) !== undefined))
        return;
      sendJson(res, 404, new HttpError(404, 'not-found', `nothing at ${pathname}`).body());
    };

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        log.info('shutting down');
        // Nobody gets in while everyone is being sent away.
        signaling.stopAccepting();
        rooms.shutDown();
        clearInterval(pruning);
        await rooms.suspendAll('the server is shutting down');
        sipListener?.close();
        await services?.close();
        signaling.close();
        httpServer.closeAllConnections();
        await new Promise<void>((r) => httpServer.close(() => r()));
        await pool.close();
        await storage.close();
        log.info('stopped');
        log.flush();
      })();
      return closing;
    };
    log.info({ url }, 'meeting server listening');
    const meetingUrl = (n: string): string => meetingUrlFor(url, n);
    const running = {
      url,
      port,
      apiKey: apiKey.value,
      janus: pool,
      storage,
      rooms,
      signaling,
      services,
      log,
      sipListener,
    };
    return { ...running, meetingUrl, close };
  } catch (e) {
    clearInterval(pruning);
    // Restored participants stay on record for the next start.
    liveRooms?.shutDown();
    await liveRooms?.suspendAll('the server failed to start');
    await services?.close();
    httpServer.close();
    await janus?.close();
    await storage.close();
    throw e;
  }
}

/**
 * Requests Node's parser refuses (unknown method, bad header, too slow) get
 * the REST error shape like any other refusal, then the connection closes.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT';
  const [status, text] = timedOut ? [408, 'Request Timeout'] : [400, 'Bad Request'];
  const info = timedOut
    ? 'the request was not sent in time'
    : `the request could not be parsed (${err.code ?? 'bad request'})`;
  const body = JSON.stringify(new HttpError(status, 'invalid-request-error', info).body());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
}
