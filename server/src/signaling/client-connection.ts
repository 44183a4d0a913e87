/**
 * One client WebSocket: typed sending, request rate limiting, counting of
 * protocol errors, and the participant it speaks for once joined.
 */
import type WebSocket from 'ws';
import type {
  SignalingErrorBody,
  SignalingEventName,
  SignalingEvents,
  SignalingMethod,
  SignalingResult,
} from 'daily-node/protocol';
import type { Logger } from '../log';
import type { LiveRoom } from '../rooms/live-room';
import type { ParticipantLink, ParticipantSession } from '../rooms/participant-session';
import { TokenBucket } from '../util/token-bucket';
import { CloseCode } from './close-code';

/** Bytes queued for a client before it counts as too slow and is dropped (it may resume). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Bad messages tolerated before the socket is closed. */
const MAX_PROTOCOL_ERRORS = 50;

export class ClientConnection implements ParticipantLink {
  participant: ParticipantSession | undefined;
  room: LiveRoom | undefined;
  /** A join/resume in progress; other requests wait for it. */
  joining: Promise<unknown> | undefined;
  readonly requests: TokenBucket;
  private protocolErrors = 0;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    requestsPerSecond: number,
    readonly log: Logger,
  ) {
    this.requests = new TokenBucket(requestsPerSecond, requestsPerSecond * 2);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  respond<M extends SignalingMethod>(id: number, result: SignalingResult<M>): void {
    this.send({ id, ok: true, result });
  }

  respondError(id: number, error: SignalingErrorBody): void {
    this.send({ id, ok: false, error });
  }

  event<E extends SignalingEventName>(event: E, data: SignalingEvents[E]): void {
    this.send({ event, data });
  }

  /** Counts a bad message; closes the socket (1008) past the limit. */
  protocolError(): void {
    if (++this.protocolErrors > MAX_PROTOCOL_ERRORS) this.close(CloseCode.policy, 'too many bad messages');
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
    // A peer that never completes the close handshake is cut off.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }

  /** Marks the connection closed (the socket closed by itself). */
  markClosed(): void {
    this.closed = true;
  }

  private send(message: unknown): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn({ participantId: this.participant?.id }, 'client too slow; dropping its socket');
      this.close(CloseCode.tooSlow, 'too much data queued');
      return;
    }
    this.socket.send(JSON.stringify(message));
  }
}
