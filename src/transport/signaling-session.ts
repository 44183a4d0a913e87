/**
 * A participant's signaling session with the meeting server: join, requests,
 * leave, and recovery. When the socket drops or the server stops, it
 * reconnects and `resume`s the same participant (the server holds it for its
 * grace period after a drop, and brings it back after a restart); when the
 * server refuses (grace over, data lost) it joins again as a new participant.
 * Events received while a join or resume is being answered are held back and
 * delivered after it, so the caller always sees the snapshot first.
 * @internal
 * @module
 */
import { EventEmitter } from 'node:events';

import {
  PROTOCOL_VERSION,
  RESUME_REFUSAL_CODES,
  type AnySignalingEvent,
  type JoinParams,
  type JoinResult,
  type MeetingEndpoint,
  type SessionEndReason,
  type SignalingErrorCode,
  type SignalingMethod,
  type SignalingParams,
  type SignalingResult,
} from '../signaling/protocol';
import type { ProxyConfig } from './http-connect-proxy';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  SignalingConnection,
  type ConnectionClosed,
  type ConnectionOptions,
} from './signaling-connection';
import { TransportError } from './transport-error';

/** Join parameters the caller controls (the room comes from the endpoint). */
export type SessionJoinParams = Omit<JoinParams, 'protocolVersion' | 'roomName'>;

/** What the session uses of a signaling connection (a fake in unit tests). */
export interface SessionConnection {
  request: SignalingConnection['request'];
  on(event: 'event', listener: (event: AnySignalingEvent) => void): unknown;
  on(event: 'closed', listener: (info: ConnectionClosed) => void): unknown;
  close(): void;
  terminate(): void;
}

/** Opens a signaling connection to `url` (default: a WebSocket, {@link SignalingConnection.open}). */
export type SessionConnectionFactory = (url: string, options: ConnectionOptions) => Promise<SessionConnection>;

export interface SignalingSessionOptions {
  proxy?: ProxyConfig | undefined;
  /** How connections are opened (default: WebSocket connections to the meeting server). */
  connect?: SessionConnectionFactory;
  /** Latest join parameters, for a rejoin (user name and subscriptions may have changed). */
  joinParams: () => SessionJoinParams;
  /** How long to keep trying to reconnect before giving up (default 60 s). */
  reconnectTimeoutMs?: number;
}

/** How the session came back after an interruption. */
export interface SessionRestored {
  result: JoinResult;
  /** False: the same participant resumed. True: joined again as a new participant. */
  rejoined: boolean;
}

/** Ends a reconnect attempt: the server ended the session for good (a resume refused with `ejected`). */
class SessionEnded extends Error {
  constructor(readonly ending: { reason: SessionEndReason; message: string }) {
    super(ending.message);
  }
}

export interface SignalingSessionEvents {
  /** A server event (not `session-ended`, which becomes `ended` or an interruption). */
  event: [AnySignalingEvent];
  /** The connection was lost; recovery starts. */
  interrupted: [{ reason: string }];
  restored: [SessionRestored];
  /** Recovery gave up; the session is over. */
  failed: [TransportError];
  /** The server ended the session for good (ejected, room deleted, ...). */
  ended: [{ reason: SessionEndReason; message: string }];
}

/** Join errors that no retry can fix. */
const FATAL_JOIN_CODES = new Set([
  'room-not-found',
  'room-not-yet-open',
  'room-expired',
  'room-full',
  'token-required',
  'token-invalid',
  'token-expired',
  'token-not-yet-valid',
  'token-wrong-room',
  'forbidden',
  'unsupported-version',
  'bad-request',
]);

type State = 'idle' | 'joining' | 'connected' | 'reconnecting' | 'closed';

export class SignalingSession extends EventEmitter<SignalingSessionEvents> {
  private state: State = 'idle';
  private connection: SessionConnection | undefined;
  private resumeToken: string | undefined;
  private endedBy: { reason: SessionEndReason; message: string } | undefined;
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private held: AnySignalingEvent[] | undefined;
  private sleeper: { timer: NodeJS.Timeout; wake: () => void } | undefined;

  constructor(
    readonly endpoint: MeetingEndpoint,
    private readonly options: SignalingSessionOptions,
  ) {
    super();
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /**
   * Connects and joins. `onJoined` runs with the result before any event of
   * the session is emitted. Rejects with a TransportError (server code) if refused.
   */
  async join(onJoined: (result: JoinResult) => void): Promise<JoinResult> {
    if (this.state !== 'idle') throw new TransportError('this session has already joined', 'already-joined');
    this.state = 'joining';
    let connection: SessionConnection;
    try {
      connection = await this.connect({ proxy: this.options.proxy });
    } catch (err) {
      this.state = 'closed';
      throw err;
    }
    if (this.state !== 'joining') {
      connection.close();
      throw new TransportError('the session was closed while connecting', 'disconnected');
    }
    this.attach(connection);
    try {
      const result = await this.admit(connection, 'join');
      this.accept(result);
      onJoined(result);
      this.flushHeld();
      return result;
    } catch (err) {
      this.state = 'closed';
      this.connection = undefined;
      connection.close();
      throw err;
    }
  }

  /**
   * Sends a request. While the session is reconnecting it waits (within its
   * timeout) for the connection to come back.
   */
  async request<M extends SignalingMethod>(
    method: M,
    params: SignalingParams<M>,
    timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ): Promise<SignalingResult<M>> {
    const deadline = Date.now() + timeoutMs;
    if (this.state === 'reconnecting') await this.whenConnected(timeoutMs, method);
    if (this.state !== 'connected' || !this.connection) {
      throw new TransportError(`"${method}" cannot be sent: not connected to the meeting server`, 'disconnected');
    }
    return this.connection.request(method, params, Math.max(1000, deadline - Date.now()));
  }

  /** Leaves the room (best effort) and closes the session. */
  async leave(timeoutMs = 5000): Promise<void> {
    const connection = this.connection;
    const wasConnected = this.state === 'connected';
    this.shutdown();
    if (connection && wasConnected) {
      await connection.request('leave', {}, timeoutMs).catch(() => undefined);
    }
    connection?.close();
  }

  /** Closes the session without leaving (the server notices the socket close). */
  close(): void {
    const connection = this.connection;
    this.shutdown();
    connection?.close();
  }

  /** Drops the socket as a network failure would (beyond tests, never needed). @internal */
  simulateDrop(): void {
    this.connection?.terminate();
  }

  private shutdown(): void {
    this.state = 'closed';
    this.connection = undefined;
    this.sleeper?.wake();
    for (const w of this.waiters.splice(0)) {
      w.reject(new TransportError('the session was closed', 'disconnected'));
    }
  }

  private attach(connection: SessionConnection): void {
    this.connection = connection;
    connection.on('event', (e) => {
      if (this.connection !== connection) return;
      if (e.event === 'session-ended') {
        this.endedBy = e.data;
        return;
      }
      if (this.held) this.held.push(e);
      else this.emit('event', e);
    });
    connection.on('closed', (info) => this.onClosed(connection, info));
  }

  /** Sends `join` or `resume` on `connection`, holding events back until it is answered. */
  private async admit(connection: SessionConnection, how: 'join' | 'resume'): Promise<JoinResult> {
    this.held = [];
    try {
      if (how === 'resume') {
        const params = {
          protocolVersion: PROTOCOL_VERSION,
          resumeToken: this.resumeToken!,
          roomName: this.endpoint.roomName,
        };
        return await connection.request('resume', params, 10_000);
      }
      const params = {
        protocolVersion: PROTOCOL_VERSION,
        roomName: this.endpoint.roomName,
        ...this.options.joinParams(),
      };
      return await connection.request('join', params, 30_000);
    } catch (err) {
      this.held = undefined;
      throw err;
    }
  }

  /** A join/resume succeeded: connected, then the held events. */
  private accept(result: JoinResult): void {
    this.resumeToken = result.resumeToken;
    this.state = 'connected';
    this.endedBy = undefined;
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  private flushHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const e of held) this.emit('event', e);
  }

  private onClosed(connection: SessionConnection, info: ConnectionClosed): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    // While joining or reconnecting, the attempt in progress sees the close
    // (its request fails) and decides what happens next.
    if (this.state !== 'connected' || info.local) return;
    const ended = this.endedBy;
    this.endedBy = undefined;
    if (ended && ended.reason !== 'server-shutdown') {
      this.shutdown();
      this.emit('ended', ended);
      return;
    }
    // A server that stops keeps its participants on record: resume on the next one.
    this.state = 'reconnecting';
    const reason = ended
      ? `the meeting server stopped: ${ended.message}`
      : `connection lost (code ${info.code}${info.reason ? `, ${info.reason}` : ''})`;
    this.emit('interrupted', { reason });
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    const giveUpAt = Date.now() + (this.options.reconnectTimeoutMs ?? 60_000);
    let delay = 200;
    let lastError = 'no attempt made';
    while (this.state === 'reconnecting' && Date.now() < giveUpAt) {
      let connection: SessionConnection | undefined;
      try {
        connection = await this.connect({
          proxy: this.options.proxy,
          connectTimeoutMs: Math.min(5000, Math.max(500, giveUpAt - Date.now())),
        });
        if (this.state !== 'reconnecting') {
          connection.close();
          return;
        }
        this.attach(connection);
        // Only the server knows whether it still holds us (its grace runs from
        // the drop, or from its start after a restart): always ask first.
        const resume = this.resumeToken !== undefined;
        let result: JoinResult;
        let rejoined = !resume;
        try {
          result = await this.admit(connection, resume ? 'resume' : 'join');
        } catch (err) {
          if (!(err instanceof TransportError)) throw err;
          if (err.code === 'ejected') throw new SessionEnded({ reason: 'ejected', message: err.message });
          if (!RESUME_REFUSAL_CODES.has(err.code as SignalingErrorCode)) throw err;
          this.resumeToken = undefined;
          rejoined = true;
          result = await this.admit(connection, 'join');
        }
        if (this.state !== 'reconnecting') {
          this.held = undefined;
          return;
        }
        this.accept(result);
        this.emit('restored', { result, rejoined });
        this.flushHeld();
        return;
      } catch (err) {
        lastError = (err as Error).message;
        if (connection && this.connection === connection) {
          this.connection = undefined;
          connection.close();
        }
        if (err instanceof SessionEnded) {
          this.shutdown();
          this.emit('ended', err.ending);
          return;
        }
        if (err instanceof TransportError && FATAL_JOIN_CODES.has(err.code)) {
          this.fail(new TransportError(`could not rejoin the meeting: ${err.message}`, err.code, err.field));
          return;
        }
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
    if (this.state === 'reconnecting') {
      this.fail(new TransportError(`could not reconnect to the meeting server: ${lastError}`, 'disconnected'));
    }
  }

  private connect(options: ConnectionOptions): Promise<SessionConnection> {
    const open = this.options.connect ?? ((url, o) => SignalingConnection.open(url, o));
    return open(this.endpoint.signalingUrl, options);
  }

  private fail(error: TransportError): void {
    this.shutdown();
    this.emit('failed', error);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleeper = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeper = { timer, wake };
    });
  }

  private whenConnected(timeoutMs: number, method: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new TransportError(
            `"${method}" timed out after ${timeoutMs} ms while reconnecting to the meeting server`,
            'timeout',
          ),
        );
      }, timeoutMs);
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(waiter);
    });
  }
}
