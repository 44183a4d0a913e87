/**
 * The media of one live room on Janus: one VideoRoom (made on first use, on
 * the node the pool picks), one publisher handle per publishing participant
 * (all its tracks on one PeerConnection, named via `descriptions`), one
 * {@link SubscriberConnection} per receiving participant, and the server-side
 * rules: canSend (refused at publish, moderated when revoked later), remote
 * mutes (moderation), canReceive (never subscribed). If the node is lost,
 * everything is dropped and clients get `media-reset`.
 */
import {
  STANDARD_TRACK_KIND,
  SignalingProtocolError,
  canReceiveTrack,
  isStandardTrackName,
  sendPermissionFor,
  type IceCandidateInit,
  type PublishParams,
  type PublishResult,
  type SessionDescription,
  type UpdateSubscriptionsParams,
} from 'daily-node/protocol';
import { SerialQueue } from 'daily-node/serial-queue';
import type { PluginReply } from '../janus/janus-messages';
import type { JanusNodeLink } from '../janus/janus-node-link';
import type { JanusPool } from '../janus/janus-pool';
import type { Logger } from '../log';
import type { RoomRecord } from '../storage/storage';
import type { ParticipantSession, PublishedTrackState, RemoteMutable } from '../rooms/participant-session';
import type { ReceiveProbe } from '../rooms/participant-view';
import { DEFAULT_MAX_PARTICIPANTS } from '../rooms/room-properties';
import { JanusRoom } from './janus-room';
import type { MediaHandle, MediaRoomFactory, OwnedMediaRoom } from './media-handle';
import { mediaSections } from './sdp';
import { SubscriberConnection, type SubscriberHost, type WantedStream } from './subscriber-connection';

/** Longest wait for an SFU node to come back before clients are told to start over anyway. */
const SFU_WAIT_MS = 10_000;

interface Publisher {
  handle: MediaHandle;
  janusId: number;
  room: OwnedMediaRoom;
  /** A PeerConnection is negotiated (publish answered, not unpublished). */
  publishing: boolean;
  /** ICE/DTLS up: others may subscribe. */
  up: boolean;
  /** `send` flag last applied per mid. */
  sending: Map<string, boolean>;
  /** Mids under Janus moderation. */
  moderated: Set<string>;
}

/**
 * Whether Janus's talking events on `t` move the active speaker: microphones and
 * custom audio tracks do (as in daily-python) unless published with
 * `ignoreAudioLevel`; screen audio never does.
 */
function countsForActiveSpeaker(t: PublishedTrackState): boolean {
  return t.kind === 'audio' && t.name !== 'screenAudio' && !t.ignoreAudioLevel;
}

/** Wraps an unexpected media failure as a `media-error` response. */
function mediaError(what: string, e: unknown): SignalingProtocolError {
  if (e instanceof SignalingProtocolError) return e;
  return new SignalingProtocolError('media-error', `${what} failed: ${(e as Error).message}`);
}

/**
 * What RoomMedia needs of its room (LiveRoom implements it): the room's
 * settings and participants, and where to report track changes. Narrow, so
 * that the media layer does not import the room and can be driven by a fake.
 */
export interface RoomMediaHost {
  readonly name: string;
  readonly record: RoomRecord;
  readonly participants: ReadonlyMap<string, ParticipantSession>;
  /** A participant's microphone carried audio: it may be the active speaker. */
  speakerStarted(p: ParticipantSession): void;
  /** The participant's tracks or state changed: tell everyone. */
  participantUpdated(p: ParticipantSession): void;
  /** The participant's view changed for one viewer only. */
  participantUpdatedFor(p: ParticipantSession, viewer: ParticipantSession): void;
  /** The participant's identity (name, permissions, remote mutes) changed: keep it for a restart. */
  identityChanged(p: ParticipantSession): void;
}

export class RoomMedia implements SubscriberHost {
  readonly probe: ReceiveProbe = (viewer, senderId, track) =>
    this.subscribers.get(viewer)?.progress(`${senderId}/${track}`) ?? 'none';
  /** Resolves once {@link close} has finished. */
  readonly closed: Promise<void>;
  private markClosed!: () => void;
  private janus: OwnedMediaRoom | undefined;
  private ensuring: Promise<OwnedMediaRoom> | undefined;
  private node: JanusNodeLink | undefined;
  private readonly publishers = new Map<ParticipantSession, Publisher>();
  private readonly subscribers = new Map<ParticipantSession, SubscriberConnection>();
  private readonly queues = new WeakMap<ParticipantSession, SerialQueue>();
  private readonly byJanusId = new Map<number, ParticipantSession>();
  private connectionIds = 0;
  private isClosed = false;
  /** Counts SFU losses: a reset announced late is dropped if another one followed. */
  private resets = 0;
  private readonly onNodeDown = (): void => this.reset();

  constructor(
    private readonly room: RoomMediaHost,
    private readonly pool: JanusPool,
    private readonly log: Logger,
    /** Where VideoRooms come from (unit tests pass a scripted one). */
    private readonly createRoom: MediaRoomFactory = JanusRoom.create,
  ) {
    this.closed = new Promise((r) => (this.markClosed = r));
  }

  private queue(p: ParticipantSession): SerialQueue {
    let q = this.queues.get(p);
    if (!q) this.queues.set(p, (q = new SerialQueue()));
    return q;
  }

  // -------------------------------------------------------------------------
  // Janus room

  /** The room's VideoRoom on the current node generation, created when needed. */
  janusRoom(): Promise<OwnedMediaRoom> {
    if (this.janus?.alive) return Promise.resolve(this.janus);
    this.ensuring ??= this.createJanusRoom().finally(() => (this.ensuring = undefined));
    return this.ensuring;
  }

  private async createJanusRoom(): Promise<OwnedMediaRoom> {
    if (this.isClosed) throw new SignalingProtocolError('media-unavailable', 'the room is closing');
    if (!this.node?.isUp) {
      if (this.node) {
        this.node.off('down', this.onNodeDown);
        this.pool.releaseRoom(this.node);
      }
      this.node = this.pool.assignRoom();
      if (!this.node)
        throw new SignalingProtocolError('media-unavailable', 'no SFU node is available right now; retry shortly');
      this.node.on('down', this.onNodeDown);
    }
    const max = this.room.record.properties.max_participants ?? DEFAULT_MAX_PARTICIPANTS;
    try {
      this.janus = await this.createRoom(this.node, `daily-node ${this.room.name}`, max, (e) => this.onRoomEvent(e));
    } catch (e) {
      throw mediaError('creating the SFU room', e);
    }
    this.log.info({ node: this.node.id, janusRoom: this.janus.id }, 'janus room created');
    return this.janus;
  }

  private onRoomEvent(e: PluginReply): void {
    const d = e.data;
    if (d.videoroom !== 'talking') return;
    const p = typeof d.id === 'number' ? this.byJanusId.get(d.id) : undefined;
    const counts = p && [...p.tracks.values()].some((t) => t.mid === d.mid && countsForActiveSpeaker(t));
    if (p && counts) this.room.speakerStarted(p);
  }

  /** The node was lost: every handle is gone. Tell clients to start over. */
  private reset(): void {
    if (!this.janus && this.publishers.size === 0 && this.subscribers.size === 0) return;
    this.log.warn('SFU node lost: resetting media of the room');
    this.janus = undefined;
    const hadTracks = [...this.room.participants.values()].filter((p) => p.tracks.size > 0);
    for (const p of this.room.participants.values()) p.tracks.clear();
    this.publishers.clear();
    this.byJanusId.clear();
    for (const sub of this.subscribers.values()) sub.reset();
    const reason = this.pool.embedded ? 'sfu-restarted' : 'sfu-lost';
    const message =
      reason === 'sfu-restarted'
        ? 'the media server restarted: publish again on a new connection; receive offers follow'
        : 'the media server node was lost: publish again on a new connection; receive offers follow';
    for (const p of hadTracks) this.room.participantUpdated(p);
    // Clients publish again as soon as they hear of the reset: tell them once an SFU can take it
    // (the embedded Janus restarting takes about a second), or their publish fails with nothing to retry it.
    const resetNumber = ++this.resets;
    this.whenSfuAvailable(() => {
      if (this.isClosed || resetNumber !== this.resets) return;
      for (const p of this.room.participants.values()) p.connection?.event('media-reset', { reason, message });
    });
  }

  /** Runs `then` when some SFU node is up, or after {@link SFU_WAIT_MS} (clients then get a clear refusal). */
  private whenSfuAvailable(then: () => void): void {
    const node = this.node;
    if (this.pool.anyUp || !node) {
      then();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      node.off('up', done);
      then();
    };
    const timer = setTimeout(done, SFU_WAIT_MS);
    timer.unref();
    node.on('up', done);
  }

  // -------------------------------------------------------------------------
  // Publishing

  /** `publish`: checks the tracks against the offer and the permissions, then (re)negotiates. */
  publish(p: ParticipantSession, params: PublishParams): Promise<PublishResult> {
    const tracks = this.checkTracks(p, params);
    return this.queue(p).run(async () => {
      const room = await this.janusRoom();
      let pub = this.publishers.get(p);
      if (pub && pub.room !== room) pub = undefined; // made on an older generation
      const descriptions = tracks.map((t) => ({ mid: t.mid, description: t.name }));
      const jsep = {
        type: 'offer' as const,
        sdp: params.jsep.sdp,
        trickle: params.jsep.trickle ?? false,
        // Janus numbers simulcast layers by rid position; it needs to know which end is the highest.
        ...(params.ridOrder ? { rid_order: params.ridOrder } : {}),
      };
      let reply: PluginReply;
      try {
        if (!pub) {
          pub = await this.joinPublisher(p, room);
          reply = await pub.handle.requestAsync(
            { request: 'publish', descriptions, audio_level_average: 40, audio_active_packets: 25 },
            jsep,
          );
        } else if (!pub.publishing) {
          reply = await pub.handle.requestAsync({ request: 'publish', descriptions }, jsep);
        } else {
          reply = await pub.handle.requestAsync({ request: 'configure', descriptions }, jsep);
        }
      } catch (e) {
        throw mediaError('publishing', e);
      }
      if (!reply.jsep) throw new SignalingProtocolError('media-error', 'the SFU sent no answer to the offer');
      const wasUp = pub.up && pub.publishing;
      pub.publishing = true;
      const liveMids = new Set(tracks.map((t) => t.mid));
      for (const mid of [...pub.sending.keys()]) if (!liveMids.has(mid)) pub.sending.delete(mid);
      for (const mid of [...pub.moderated]) if (!liveMids.has(mid)) pub.moderated.delete(mid);
      p.tracks.clear();
      for (const t of tracks) p.tracks.set(t.name, t);
      await this.applyTrackFlags(p, pub);
      this.room.participantUpdated(p);
      if (wasUp) this.reconcileOthers(p);
      return { jsep: { type: 'answer', sdp: reply.jsep.sdp } };
    });
  }

  private async joinPublisher(p: ParticipantSession, room: OwnedMediaRoom): Promise<Publisher> {
    const handle = await room.attach();
    const joined = await handle.requestAsync<{ id: number }>({
      request: 'join',
      ptype: 'publisher',
      room: room.id,
      display: p.id,
    });
    const pub: Publisher = {
      handle,
      janusId: joined.data.id,
      room,
      publishing: false,
      up: false,
      sending: new Map(),
      moderated: new Set(),
    };
    this.publishers.set(p, pub);
    this.byJanusId.set(pub.janusId, p);
    handle.on('webrtcup', () => {
      if (this.publishers.get(p) !== pub) return;
      pub.up = true;
      this.reconcileOthers(p);
    });
    handle.on('hangup', () => {
      if (this.publishers.get(p) !== pub || !pub.publishing) return;
      this.stoppedPublishing(p, pub);
    });
    return pub;
  }

  /** Checks a publish request; returns the tracks to publish. */
  private checkTracks(p: ParticipantSession, params: PublishParams): PublishedTrackState[] {
    const sections = new Map(mediaSections(params.jsep.sdp).map((s) => [s.mid, s]));
    const names = new Set<string>();
    const mids = new Set<string>();
    const screenAllowed = p.token?.enable_screenshare ?? this.room.record.properties.enable_screenshare ?? true;
    if (!p.hasPresence && params.tracks.length > 0) {
      throw new SignalingProtocolError(
        'forbidden',
        'hidden participants (hasPresence: false) cannot send media',
        'params.tracks',
      );
    }
    return params.tracks.map((t, i) => {
      const field = `params.tracks[${i}]`;
      const section = sections.get(t.mid);
      if (!section)
        throw new SignalingProtocolError('bad-request', `the offer has no m-line with mid "${t.mid}"`, `${field}.mid`);
      if (section.inactive)
        throw new SignalingProtocolError('bad-request', `m-line "${t.mid}" is inactive`, `${field}.mid`);
      if (section.kind !== 'audio' && section.kind !== 'video') {
        throw new SignalingProtocolError(
          'bad-request',
          `m-line "${t.mid}" is ${section.kind}, not audio or video`,
          `${field}.mid`,
        );
      }
      const kind = section.kind;
      if (isStandardTrackName(t.name) && STANDARD_TRACK_KIND[t.name] !== kind) {
        throw new SignalingProtocolError(
          'bad-request',
          `${t.name} must be an ${STANDARD_TRACK_KIND[t.name]} m-line, "${t.mid}" is ${kind}`,
          `${field}.name`,
        );
      }
      if (names.has(t.name))
        throw new SignalingProtocolError('bad-request', `track name "${t.name}" is used twice`, `${field}.name`);
      if (mids.has(t.mid))
        throw new SignalingProtocolError('bad-request', `mid "${t.mid}" is used twice`, `${field}.mid`);
      names.add(t.name);
      mids.add(t.mid);
      const permission = sendPermissionFor(t.name, kind);
      if (!p.permissions.canSend.includes(permission)) {
        throw new SignalingProtocolError('forbidden', `no permission to send ${permission} (canSend)`, `${field}.name`);
      }
      if ((t.name === 'screenVideo' || t.name === 'screenAudio') && !screenAllowed) {
        throw new SignalingProtocolError(
          'forbidden',
          'screen sharing is disabled (enable_screenshare is false)',
          `${field}.name`,
        );
      }
      const ignoreAudioLevel = t.ignoreAudioLevel ?? false;
      return { name: t.name, kind, mid: t.mid, enabled: t.enabled ?? true, layers: section.layers, ignoreAudioLevel };
    });
  }

  /** Applies the user's `enabled` flags (Janus `send`) and moderation (remote mute, missing canSend). */
  private async applyTrackFlags(p: ParticipantSession, pub: Publisher): Promise<void> {
    const streams: Array<{ mid: string; send: boolean }> = [];
    for (const t of p.tracks.values()) {
      if ((pub.sending.get(t.mid) ?? true) !== t.enabled) streams.push({ mid: t.mid, send: t.enabled });
    }
    if (streams.length) {
      await pub.handle.requestAsync({ request: 'configure', streams });
      for (const s of streams) pub.sending.set(s.mid, s.send);
    }
    for (const t of p.tracks.values()) {
      const mute =
        p.remoteMuted.has(t.name as RemoteMutable) ||
        !p.permissions.canSend.includes(sendPermissionFor(t.name, t.kind));
      if (mute === pub.moderated.has(t.mid)) continue;
      await pub.room.moderate(pub.janusId, t.mid, mute);
      if (mute) pub.moderated.add(t.mid);
      else pub.moderated.delete(t.mid);
    }
  }

  /** `updateTracks`: the user switches published tracks on or off. */
  updateTracks(p: ParticipantSession, tracks: Record<string, { enabled: boolean }>): Promise<void> {
    return this.queue(p).run(async () => {
      const pub = this.publishers.get(p);
      if (!pub?.publishing)
        throw new SignalingProtocolError('not-publishing', 'nothing is published yet: publish first');
      for (const name of Object.keys(tracks)) {
        if (!p.tracks.has(name))
          throw new SignalingProtocolError(
            'bad-request',
            `no published track named "${name}"`,
            `params.tracks.${name}`,
          );
      }
      let unmuted = false;
      for (const [name, { enabled }] of Object.entries(tracks)) {
        p.tracks.get(name)!.enabled = enabled;
        // Switching a remotely muted track back on is the user's choice (as in Daily).
        if (enabled) unmuted = p.remoteMuted.delete(name as RemoteMutable) || unmuted;
      }
      if (unmuted) this.room.identityChanged(p);
      try {
        await this.applyTrackFlags(p, pub);
      } catch (e) {
        throw mediaError('updating tracks', e);
      }
      this.room.participantUpdated(p);
    });
  }

  /** `unpublish`: closes the publisher connection (the handle stays for a later publish). */
  unpublish(p: ParticipantSession): Promise<void> {
    return this.queue(p).run(async () => {
      const pub = this.publishers.get(p);
      if (!pub?.publishing) throw new SignalingProtocolError('not-publishing', 'nothing is published');
      try {
        await pub.handle.requestAsync({ request: 'unpublish' });
      } catch (e) {
        throw mediaError('unpublishing', e);
      }
      this.stoppedPublishing(p, pub);
      // Janus reports the hangup of the old PeerConnection later, with nothing
      // telling it apart from a hangup of the next one on the same handle. A
      // new handle for the next publish keeps that late event from ending it.
      this.publishers.delete(p);
      this.byJanusId.delete(pub.janusId);
      void pub.handle.detach().catch(() => undefined);
    });
  }

  private stoppedPublishing(p: ParticipantSession, pub: Publisher): void {
    if (!pub.publishing) return;
    pub.publishing = false;
    pub.up = false;
    pub.sending.clear();
    pub.moderated.clear();
    p.tracks.clear();
    this.room.participantUpdated(p);
    this.reconcileOthers(p);
  }

  /** `trickle`: one candidate for the publisher or subscriber connection. */
  async trickle(
    p: ParticipantSession,
    target: 'publisher' | 'subscriber',
    candidate: IceCandidateInit | null,
  ): Promise<void> {
    try {
      if (target === 'subscriber') {
        const sub = this.subscribers.get(p);
        if (!sub)
          throw new SignalingProtocolError('bad-request', 'there is no subscriber connection yet', 'params.target');
        await sub.trickle(candidate);
        return;
      }
      // Behind any publish in progress, so candidates sent right after the offer find the handle.
      await this.queue(p).run(async () => {
        const pub = this.publishers.get(p);
        if (!pub)
          throw new SignalingProtocolError(
            'not-publishing',
            'there is no publisher connection yet: send the offer first',
          );
        await pub.handle.trickle(candidate);
      });
    } catch (e) {
      throw mediaError('trickle', e);
    }
  }

  // -------------------------------------------------------------------------
  // Subscribing

  private subscriber(p: ParticipantSession): SubscriberConnection {
    let sub = this.subscribers.get(p);
    if (!sub) this.subscribers.set(p, (sub = new SubscriberConnection(p, this, this.log)));
    return sub;
  }

  /** `updateSubscriptions`: merges the settings and reconciles the receive connection. */
  updateSubscriptions(p: ParticipantSession, params: UpdateSubscriptionsParams): void {
    for (const id of Object.keys(params.participants ?? {})) {
      if (!this.room.participants.has(id)) {
        throw new SignalingProtocolError(
          'participant-not-found',
          `no participant ${id} in this room`,
          `params.participants.${id}`,
        );
      }
    }
    if (params.defaults) Object.assign(p.subscriptionDefaults, params.defaults);
    for (const [id, settings] of Object.entries(params.participants ?? {})) {
      if (settings === null) p.subscriptionOverrides.delete(id);
      else p.subscriptionOverrides.set(id, { ...(p.subscriptionOverrides.get(id) ?? {}), ...settings });
    }
    this.subscriber(p).reconcile();
    for (const other of this.room.participants.values())
      if (other !== p && other.hasPresence) this.room.participantUpdatedFor(other, p);
  }

  /** `subscriberAnswer` (to the offer of `connectionId`, when the client names it). */
  subscriberAnswer(p: ParticipantSession, jsep: SessionDescription, connectionId?: number): void {
    const sub = this.subscribers.get(p);
    if (!sub)
      throw new SignalingProtocolError('bad-request', 'no subscriber offer is waiting for an answer', 'params.jsep');
    sub.answer(jsep, connectionId);
  }

  /**
   * `resetSubscriber`: the client's receive connection is gone; start a new
   * one. Returns the lowest `connectionId` its offers will carry.
   */
  resetSubscriber(p: ParticipantSession): number {
    return this.subscriber(p).restart();
  }

  /** What `viewer` should receive now. */
  wanted(viewer: ParticipantSession): WantedStream[] {
    const out: WantedStream[] = [];
    for (const sender of this.room.participants.values()) {
      if (sender === viewer || !sender.hasPresence) continue;
      const pub = this.publishers.get(sender);
      if (!pub?.up || !pub.publishing) continue;
      for (const t of sender.tracks.values()) {
        const setting = viewer.subscriptionFor(sender.id, t.name, t.kind);
        if (!setting?.subscribed) continue;
        if (!canReceiveTrack(viewer.permissions.canReceive, sender.id, sender.userId, t.name, t.kind)) continue;
        out.push({
          key: `${sender.id}/${t.name}`,
          participantId: sender.id,
          track: t.name,
          kind: t.kind,
          feed: pub.janusId,
          feedMid: t.mid,
          // Layers are numbered from the lowest; a layer above what the sender has means its highest.
          substream:
            setting.substream === undefined || t.layers < 2 ? undefined : Math.min(setting.substream, t.layers - 1),
        });
      }
    }
    return out;
  }

  resolveFeed(
    feed: number,
    feedMid: string,
  ): { participantId: string; track: string; kind: 'audio' | 'video' } | undefined {
    const sender = this.byJanusId.get(feed);
    if (!sender) return undefined;
    for (const t of sender.tracks.values())
      if (t.mid === feedMid) return { participantId: sender.id, track: t.name, kind: t.kind };
    return undefined;
  }

  changed(viewer: ParticipantSession, participantIds: Set<string>): void {
    for (const id of participantIds) {
      const sender = this.room.participants.get(id);
      if (sender) this.room.participantUpdatedFor(sender, viewer);
    }
  }

  nextConnectionId(): number {
    return ++this.connectionIds;
  }

  private reconcileOthers(sender: ParticipantSession): void {
    for (const viewer of this.room.participants.values())
      if (viewer !== sender) this.subscribers.get(viewer)?.reconcile();
    // Viewers without a subscriber yet may want this sender's tracks by default.
    for (const viewer of this.room.participants.values()) {
      if (viewer !== sender && !this.subscribers.has(viewer) && this.wanted(viewer).length)
        this.subscriber(viewer).reconcile();
    }
  }

  // -------------------------------------------------------------------------
  // Participant changes

  /** Permissions of `p` changed: re-apply canSend moderation and canReceive. */
  permissionsChanged(p: ParticipantSession): void {
    const pub = this.publishers.get(p);
    if (pub?.publishing) {
      void this.queue(p)
        .run(() => this.applyTrackFlags(p, pub))
        .catch((e: Error) =>
          this.log.warn({ participantId: p.id, err: e.message }, 'applying permissions to media failed'),
        );
    }
    this.subscribers.get(p)?.reconcile();
    if (!this.subscribers.has(p) && this.wanted(p).length) this.subscriber(p).reconcile();
    for (const other of this.room.participants.values())
      if (other !== p && other.hasPresence) this.room.participantUpdatedFor(other, p);
    this.reconcileOthers(p);
  }

  /** An admin changed `p`'s remote mutes. */
  remoteMuteChanged(p: ParticipantSession): void {
    const pub = this.publishers.get(p);
    if (!pub?.publishing) return;
    void this.queue(p)
      .run(() => this.applyTrackFlags(p, pub))
      .catch((e: Error) => this.log.warn({ participantId: p.id, err: e.message }, 'remote mute failed'));
  }

  /** `p` came back on a new socket: re-offer what may have been lost. */
  resumed(p: ParticipantSession): void {
    this.subscribers.get(p)?.reconcile();
  }

  /** `p` left: its handles go, the others stop receiving it. */
  async removeParticipant(p: ParticipantSession): Promise<void> {
    await this.queue(p).run(async () => {
      const pub = this.publishers.get(p);
      this.publishers.delete(p);
      if (pub) {
        this.byJanusId.delete(pub.janusId);
        await pub.handle.detach();
      }
      const sub = this.subscribers.get(p);
      this.subscribers.delete(p);
      await sub?.close();
      if (pub?.publishing) this.reconcileOthers(p);
    });
  }

  /** Frees the Janus room and every handle. */
  async close(): Promise<void> {
    if (this.isClosed) return this.closed;
    this.isClosed = true;
    try {
      await Promise.all([...this.publishers.values()].map((pub) => pub.handle.detach()));
      await Promise.all([...this.subscribers.values()].map((s) => s.close()));
      this.publishers.clear();
      this.subscribers.clear();
      await this.ensuring?.catch(() => undefined);
      await this.janus?.destroy();
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'closing room media failed');
    } finally {
      if (this.node) {
        this.node.off('down', this.onNodeDown);
        this.pool.releaseRoom(this.node);
      }
      this.markClosed();
    }
    return this.closed;
  }
}
