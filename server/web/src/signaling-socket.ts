/**
 * One signaling WebSocket in the browser: requests with ids and timeouts,
 * events, and the close. Every server message is checked with the protocol's
 * own validator (`parseServerMessage`), as the SDK does.
 */
import {
  parseServerMessage,
  type AnySignalingEvent,
  type SignalingErrorCode,
  type SignalingMethod,
  type SignalingParams,
  type SignalingResult,
} from '../../../src/signaling/protocol';

/** A refused or failed request: `code` is the server's code, or `disconnected` / `timeout`. */
export class RequestError extends Error {
  constructor(
    readonly code: SignalingErrorCode | 'disconnected' | 'timeout' | 'connect-failed',
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

interface Pending {
  method: string;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  timer: number;
}

export interface SocketHandlers {
  event(event: AnySignalingEvent): void;
  /** The socket closed; `local` when this side closed it. */
  closed(local: boolean): void;
}

export class SignalingSocket {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedLocally = false;
  private isClosed = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly handlers: SocketHandlers,
  ) {
    socket.addEventListener('message', (e) => this.onMessage(e.data));
    socket.addEventListener('close', () => this.onClose());
  }

  /** Opens the socket at `url`; rejects with `connect-failed` when it cannot. */
  static open(url: string, handlers: SocketHandlers, timeoutMs = 10_000): Promise<SignalingSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const timer = window.setTimeout(() => fail(), timeoutMs);
      const fail = (): void => {
        window.clearTimeout(timer);
        socket.close();
        reject(new RequestError('connect-failed', `cannot reach the meeting server at ${url}`));
      };
      socket.addEventListener('error', fail, { once: true });
      socket.addEventListener(
        'open',
        () => {
          window.clearTimeout(timer);
          socket.removeEventListener('error', fail);
          resolve(new SignalingSocket(socket, handlers));
        },
        { once: true },
      );
    });
  }

  get open(): boolean {
    return !this.isClosed && this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a request; resolves with its result or rejects with a {@link RequestError}. */
  request<M extends SignalingMethod>(
    method: M,
    params: SignalingParams<M>,
    timeoutMs = 20_000,
  ): Promise<SignalingResult<M>> {
    if (!this.open)
      return Promise.reject(new RequestError('disconnected', `"${method}" cannot be sent: not connected`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError('timeout', `the server did not answer "${method}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject, timer });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Closes the socket (pending requests fail with `disconnected`). */
  close(): void {
    this.closedLocally = true;
    this.socket.close(1000);
    this.onClose();
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message;
    try {
      message = parseServerMessage(data);
    } catch (err) {
      console.warn(`ignored a malformed signaling message: ${(err as Error).message}`);
      return;
    }
    if ('event' in message) {
      this.handlers.event(message);
      return;
    }
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    window.clearTimeout(p.timer);
    if (message.ok) p.resolve(message.result);
    else p.reject(new RequestError(message.error.code, message.error.message));
  }

  private onClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      window.clearTimeout(p.timer);
      p.reject(new RequestError('disconnected', `the connection closed while "${p.method}" was pending`));
    }
    this.handlers.closed(this.closedLocally);
  }
}
