/**
 * A test client of the signaling protocol: typed requests, recorded events,
 * waits on events with timeouts. Not the SDK's CallClient; just enough to
 * drive the server as a client would.
 */
import WebSocket from 'ws';
import {
  PROTOCOL_VERSION,
  parseMeetingUrl,
  parseServerMessage,
  type JoinResult,
  type SignalingErrorBody,
  type SignalingEventName,
  type SignalingEvents,
  type SignalingMethod,
  type SignalingParams,
  type SignalingResult,
} from 'daily-node/protocol';
import { RecordWaiter } from '../../../test/helpers/record-waiter';

export class RequestFailed extends Error {
  constructor(readonly error: SignalingErrorBody) {
    super(`${error.code}: ${error.message}${error.field ? ` (${error.field})` : ''}`);
  }
}

export interface RecordedEvent<E extends SignalingEventName = SignalingEventName> {
  event: E;
  data: SignalingEvents[E];
}

export class TestClient {
  readonly events: RecordedEvent[] = [];
  closeCode: number | undefined;
  closeReason = '';
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly waiter = new RecordWaiter();
  private readonly eventHandlers = new Set<(e: RecordedEvent) => void>();
  joined: JoinResult | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const msg = parseServerMessage(raw.toString());
      if ('event' in msg) {
        this.events.push(msg as RecordedEvent);
        for (const h of this.eventHandlers) h(msg as RecordedEvent);
      } else {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.ok) p?.resolve(msg.result);
        else p?.reject(new RequestFailed(msg.error));
      }
      this.waiter.notify();
    });
    socket.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      for (const p of this.pending.values()) p.reject(new Error(`socket closed (${code})`));
      this.pending.clear();
      this.waiter.notify();
    });
  }

  static connect(meetingUrl: string): Promise<TestClient> {
    const { signalingUrl } = parseMeetingUrl(meetingUrl);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(signalingUrl);
      ws.once('open', () => resolve(new TestClient(ws)));
      ws.once('error', reject);
    });
  }

  /** Connects and joins `meetingUrl`'s room. */
  static async join(
    meetingUrl: string,
    opts: { token?: string; userName?: string; subscriptions?: SignalingParams<'join'>['subscriptions'] } = {},
  ): Promise<TestClient> {
    const c = await TestClient.connect(meetingUrl);
    c.joined = await c.request('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomName: parseMeetingUrl(meetingUrl).roomName,
      ...opts,
    });
    return c;
  }

  /** Calls `fn` for every event from now on. */
  onEvent(fn: (e: RecordedEvent) => void): void {
    this.eventHandlers.add(fn);
  }

  get id(): string {
    return this.joined!.participantId;
  }

  request<M extends SignalingMethod>(method: M, params: SignalingParams<M>): Promise<SignalingResult<M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Sends raw text (fuzzing). */
  sendRaw(text: string | Buffer): void {
    this.socket.send(text);
  }

  /** Resolves with the first recorded event (from index `from`) matching; rejects after `timeoutMs`. */
  waitEvent<E extends SignalingEventName>(
    event: E,
    match: (data: SignalingEvents[E]) => boolean = () => true,
    timeoutMs = 5000,
    from = 0,
  ): Promise<SignalingEvents[E]> {
    const find = (): RecordedEvent | undefined =>
      this.events.slice(from).find((e) => e.event === event && match(e.data as SignalingEvents[E]));
    return this.waiter.until(find, timeoutMs, `event ${event}`).then((e) => e.data as SignalingEvents[E]);
  }

  /** Resolves when the socket is closed. */
  waitClosed(timeoutMs = 5000): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closeCode !== undefined) return resolve(this.closeCode);
      const timer = setTimeout(() => reject(new Error('socket still open')), timeoutMs);
      this.socket.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  eventsOf<E extends SignalingEventName>(event: E): Array<SignalingEvents[E]> {
    return this.events.filter((e) => e.event === event).map((e) => e.data as SignalingEvents[E]);
  }

  close(): void {
    this.socket.close();
  }

  /** Drops the socket without a close handshake (a network loss). */
  drop(): void {
    this.socket.terminate();
  }
}

/** Expects `p` to fail with `code` (and `field`, when given). */
export async function expectFailure(p: Promise<unknown>, code: string, field?: string): Promise<RequestFailed> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof RequestFailed)) throw e;
    if (e.error.code !== code || (field !== undefined && e.error.field !== field)) {
      throw new Error(`expected ${code}${field ? ` (${field})` : ''}, got ${e.message}`, { cause: e });
    }
    return e;
  }
  throw new Error(`expected ${code}, but the request succeeded`);
}
