/**
 * One WebSocket to a Janus server's API: transactions, and routing of
 * session events. Requests carry the API secret; replies are matched by
 * transaction. Async plugin requests are answered `ack` first and then by an
 * `event` with the same transaction, which is what their promise resolves to.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { PendingRequests } from 'daily-node/pending-requests';
import WebSocket from 'ws';
import { JanusConnectionClosedError, JanusError, JanusTimeoutError } from './janus-errors';
import type { JanusIncoming } from './janus-messages';

/** How long a request may wait for its final answer. */
const REQUEST_TIMEOUT_MS = 15_000;

/** What a waiting transaction was sent as. */
interface Transaction {
  /** The request's `janus` verb, for errors. */
  verb: string;
  /** True: an `ack` is not final, wait for the `event`. */
  waitForEvent: boolean;
}

/** Random, not counted, so that a reply can never match a request of an earlier connection to the node. */
const newTransactionId = (): string => randomBytes(9).toString('base64url');

export interface JanusConnectionEvents {
  /** A message for a session (events without a transaction of ours). */
  message: [JanusIncoming];
  close: [];
}

export class JanusConnection extends EventEmitter<JanusConnectionEvents> {
  private readonly pending = new PendingRequests<string, Transaction>({
    nextId: newTransactionId,
    tooManyError: (t, max) => new JanusError(0, `${t.verb} was not sent: ${max} transactions already wait for Janus`),
  });
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
    const verb = String(body.janus);
    const timeoutError = (): Error => new JanusTimeoutError(verb, timeoutMs);
    return this.pending.start({ verb, waitForEvent }, { timeoutMs, timeoutError }, (transaction) => {
      const message = { ...body, transaction, ...(this.apiSecret ? { apisecret: this.apiSecret } : {}) };
      this.socket.send(JSON.stringify(message), (err) => {
        if (err) this.pending.reject(transaction, new JanusConnectionClosedError(err.message));
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
    const pending = msg.transaction !== undefined ? this.pending.info(msg.transaction) : undefined;
    if (pending) {
      if (msg.janus === 'ack' && pending.waitForEvent) return;
      if (msg.janus === 'error') {
        this.pending.reject(msg.transaction!, new JanusError(msg.error?.code ?? 0, msg.error?.reason ?? 'unknown'));
      } else {
        this.pending.resolve(msg.transaction!, msg);
      }
      return;
    }
    this.emit('message', msg);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending.rejectAll(() => new JanusConnectionClosedError());
    this.socket.removeAllListeners();
    this.socket.on('error', () => {});
    this.emit('close');
  }
}
