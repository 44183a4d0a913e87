/**
 * One signaling WebSocket to the meeting server: requests with ids and
 * timeouts, events, liveness pings, and an optional HTTP CONNECT proxy.
 * It knows nothing of rooms; {@link SignalingSession} builds on it.
 * @internal
 * @module
 */
import { EventEmitter } from 'node:events';
import type { ClientRequestArgs } from 'node:http';
import type { Socket } from 'node:net';

import WebSocket from 'ws';

import { PendingRequests } from '../async/pending-requests';
import {
  parseServerMessage,
  type AnySignalingEvent,
  type SignalingMethod,
  type SignalingParams,
  type SignalingResult,
} from '../signaling/protocol';
import { connectThroughProxy, type ProxyConfig } from './http-connect-proxy';
import { TransportError } from './transport-error';

/** Options of {@link SignalingConnection.open}. */
export interface ConnectionOptions {
  /** Tunnel through this HTTP proxy (CONNECT). */
  proxy?: ProxyConfig | undefined;
  /** How long opening the socket may take (default 10 s). */
  connectTimeoutMs?: number;
  /** Ping interval; a socket that misses two pongs in a row is dropped (default 5 s). */
  pingIntervalMs?: number;
}

/** How a connection ended. */
export interface ConnectionClosed {
  code: number;
  reason: string;
  /** True when this side closed it ({@link SignalingConnection.close}). */
  local: boolean;
}

/** Default time a request may wait for its response. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;

export class SignalingConnection extends EventEmitter<{ event: [AnySignalingEvent]; closed: [ConnectionClosed] }> {
  /** Requests by id, each with its method name. */
  private readonly pending = new PendingRequests<number, string>({
    tooManyError: (method, max) =>
      new TransportError(`"${method}" was not sent: ${max} requests already wait for the server`, 'rate-limited'),
  });
  private closedWith: ConnectionClosed | undefined;
  private closingLocally = false;
  private pingTimer: NodeJS.Timeout | undefined;
  private missedPongs = 0;

  private constructor(
    private readonly socket: WebSocket,
    pingIntervalMs: number,
  ) {
    super();
    socket.on('message', (raw, isBinary) => this.onMessage(raw, isBinary));
    socket.on('pong', () => (this.missedPongs = 0));
    socket.on('close', (code, reason) => this.onClose(code, reason.toString()));
    socket.on('error', () => undefined); // 'close' follows and reports it
    this.pingTimer = setInterval(() => this.ping(), pingIntervalMs);
    this.pingTimer.unref();
  }

  /** Opens a WebSocket to `url` (`ws://` or `wss://`). */
  static open(url: string, options: ConnectionOptions = {}): Promise<SignalingConnection> {
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const wsOptions: WebSocket.ClientOptions = { handshakeTimeout: timeoutMs, maxPayload: 8 * 1024 * 1024 };
    const proxy = options.proxy;
    if (proxy) {
      const target = new URL(url);
      const secure = target.protocol === 'wss:';
      const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
      const port = Number(target.port || (secure ? 443 : 80));
      // ws hands this to http.request; the socket arrives through the callback.
      (wsOptions as ClientRequestArgs).createConnection = ((
        _: unknown,
        cb: (err: Error | null, s?: Socket) => void,
      ) => {
        connectThroughProxy(proxy, { host, port, secure }, timeoutMs, cb);
        return undefined;
      }) as unknown as ClientRequestArgs['createConnection'];
    }
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(url, wsOptions);
      } catch (err) {
        reject(new TransportError(`cannot open ${url}: ${(err as Error).message}`, 'connect-failed'));
        return;
      }
      const onError = (err: Error): void => {
        socket.off('open', onOpen);
        socket.terminate();
        reject(
          new TransportError(
            `cannot connect to ${url}${proxy ? ` through ${proxy.display}` : ''}: ${err.message}`,
            'connect-failed',
          ),
        );
      };
      const onOpen = (): void => {
        socket.off('error', onError);
        resolve(new SignalingConnection(socket, options.pingIntervalMs ?? 5000));
      };
      socket.once('error', onError);
      socket.once('open', onOpen);
    });
  }

  get isOpen(): boolean {
    return this.closedWith === undefined && this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a request; resolves with its result or rejects with a {@link TransportError}. */
  request<M extends SignalingMethod>(
    method: M,
    params: SignalingParams<M>,
    timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ): Promise<SignalingResult<M>> {
    if (!this.isOpen) {
      return Promise.reject(
        new TransportError(`"${method}" cannot be sent: the signaling connection is closed`, 'disconnected'),
      );
    }
    const timeoutError = (): Error =>
      new TransportError(`the server did not answer "${method}" within ${timeoutMs} ms`, 'timeout');
    return this.pending.start(method, { timeoutMs, timeoutError }, (id) => {
      this.socket.send(JSON.stringify({ id, method, params }), (err) => {
        if (!err) return;
        this.pending.reject(id, new TransportError(`"${method}" could not be sent: ${err.message}`, 'disconnected'));
      });
    });
  }

  /** Closes the socket normally. Pending requests fail with `disconnected`. */
  close(code = 1000, reason = ''): void {
    if (this.closedWith) return;
    this.closingLocally = true;
    this.socket.close(code, reason);
    // A peer that never answers the close handshake must not hold us.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }

  /** Drops the socket at once, as a network loss would (tests, dead sockets). */
  terminate(): void {
    this.socket.terminate();
  }

  private ping(): void {
    if (!this.isOpen) return;
    if (this.missedPongs >= 2) {
      this.socket.terminate();
      return;
    }
    this.missedPongs++;
    this.socket.ping();
  }

  private onMessage(raw: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) return;
    let message;
    try {
      message = parseServerMessage(raw.toString());
    } catch (err) {
      process.emitWarning(`daily-node: ignored a malformed signaling message: ${(err as Error).message}`);
      return;
    }
    if ('event' in message) {
      this.emit('event', message);
      return;
    }
    if (message.ok) {
      this.pending.resolve(message.id, message.result);
    } else {
      const { message: text, code, field } = message.error;
      this.pending.reject(message.id, new TransportError(text, code, field));
    }
  }

  private onClose(code: number, reason: string): void {
    if (this.closedWith) return;
    clearInterval(this.pingTimer);
    this.closedWith = { code, reason, local: this.closingLocally };
    this.pending.rejectAll(
      (method) => new TransportError(`the signaling connection closed while "${method}" was pending`, 'disconnected'),
    );
    this.emit('closed', this.closedWith);
  }
}
