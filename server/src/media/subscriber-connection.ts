/**
 * One participant's receive connection: a VideoRoom subscriber handle whose
 * streams follow what the participant wants and may receive. Changes are
 * reconciled one at a time: Janus makes an offer, the client answers it
 * through the server, Janus starts. If Janus refuses an update (its view
 * drifted), the client does not answer in time, or any other step fails,
 * the handle is replaced by a fresh one (new `connectionId`); after
 * {@link MAX_ATTEMPTS} failures in a row the participant is told with an
 * `error` event instead of being left deaf without a word.
 */
import { SignalingProtocolError, type SessionDescription, type SubscribedStream } from 'daily-node/protocol';
import { JanusPluginError } from '../janus/janus-errors';
import type { VideoRoomSubscriberStream } from '../janus/videoroom';
import type { Logger } from '../log';
import type { ParticipantSession } from '../rooms/participant-session';
import type { ReceiveProgress } from '../rooms/participant-view';
import type { MediaHandle, MediaRoom } from './media-handle';

/** How long the client has to answer a subscriber offer. */
const ANSWER_TIMEOUT_MS = 15_000;
/** Failed reconciliations in a row (each on a fresh connection) before the participant is told. */
const MAX_ATTEMPTS = 3;
/** Wait before the third attempt (the first retry is immediate: Janus's view may just have drifted). */
const RETRY_DELAY_MS = 1000;
/** Janus's VideoRoom error for a feed (or a feed's mid) that is not publishing. */
const NO_SUCH_FEED = 428;
/**
 * Retries in a row after feeds that left meanwhile, before such a refusal
 * counts as a failure after all (a bound on a loop that should end by itself
 * once everybody who was leaving has left).
 */
const MAX_FEED_LEFT_RETRIES = 50;

/** Timings, for tests. */
export interface SubscriberTimings {
  answerTimeoutMs?: number;
  retryDelayMs?: number;
}

/** A stream the participant should receive. */
export interface WantedStream {
  /** `<participantId>/<track>` */
  key: string;
  participantId: string;
  track: string;
  kind: 'audio' | 'video';
  feed: number;
  feedMid: string;
  substream: number | undefined;
}

interface CurrentStream extends WantedStream {
  subMid: string;
  started: boolean;
}

/**
 * Thrown inside a reconciliation whose connection was reset while it waited
 * on Janus or the client: it stops quietly, and the reconciliation that the
 * reset asked for starts from the new state.
 */
class Superseded extends Error {}

/**
 * Janus refused a subscription because a publisher left (or dropped a
 * track) between reading what the viewer wants and Janus handling the
 * request. Nothing is wrong with the connection: Janus checks every feed of
 * a request before changing anything, so the handle is as it was, and the
 * next reconciliation, which no longer asks for that feed, goes through.
 */
class FeedLeft extends Error {}

/** What the connection needs from the room. */
export interface SubscriberHost {
  janusRoom(): Promise<MediaRoom>;
  wanted(viewer: ParticipantSession): WantedStream[];
  /** Maps a Janus feed and its mid to a wanted stream's identity. */
  resolveFeed(
    feed: number,
    feedMid: string,
  ): { participantId: string; track: string; kind: 'audio' | 'video' } | undefined;
  /** The viewer's view of these participants changed (stream added, removed or started). */
  changed(viewer: ParticipantSession, participantIds: Set<string>): void;
  nextConnectionId(): number;
}

export class SubscriberConnection {
  private handle: MediaHandle | undefined;
  private connectionId = 0;
  /** The number {@link restart} promised to the client for the next connection. */
  private reservedConnectionId: number | undefined;
  /** Reconciliations that failed in a row; reset by a success or a reset. */
  private failures = 0;
  /** Reconciliations in a row refused only because a feed left meanwhile. */
  private feedLeftRetries = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private up = false;
  private readonly streams = new Map<string, CurrentStream>();
  private pendingAnswer:
    { connectionId: number; resolve: (j: SessionDescription) => void; reject: (e: Error) => void } | undefined;
  /** Counts resets: a reconciliation started before the latest one must not touch the new connection. */
  private generation = 0;
  private running = false;
  private dirty = false;
  private closed = false;

  constructor(
    private readonly viewer: ParticipantSession,
    private readonly host: SubscriberHost,
    private readonly log: Logger,
    private readonly timings: SubscriberTimings = {},
  ) {}

  /** Asks for a reconciliation; runs now unless one is running (then it runs again after). */
  reconcile(): void {
    this.dirty = true;
    if (!this.running) void this.loop();
  }

  /** How far the stream `key` has got. */
  progress(key: string): ReceiveProgress {
    const s = this.streams.get(key);
    if (!s) return 'none';
    return this.up && s.started ? 'flowing' : 'pending';
  }

  /** The client's answer to the pending offer (of `connectionId`, when the client names it). */
  answer(jsep: SessionDescription, connectionId?: number): void {
    if (!this.pendingAnswer)
      throw new SignalingProtocolError('bad-request', 'no subscriber offer is waiting for an answer', 'params.jsep');
    if (connectionId !== undefined && connectionId !== this.pendingAnswer.connectionId) {
      throw new SignalingProtocolError(
        'bad-request',
        `the offer of connection ${connectionId} was replaced; ` +
          `the waiting offer is connection ${this.pendingAnswer.connectionId}`,
        'params.connectionId',
      );
    }
    this.pendingAnswer.resolve(jsep);
    this.pendingAnswer = undefined;
  }

  async trickle(
    candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null,
  ): Promise<void> {
    if (!this.handle || this.handle.isDetached)
      throw new SignalingProtocolError('bad-request', 'there is no subscriber connection yet', 'params.target');
    await this.handle.trickle(candidate);
  }

  /** Forgets everything (the SFU is gone); the next reconcile starts a new connection. */
  reset(): void {
    this.generation++;
    this.failures = 0;
    clearTimeout(this.retryTimer);
    this.pendingAnswer?.reject(new Error('subscriber connection reset'));
    this.pendingAnswer = undefined;
    this.handle = undefined;
    this.up = false;
    this.streams.clear();
  }

  /**
   * Drops the SFU side and reconciles on a new connection. Returns the
   * lowest `connectionId` the new connection's offers can carry: offers
   * below it were made for the dropped connection (the client may still
   * receive some, sent before this reset reached the server).
   */
  restart(): number {
    const old = this.handle;
    this.reset();
    if (old) void old.detach();
    this.reservedConnectionId ??= this.host.nextConnectionId();
    const first = this.reservedConnectionId;
    this.reconcile();
    return first;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.pendingAnswer?.reject(new Error('subscriber closed'));
    this.pendingAnswer = undefined;
    await this.handle?.detach();
    this.handle = undefined;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.dirty && !this.closed) {
        this.dirty = false;
        try {
          await this.reconcileOnce();
          this.failures = 0;
          this.feedLeftRetries = 0;
        } catch (e) {
          if (this.closed) return;
          if (e instanceof Superseded) continue;
          if (e instanceof FeedLeft && ++this.feedLeftRetries <= MAX_FEED_LEFT_RETRIES) {
            this.log.debug(
              { participantId: this.viewer.id, err: e.message },
              'a feed left meanwhile; reconciling again',
            );
            this.dirty = true;
            continue;
          }
          this.feedLeftRetries = 0;
          this.failed(e as Error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * A step failed (Janus refused, the client did not answer, ...): the
   * connection is replaced by a fresh one, and after {@link MAX_ATTEMPTS}
   * failures in a row the participant hears of it (it may `resetSubscriber`).
   */
  private failed(e: Error): void {
    const failures = this.failures + 1;
    const old = this.handle;
    this.reset();
    if (old) void old.detach();
    this.failures = failures;
    const connection = this.viewer.connection;
    if (failures >= MAX_ATTEMPTS) {
      this.log.warn({ participantId: this.viewer.id, err: e.message, failures }, 'subscriber failed; giving up');
      connection?.event('error', {
        code: 'media-error',
        message: `receiving media failed ${failures} times in a row (last: ${e.message}); send resetSubscriber to retry`,
      });
      this.failures = 0;
      return;
    }
    this.log.warn({ participantId: this.viewer.id, err: e.message, failures }, 'subscriber failed; new connection');
    if (failures === 1) {
      this.dirty = true;
      return;
    }
    this.retryTimer = setTimeout(() => this.reconcile(), this.timings.retryDelayMs ?? RETRY_DELAY_MS);
    this.retryTimer.unref();
  }

  private async reconcileOnce(): Promise<void> {
    if (!this.viewer.connection) return; // disconnected: reconciled again on resume
    if (this.handle?.isDetached) this.reset();
    if (!this.handle) this.streams.clear();
    const generation = this.generation;
    const current = (): void => {
      if (this.generation !== generation || this.closed) {
        throw new Superseded('the subscriber connection was reset meanwhile');
      }
    };
    try {
      await this.reconcileSteps(current);
    } catch (e) {
      // A step failing because a reset came meanwhile (its handle detached, its offer withdrawn)
      // is that reset's doing, not a fault of the connection the reset asked for.
      if (this.generation !== generation || this.closed) throw new Superseded((e as Error).message);
      throw e;
    }
  }

  /** Adds, removes and re-layers streams on the connection (made first if needed); `current` throws once stale. */
  private async reconcileSteps(current: () => void): Promise<void> {
    const wanted = new Map(this.host.wanted(this.viewer).map((w) => [w.key, w]));
    const add: WantedStream[] = [];
    const remove: CurrentStream[] = [];
    const relayer: CurrentStream[] = [];
    for (const w of wanted.values()) {
      const cur = this.streams.get(w.key);
      if (!cur || cur.feed !== w.feed || cur.feedMid !== w.feedMid) add.push(w);
      else if (cur.substream !== w.substream && w.substream !== undefined)
        relayer.push({ ...cur, substream: w.substream });
    }
    for (const cur of this.streams.values()) {
      const w = wanted.get(cur.key);
      if (!w || w.feed !== cur.feed || w.feedMid !== cur.feedMid) remove.push(cur);
    }
    if (relayer.length && this.handle) {
      await this.handle.requestAsync({
        request: 'configure',
        streams: relayer.map((s) => ({ mid: s.subMid, substream: s.substream })),
      });
      current();
      for (const s of relayer) this.streams.get(s.key)!.substream = s.substream;
    }
    if (add.length === 0 && remove.length === 0) return;
    const room = await this.host.janusRoom();
    current();
    const toJanus = (w: WantedStream): Record<string, unknown> => ({
      feed: w.feed,
      mid: w.feedMid,
      ...(w.substream !== undefined ? { substream: w.substream } : {}),
    });
    let reply;
    if (!this.handle) {
      if (add.length === 0) return;
      const handle = await room.attach();
      try {
        current();
      } catch (e) {
        void handle.detach();
        throw e;
      }
      this.handle = handle;
      this.connectionId = this.reservedConnectionId ?? this.host.nextConnectionId();
      this.reservedConnectionId = undefined;
      this.up = false;
      this.streams.clear();
      handle.on('webrtcup', () => {
        if (this.handle !== handle) return;
        this.up = true;
        this.host.changed(this.viewer, new Set([...this.streams.values()].map((s) => s.participantId)));
      });
      handle.on('hangup', () => {
        if (this.handle === handle) this.up = false;
      });
      try {
        reply = await handle.requestAsync<{ streams?: VideoRoomSubscriberStream[] }>({
          request: 'join',
          ptype: 'subscriber',
          room: room.id,
          streams: add.map(toJanus),
          autoupdate: false,
        });
      } catch (e) {
        if (!this.feedLeftMeanwhile(e, add)) throw e;
        // The client never saw this connection: drop it quietly and join afresh.
        if (this.handle === handle) this.handle = undefined;
        void handle.detach();
        throw new FeedLeft((e as Error).message);
      }
    } else {
      try {
        reply = await this.handle.requestAsync<{ streams?: VideoRoomSubscriberStream[] }>({
          request: 'update',
          ...(add.length ? { subscribe: add.map(toJanus) } : {}),
          ...(remove.length ? { unsubscribe: remove.map((s) => ({ sub_mid: s.subMid })) } : {}),
        });
      } catch (e) {
        if (this.feedLeftMeanwhile(e, add)) throw new FeedLeft((e as Error).message);
        throw e;
      }
    }
    // A reset while Janus worked: this offer is for a connection the client has dropped.
    current();
    const touched = new Set([...add, ...remove].map((s) => s.participantId));
    this.applyStreams(reply.data.streams, wanted);
    if (reply.jsep) {
      const handle = this.handle!;
      const answer = await this.offer(reply.jsep as SessionDescription);
      await handle.requestAsync(
        { request: 'start' },
        { type: 'answer', sdp: answer.sdp, trickle: answer.trickle ?? false },
      );
      current();
    }
    for (const s of this.streams.values()) s.started = true;
    this.host.changed(this.viewer, touched);
  }

  /**
   * Whether `e` is Janus refusing a feed of `asked` that the viewer no longer
   * wants (its publisher left, or dropped that track, while Janus worked). A
   * refused feed the room still lists as publishing is drift, a real failure.
   */
  private feedLeftMeanwhile(e: unknown, asked: WantedStream[]): boolean {
    if (!(e instanceof JanusPluginError) || e.code !== NO_SUCH_FEED) return false;
    const named = /feed \((\d+)\)/i.exec(e.reason)?.[1];
    const refused = named === undefined ? asked : asked.filter((w) => String(w.feed) === named);
    const stillWanted = new Set(this.host.wanted(this.viewer).map((w) => `${w.feed}/${w.feedMid}`));
    return refused.some((w) => !stillWanted.has(`${w.feed}/${w.feedMid}`));
  }

  /** Rebuilds the stream map from Janus's list (active m-lines with a feed). */
  private applyStreams(list: VideoRoomSubscriberStream[] | undefined, wanted: Map<string, WantedStream>): void {
    if (!list) return;
    const before = this.streams;
    const next = new Map<string, CurrentStream>();
    for (const s of list) {
      if (!s.active || s.feed_id === undefined || s.feed_mid === undefined) continue;
      const who = this.host.resolveFeed(s.feed_id, s.feed_mid);
      if (!who) continue;
      const key = `${who.participantId}/${who.track}`;
      const prev = before.get(key);
      next.set(key, {
        key,
        ...who,
        feed: s.feed_id,
        feedMid: s.feed_mid,
        substream: wanted.get(key)?.substream ?? prev?.substream,
        subMid: s.mid,
        started: prev?.subMid === s.mid ? prev.started : false,
      });
    }
    this.streams.clear();
    for (const [k, v] of next) this.streams.set(k, v);
  }

  /** Sends the offer to the client and waits for its answer. */
  private offer(jsep: SessionDescription): Promise<SessionDescription> {
    const streams: SubscribedStream[] = [...this.streams.values()].map((s) => ({
      mid: s.subMid,
      participantId: s.participantId,
      track: s.track,
      kind: s.kind,
    }));
    const timeoutMs = this.timings.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
    return new Promise<SessionDescription>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAnswer = undefined;
        reject(new Error(`no answer to the offer of connection ${this.connectionId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pendingAnswer = {
        connectionId: this.connectionId,
        resolve: (j) => {
          clearTimeout(timer);
          resolve(j);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const conn = this.viewer.connection;
      if (!conn) {
        this.pendingAnswer.reject(new Error('participant disconnected'));
        return;
      }
      conn.event('subscriber-offer', {
        connectionId: this.connectionId,
        jsep: { type: 'offer', sdp: jsep.sdp },
        streams,
      });
    });
  }
}
