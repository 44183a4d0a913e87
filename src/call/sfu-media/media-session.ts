/**
 * The media of one joined call: the send and receive connections, renderer
 * routing, network stats, and recovery. Recovery covers the media engine
 * dying (a new engine, both connections made again, renderers moved to the new
 * tracks), the SFU restarting (`media-reset`), a resume after the meeting
 * server restarted, a rejoin as a new participant, and a new ICE
 * configuration; each step is reported as a connection event.
 * @internal
 * @module
 */
import { engineHost } from '../../engine/engine-host';
import type { PeerConnectionConfig } from '../../media/peer/peer-connection';
import type { SignalingEvents } from '../../signaling/messages';
import type { NetworkConnectionEvent, NetworkStats } from '../types/types';
import { connectionStats, emptyNetworkStats, nextNetworkStats } from './network-stats';
import { Publisher, type DesiredTrack } from './publisher';
import { OfferGate } from './offer-gate';
import { RendererRouter, targetKey, type RendererSpec, type TrackTarget } from './renderer-router';
import { SerialQueue } from '../../async/serial-queue';
import { isStaleAnswer } from './stale-answer';
import type { SignalingRequester } from './signaling-requester';
import { Subscriber, type ReceivedTrack } from './subscriber';

/** How often network stats are measured while joined. */
export const NETWORK_STATS_INTERVAL_MS = 2000;

export interface MediaSessionHost {
  request: SignalingRequester;
  /** The tracks the settings ask to publish now (permissions applied). */
  desiredTracks(): DesiredTrack[];
  peerConfig(): PeerConnectionConfig;
  localParticipantId(): string | undefined;
  reportError(message: string): void;
  reportConnection(event: NetworkConnectionEvent): void;
  reportStats(stats: NetworkStats): void;
}

export class MediaSession {
  readonly renderers: RendererRouter;
  private readonly publisher: Publisher;
  private readonly subscriber: Subscriber;
  /** Publisher changes and recoveries, one at a time. */
  private readonly sendQueue = new SerialQueue();
  /** Subscriber offers, one at a time. */
  private readonly receiveQueue = new SerialQueue();
  private received: ReceivedTrack[] = [];
  private readonly receivedListeners = new Set<(tracks: ReceivedTrack[]) => void>();
  private active = false;
  private statsTimer: NodeJS.Timeout | undefined;
  private stats: NetworkStats = emptyNetworkStats();
  private measuring = false;
  private offEngineExit: (() => void) | undefined;
  private engineRecovery: Promise<void> | undefined;
  /** Engine exits seen while active: a recovery that sees this change started on an engine that died too. */
  private engineExits = 0;
  /** Holds offers while the receive connection is being replaced. */
  private readonly offers = new OfferGate();

  constructor(private readonly host: MediaSessionHost) {
    this.renderers = new RendererRouter((spec, err) =>
      host.reportError(
        `the ${spec.kind} renderer of ${spec.participantId} (${spec.source}) could not start: ${err.message}`,
      ),
    );
    this.publisher = new Publisher(host.request, () => host.peerConfig());
    this.subscriber = new Subscriber(
      host.request,
      () => host.peerConfig(),
      (tracks) => {
        this.received = tracks;
        this.updateTargets();
        for (const listener of this.receivedListeners) listener(tracks);
      },
    );
  }

  /**
   * Calls `listener` with what is received now and after every change (the
   * server's phone legs mix these tracks); returns the unsubscribe function.
   */
  watchReceived(listener: (tracks: ReceivedTrack[]) => void): () => void {
    this.receivedListeners.add(listener);
    listener(this.received);
    return () => this.receivedListeners.delete(listener);
  }

  /** The latest network stats. */
  get networkStats(): NetworkStats {
    return this.stats;
  }

  /** Starts media for a joined call: publishes, measures, watches the engine. */
  start(): Promise<void> {
    this.active = true;
    this.offEngineExit ??= engineHost.onExit(() => {
      if (!this.active) return;
      this.engineExits++;
      this.engineRecovery ??= this.recoverFromEngineExit().finally(() => (this.engineRecovery = undefined));
    });
    this.statsTimer ??= setInterval(() => void this.measure(), NETWORK_STATS_INTERVAL_MS);
    this.statsTimer.unref();
    return this.syncPublisher();
  }

  /** Publishes what the settings ask for now (after any settings change). */
  syncPublisher(): Promise<void> {
    return this.sendQueue.run(async () => {
      if (!this.active) return;
      await this.publisher.sync(this.host.desiredTracks());
      this.updateTargets();
    });
  }

  /** A `subscriber-offer` from the server. */
  handleOffer(offer: SignalingEvents['subscriber-offer']): void {
    if (this.offers.take(offer)) return;
    void this.receiveQueue
      .run(async () => {
        if (this.active) await this.subscriber.handleOffer(offer);
      })
      .catch((err: Error) => {
        if (this.active && !isStaleAnswer(err)) this.host.reportError(`receiving media failed: ${err.message}`);
      });
  }

  /** The SFU restarted or was lost (`media-reset`): both connections start over. */
  mediaReset(reason: string): Promise<void> {
    return this.startOver('media', reason, false);
  }

  /** Resumed after the meeting server restarted (and its SFU with it): both connections start over. */
  serverRestarted(): Promise<void> {
    return this.startOver('media', 'the meeting server restarted', false);
  }

  /** Joined again as a new participant: the server knows nothing of our media. */
  rejoined(): Promise<void> {
    return this.startOver('signaling', 'joined again as a new participant', false, true);
  }

  /** New ICE servers: both connections are made again with them. */
  iceConfigChanged(): Promise<void> {
    return this.startOver('media', 'the ICE configuration changed', true);
  }

  /** Stops all media (leave, release, ended session). Registrations of renderers are kept. */
  async stop(): Promise<void> {
    this.active = false;
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    this.offEngineExit?.();
    this.offEngineExit = undefined;
    await this.sendQueue.run(async () => this.publisher.drop());
    await this.receiveQueue.run(() => this.subscriber.drop());
    this.stats = emptyNetworkStats();
  }

  /** Registers (or replaces) a renderer. */
  setRenderer(key: string, spec: RendererSpec): void {
    this.renderers.set(key, spec);
  }

  /** The engine tracks by participant and source, for the renderers. */
  private updateTargets(): void {
    const targets = new Map<string, TrackTarget>();
    for (const t of this.received)
      targets.set(targetKey(t.participantId, t.source), { trackId: t.trackId, kind: t.kind });
    const localId = this.host.localParticipantId();
    for (const [name, t] of this.publisher.localTracks()) {
      targets.set(targetKey('local', name), t);
      if (localId) targets.set(targetKey(localId, name), t);
    }
    this.renderers.update(targets);
  }

  /**
   * Drops both connections and builds them again: `unpublish` first when the
   * server still holds our offer, `resetSubscriber` when it still holds our
   * receive connection. The receive connection is dropped at once (ahead of
   * any offer already queued), so that offers for the new server state never
   * land on the old connection.
   */
  private startOver(
    type: 'media' | 'signaling',
    reason: string,
    serverHoldsMedia: boolean,
    silent = false,
  ): Promise<void> {
    if (!silent) this.host.reportConnection({ type, event: 'interrupted', reason });
    if (serverHoldsMedia) this.offers.hold();
    const dropped = this.receiveQueue.run(() => this.subscriber.drop());
    return this.sendQueue.run(async () => {
      if (!this.active) return;
      try {
        await dropped;
        if (serverHoldsMedia) {
          await this.publisher.unpublish();
          await this.resetSubscriber();
        } else {
          this.publisher.drop();
        }
        await this.publisher.sync(this.host.desiredTracks());
        this.updateTargets();
        if (!silent) this.host.reportConnection({ type, event: 'connected', reason: 'media connections made again' });
      } catch (err) {
        this.host.reportConnection({ type, event: 'failed', reason: (err as Error).message });
        this.host.reportError(`media could not be restored: ${(err as Error).message}`);
      } finally {
        this.offers.release();
      }
    });
  }

  /**
   * Asks the server for a new receive connection. Offers held meanwhile are
   * handled if they are for the new connection (its number is in the
   * result), dropped if they were for the old one.
   */
  private async resetSubscriber(): Promise<void> {
    this.offers.hold();
    let minConnectionId: number | undefined;
    try {
      ({ minConnectionId } = await this.host.request('resetSubscriber', {}));
    } finally {
      for (const offer of this.offers.release(minConnectionId)) this.handleOffer(offer);
    }
  }

  /**
   * Media back on a new engine. If that engine dies too before recovery
   * ends, recovery starts over on the next one instead of failing: only a
   * failure with the engine still running is reported.
   */
  private async recoverFromEngineExit(): Promise<void> {
    this.host.reportConnection({ type: 'engine', event: 'interrupted', reason: 'the media engine exited' });
    let exits: number;
    do {
      exits = this.engineExits;
      const error = await this.restoreMediaOnNewEngine();
      if (!this.active) return;
      if (this.engineExits !== exits) continue;
      if (error) {
        this.host.reportConnection({ type: 'engine', event: 'failed', reason: error.message });
        this.host.reportError(`media could not be restored after the media engine exited: ${error.message}`);
      } else {
        const reason = 'a new media engine is running; media restored';
        this.host.reportConnection({ type: 'engine', event: 'connected', reason });
      }
    } while (this.engineExits !== exits && this.active);
  }

  /** One attempt: both connections made again on a new engine. Resolves with the error if it failed. */
  private restoreMediaOnNewEngine(): Promise<Error | undefined> {
    // The connections died with the engine; the server still holds their SFU side.
    this.offers.hold();
    const dropped = this.receiveQueue.run(() => this.subscriber.drop());
    return this.sendQueue.run(async () => {
      if (!this.active) return undefined;
      this.publisher.drop();
      try {
        await dropped;
        await engineHost.ensure();
        await this.host.request('unpublish', {}).catch(() => undefined);
        await this.resetSubscriber();
        await this.publisher.sync(this.host.desiredTracks());
        this.updateTargets();
        return undefined;
      } catch (err) {
        return err as Error;
      } finally {
        this.offers.release();
      }
    });
  }

  private async measure(): Promise<void> {
    if (!this.active || this.measuring) return;
    this.measuring = true;
    try {
      const [pub, sub] = await Promise.all([
        connectionStats(this.publisher.connection),
        connectionStats(this.subscriber.connection),
      ]);
      if (!this.active || (!pub && !sub)) return;
      this.stats = nextNetworkStats(this.stats, pub, sub);
      this.host.reportStats(this.stats);
    } finally {
      this.measuring = false;
    }
  }
}
