/**
 * The page's signaling session: join, requests, leave, and recovery as the
 * SDK does it. When the socket drops it reconnects and `resume`s the same
 * participant; when the server refuses the resume (grace over, server data
 * lost) it joins again as a new participant; `ejected` and the server's
 * `session-ended` end the session for good.
 */
import {
  PROTOCOL_VERSION,
  RESUME_REFUSAL_CODES,
  SIGNALING_PATH,
  type AnySignalingEvent,
  type JoinParams,
  type JoinResult,
  type SessionEndReason,
  type SignalingMethod,
  type SignalingParams,
  type SignalingResult,
} from '../../../src/signaling/protocol';
import { RequestError, SignalingSocket } from './signaling-socket';

export interface SessionHandlers {
  /** A server event (the snapshot of a join or resume always comes first). */
  event(event: AnySignalingEvent): void;
  /** The socket dropped; reconnecting. */
  interrupted(): void;
  /** Back after a drop; `rejoined` when as a new participant. */
  restored(result: JoinResult, rejoined: boolean): void;
  /** The session is over: ended by the server, or reconnecting gave up. */
  ended(reason: SessionEndReason | 'connection-failed', message: string): void;
}

/** How long to keep trying to reconnect before giving up. */
const RECONNECT_TIMEOUT_MS = 60_000;

export class SignalingSession {
  private socket: SignalingSocket | undefined;
  private resumeToken: string | undefined;
  private endedBy: { reason: SessionEndReason; message: string } | undefined;
  private state: 'idle' | 'connected' | 'reconnecting' | 'closed' = 'idle';
  private held: AnySignalingEvent[] | undefined;

  constructor(
    private readonly roomName: string,
    private readonly joinParams: () => Omit<JoinParams, 'protocolVersion' | 'roomName'>,
    private readonly handlers: SessionHandlers,
  ) {}

  /** The signaling URL: same host as the page, ws or wss. */
  static url(): string {
    return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${SIGNALING_PATH}`;
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  /** Connects and joins; `onJoined` runs before any event of the session. Rejects with a {@link RequestError}. */
  async join(onJoined: (result: JoinResult) => void): Promise<JoinResult> {
    const socket = await this.connect();
    try {
      const result = await this.admit(socket, 'join');
      this.accept(result);
      onJoined(result);
      this.flushHeld();
      return result;
    } catch (err) {
      this.state = 'closed';
      socket.close();
      throw err;
    }
  }

  /** Sends a request on the current socket. */
  request<M extends SignalingMethod>(
    method: M,
    params: SignalingParams<M>,
    timeoutMs?: number,
  ): Promise<SignalingResult<M>> {
    if (this.state !== 'connected' || !this.socket) {
      return Promise.reject(
        new RequestError('disconnected', `"${method}" cannot be sent: not connected to the meeting server`),
      );
    }
    return this.socket.request(method, params, timeoutMs);
  }

  /** Leaves the call (best effort) and closes the socket. */
  async leave(): Promise<void> {
    const socket = this.socket;
    const wasConnected = this.state === 'connected';
    this.state = 'closed';
    if (socket && wasConnected) await socket.request('leave', {}, 5000).catch(() => undefined);
    socket?.close();
  }

  private connect(): Promise<SignalingSocket> {
    let socket: SignalingSocket | undefined;
    return SignalingSocket.open(SignalingSession.url(), {
      event: (e) => {
        if (socket !== this.socket) return;
        if (e.event === 'session-ended') this.endedBy = e.data;
        else if (this.held) this.held.push(e);
        else this.handlers.event(e);
      },
      closed: (local) => {
        if (socket === this.socket) this.onClosed(local);
      },
    }).then((s) => {
      socket = s;
      this.socket = s;
      return s;
    });
  }

  private async admit(socket: SignalingSocket, how: 'join' | 'resume'): Promise<JoinResult> {
    this.held = [];
    try {
      if (how === 'resume') {
        return await socket.request(
          'resume',
          { protocolVersion: PROTOCOL_VERSION, resumeToken: this.resumeToken!, roomName: this.roomName },
          10_000,
        );
      }
      return await socket.request(
        'join',
        { protocolVersion: PROTOCOL_VERSION, roomName: this.roomName, ...this.joinParams() },
        30_000,
      );
    } catch (err) {
      this.held = undefined;
      throw err;
    }
  }

  private accept(result: JoinResult): void {
    this.resumeToken = result.resumeToken;
    this.state = 'connected';
    this.endedBy = undefined;
  }

  private flushHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const e of held) this.handlers.event(e);
  }

  private onClosed(local: boolean): void {
    this.socket = undefined;
    if (this.state !== 'connected' || local) return;
    const ended = this.endedBy;
    this.endedBy = undefined;
    if (ended && ended.reason !== 'server-shutdown') {
      this.state = 'closed';
      this.handlers.ended(ended.reason, ended.message);
      return;
    }
    this.state = 'reconnecting';
    this.handlers.interrupted();
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    const giveUpAt = Date.now() + RECONNECT_TIMEOUT_MS;
    let delay = 250;
    while (this.state === 'reconnecting' && Date.now() < giveUpAt) {
      try {
        const socket = await this.connect();
        const outcome = await this.readmit(socket);
        if (this.state !== 'reconnecting') return socket.close();
        this.accept(outcome.result);
        this.handlers.restored(outcome.result, outcome.rejoined);
        this.flushHeld();
        return;
      } catch (err) {
        this.socket?.close();
        this.socket = undefined;
        const code = err instanceof RequestError ? err.code : 'internal';
        if (code === 'ejected' || code === 'room-not-found' || code === 'room-expired' || code === 'token-expired') {
          this.state = 'closed';
          this.handlers.ended(code === 'room-not-found' ? 'room-deleted' : code, (err as Error).message);
          return;
        }
      }
      await new Promise((r) => window.setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
    if (this.state === 'reconnecting') {
      this.state = 'closed';
      this.handlers.ended('connection-failed', 'could not reconnect to the meeting server');
    }
  }

  /** Resume the same participant; when refused for good, join again as a new one. */
  private async readmit(socket: SignalingSocket): Promise<{ result: JoinResult; rejoined: boolean }> {
    if (this.resumeToken !== undefined) {
      try {
        return { result: await this.admit(socket, 'resume'), rejoined: false };
      } catch (err) {
        if (!(err instanceof RequestError) || !RESUME_REFUSAL_CODES.has(err.code as never)) throw err;
        this.resumeToken = undefined;
      }
    }
    return { result: await this.admit(socket, 'join'), rejoined: true };
  }
}
