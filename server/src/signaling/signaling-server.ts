/**
 * The signaling WebSocket endpoint ({@link SIGNALING_PATH}): accepts sockets,
 * bounds message size and request rate, parses and checks each request,
 * dispatches it, and answers exactly once. Sockets that do not join in time,
 * stop answering pings, flood, or keep sending garbage are closed; the server
 * and the other participants carry on.
 */
import { type OriginPolicy } from './origin-policy';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  SIGNALING_PATH,
  SignalingProtocolError,
  parseClientRequest,
  type AnySignalingRequest,
} from 'daily-node/protocol';
import type { Logger } from '../log';
import type { LiveRooms } from '../rooms/live-rooms';
import { ClientConnection } from './client-connection';
import { CloseCode } from './close-code';
import { HANDLERS, type HandlerDeps } from './handlers';

/** A socket must join (or resume) within this time. */
/** Ping period; a socket that missed a whole period is dropped. */
const PING_MS = 15_000;
/**
 * Requests refused for rate within one window before the socket is closed.
 * Counted over a window, not in a row: under load a flood arrives in chunks,
 * and the tokens that refill between chunks must not excuse it.
 */
const MAX_RATE_REFUSALS = 200;
const RATE_REFUSAL_WINDOW_MS = 10_000;

export interface SignalingServerOptions {
  rooms: LiveRooms;
  log: Logger;
  maxMessageBytes: number;
  maxAppMessageBytes: number;
  requestsPerSecond: number;
  maxConnections: number;
  /** Time a new socket has to join or resume before it is closed. */
  joinDeadlineMs: number;
  /** Whether a browser page of this Origin may open a socket (see origin-policy.ts). */
  originAllowed: OriginPolicy;
}

export class SignalingServer {
  private readonly wss: WebSocketServer;
  private refusing = false;
  private readonly connections = new Set<ClientConnection>();
  private readonly deps: HandlerDeps;
  private readonly pinger: NodeJS.Timeout;
  private readonly alive = new WeakMap<WebSocket, boolean>();

  constructor(private readonly o: SignalingServerOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: o.maxMessageBytes, perMessageDeflate: false });
    this.deps = { rooms: o.rooms, maxAppMessageBytes: o.maxAppMessageBytes };
    this.pinger = setInterval(() => this.ping(), PING_MS);
    this.pinger.unref();
  }

  /** Routes WebSocket upgrades of `server` to this endpoint. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== SIGNALING_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (!this.o.originAllowed(req.headers.origin)) {
        this.o.log.warn({ origin: req.headers.origin }, 'signaling socket refused: origin not allowed');
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (this.refusing) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private accept(ws: WebSocket): void {
    if (this.connections.size >= this.o.maxConnections) {
      ws.close(CloseCode.busy, 'too many connections');
      return;
    }
    const conn = new ClientConnection(ws, this.o.requestsPerSecond, this.o.log);
    this.connections.add(conn);
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    const deadline = setTimeout(() => {
      if (!conn.participant) conn.close(CloseCode.joinTimeout, 'no join within the deadline');
    }, this.o.joinDeadlineMs);
    deadline.unref();
    let rateRefusals = 0;
    let refusalWindowStart = 0;
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        conn.event('error', { code: 'bad-request', message: 'binary messages are not accepted; send JSON text' });
        conn.protocolError();
        return;
      }
      if (!conn.requests.take()) {
        const now = Date.now();
        if (now - refusalWindowStart > RATE_REFUSAL_WINDOW_MS) {
          refusalWindowStart = now;
          rateRefusals = 0;
        }
        if (++rateRefusals > MAX_RATE_REFUSALS) conn.close(CloseCode.policy, 'request flood');
        else conn.event('error', { code: 'rate-limited', message: 'too many requests: slow down' });
        return;
      }
      void this.onMessage(conn, data.toString());
    });
    ws.on('error', (e) => this.o.log.debug({ err: e.message }, 'client socket error'));
    ws.on('close', () => {
      clearTimeout(deadline);
      conn.markClosed();
      this.connections.delete(conn);
      const p = conn.participant;
      if (p && conn.room && p.connection === conn) conn.room.disconnected(p);
    });
  }

  private async onMessage(conn: ClientConnection, text: string): Promise<void> {
    let request: AnySignalingRequest;
    try {
      request = parseClientRequest(text);
    } catch (e) {
      const err = e as SignalingProtocolError;
      conn.protocolError();
      const body = { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
      if (err.id !== undefined) conn.respondError(err.id, body);
      else conn.event('error', body);
      return;
    }
    if (conn.joining && request.method !== 'join' && request.method !== 'resume') await conn.joining.catch(() => {});
    const run = this.dispatch(conn, request);
    if (request.method === 'join' || request.method === 'resume')
      conn.joining = run.finally(() => (conn.joining = undefined));
    await run;
  }

  private async dispatch(conn: ClientConnection, request: AnySignalingRequest): Promise<void> {
    try {
      const handler = HANDLERS[request.method] as (c: ClientConnection, p: unknown, d: HandlerDeps) => unknown;
      const result = await handler(conn, request.params, this.deps);
      conn.respond(request.id, result as never);
    } catch (e) {
      if (e instanceof SignalingProtocolError) {
        conn.respondError(request.id, { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) });
        return;
      }
      this.o.log.error({ err: e instanceof Error ? e.stack : String(e), method: request.method }, 'request failed');
      conn.respondError(request.id, { code: 'internal', message: 'internal server error' });
    }
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.get(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      ws.ping();
    }
  }

  /** Refuses new sockets (503) from now on: the server is shutting down. */
  stopAccepting(): void {
    this.refusing = true;
  }

  /** Closes every socket (after sessions were ended) and the endpoint. */
  close(): void {
    clearInterval(this.pinger);
    for (const conn of this.connections) conn.close(CloseCode.goingAway, 'server shutting down');
    this.wss.close();
  }
}
