/**
 * One WebSocket to a Janus server's API: transactions, and routing of
 * session events. Requests carry the API secret; replies are matched by
 * transaction. Async plugin requests are answered `ack` first and then by an
 * `event` with the same transaction, which is what their promise resolves to.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { JanusConnectionClosedError, JanusError, JanusTimeoutError } from './janus-errors';
import type { JanusIncoming } from './janus-messages';

/** How long a request may wait for its final answer. */
const REQUEST_TIMEOUT_MS = 15_000;

interface Pending {
  resolve: (msg: JanusIncoming) => void;
  reject: (err: Error) => void;
  /** True: an `ack` is not final, wait for the `event`. */
  waitForEvent: boolean;
  timer: NodeJS.Timeout;
}

export interface JanusConnectionEvents {
  /** A message for a session (events without a transaction of ours). */
  message: [JanusIncoming];
  close: [];
}

export class JanusConnection extends EventEmitter<JanusConnectionEvents> {
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly apiSecret: string | undefined,
  ) {
    super();
    socket.on('message', (raw) => this.onMessage(raw.toString()));
    socket.on('close', () => this.onClose());
    socket.on('error', () => this.onClose());
  }

  /** Connects to `url` (subprotocol `janus-protocol`). */
  static open(url: string, apiSecret: string | undefined, timeoutMs = 3000): Promise<JanusConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, 'janus-protocol', {
        handshakeTimeout: timeoutMs,
        maxPayload: 16 * 1024 * 1024,
      });
      const fail = (err: Error): void => {
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.terminate();
        reject(err);
      };
      socket.once('open', () => {
        socket.removeAllListeners();
        resolve(new JanusConnection(socket, apiSecret));
      });
      socket.once('error', fail);
      socket.once('close', () => fail(new JanusConnectionClosedError('Janus closed the socket while connecting')));
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /**
   * Sends `body` with a fresh transaction (and the API secret) and resolves
   * with the final answer; `{janus:"error"}` rejects with {@link JanusError}.
   * With `waitForEvent`, an `ack` is skipped and the `event` awaited.
   */
  request(body: Record<string, unknown>, waitForEvent = false, timeoutMs = REQUEST_TIMEOUT_MS): Promise<JanusIncoming> {
    if (this.closed) return Promise.reject(new JanusConnectionClosedError());
    const transaction = randomBytes(9).toString('base64url');
    const message = { ...body, transaction, ...(this.apiSecret ? { apisecret: this.apiSecret } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new JanusTimeoutError(String(body.janus), timeoutMs));
      }, timeoutMs);
      this.pending.set(transaction, { resolve, reject, waitForEvent, timer });
      this.socket.send(JSON.stringify(message), (err) => {
        if (err) this.settle(transaction, undefined, new JanusConnectionClosedError(err.message));
      });
    });
  }

  /** Closes the socket; pending requests reject. */
  close(): void {
    if (this.closed) return;
    this.socket.close();
    this.onClose();
  }

  private onMessage(text: string): void {
    let msg: JanusIncoming;
    try {
      msg = JSON.parse(text) as JanusIncoming;
    } catch {
      return; // Janus only sends JSON; nothing sensible to do with anything else
    }
    const pending = msg.transaction !== undefined ? this.pending.get(msg.transaction) : undefined;
    if (pending) {
      if (msg.janus === 'ack' && pending.waitForEvent) return;
      if (msg.janus === 'error') {
        this.settle(msg.transaction!, undefined, new JanusError(msg.error?.code ?? 0, msg.error?.reason ?? 'unknown'));
      } else {
        this.settle(msg.transaction!, msg);
      }
      return;
    }
    this.emit('message', msg);
  }

  private settle(transaction: string, msg?: JanusIncoming, err?: Error): void {
    const pending = this.pending.get(transaction);
    if (!pending) return;
    this.pending.delete(transaction);
    clearTimeout(pending.timer);
    if (err) pending.reject(err);
    else pending.resolve(msg!);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [t] of this.pending) this.settle(t, undefined, new JanusConnectionClosedError());
    this.socket.removeAllListeners();
    this.socket.on('error', () => {});
    this.emit('close');
  }
}
