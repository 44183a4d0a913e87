/**
 * A participant of a live room: identity, permissions, the socket it is
 * reached on (absent while it may still resume), its published tracks and
 * subscription wishes, and its timers.
 */
import { randomUUID } from 'node:crypto';
import {
  isStandardTrackName,
  type ParticipantPermissions,
  type SignalingEventName,
  type SignalingEvents,
  type SubscriptionSetting,
  type TrackSubscriptions,
} from 'daily-node/protocol';
import type { MeetingTokenProperties } from '../tokens/meeting-token';
import { TokenBucket } from '../util/token-bucket';

/**
 * What the rooms and the media need of a participant's socket (the signaling
 * server's ClientConnection), so that they do not import the signaling layer.
 */
export interface ParticipantLink {
  /** Cleared when the room lets go of the socket. */
  participant: unknown;
  room: unknown;
  readonly isOpen: boolean;
  event<E extends SignalingEventName>(event: E, data: SignalingEvents[E]): void;
  close(code: number, reason: string): void;
}

/** A track on the participant's publisher connection. */
export interface PublishedTrackState {
  name: string;
  kind: 'audio' | 'video';
  mid: string;
  /** The user's own switch (`enabled` in publish / updateTracks). */
  enabled: boolean;
  /** Simulcast layers the sender publishes (1 without simulcast). */
  layers: number;
  /** Audio kept out of active-speaker detection (`ignoreAudioLevel` in publish). */
  ignoreAudioLevel: boolean;
}

/** Standard tracks an admin may switch off remotely. */
export type RemoteMutable = 'microphone' | 'camera' | 'screenVideo' | 'screenAudio';

export interface ParticipantInit {
  /** Given when the participant is brought back after a server restart; new otherwise. */
  id?: string;
  /** Given when brought back; now otherwise. */
  joinedAt?: Date;
  remoteMuted?: Iterable<RemoteMutable>;
  userName: string;
  userId: string | undefined;
  isOwner: boolean;
  permissions: ParticipantPermissions;
  token: MeetingTokenProperties | undefined;
  subscriptions: TrackSubscriptions | undefined;
  appMessagesPerSecond: number;
  /** A service participant of the server itself (its service's name): outside presence and counts. */
  service?: string;
}

export class ParticipantSession {
  readonly id: string;
  /** Signed by the server (see ResumeTokens); set before the participant is admitted. */
  resumeToken = '';
  readonly joinedAt: Date;
  userName: string;
  /** Phone legs: their SIP address, set when the call is answered (see RoomTelephony). */
  userId: string;
  readonly isOwner: boolean;
  permissions: ParticipantPermissions;
  readonly token: MeetingTokenProperties | undefined;
  /** The socket; undefined while disconnected within the resume grace period. */
  connection: ParticipantLink | undefined;
  /** Tracks on the publisher connection, by name. */
  readonly tracks = new Map<string, PublishedTrackState>();
  /** Tracks an admin switched off (Janus moderation), kept across re-publishing. */
  readonly remoteMuted = new Set<RemoteMutable>();
  /** Subscription settings for everyone without an entry in {@link subscriptionOverrides}. */
  subscriptionDefaults: TrackSubscriptions;
  /** Per remote participant settings, by participant id. */
  readonly subscriptionOverrides = new Map<string, TrackSubscriptions>();
  readonly appMessageBucket: TokenBucket;
  /** The service's name when this is one of the server's own service participants. */
  readonly service: string | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  left = false;
  /**
   * Brought back from storage after a server restart and not resumed yet: its
   * client still has peer connections to the Janus that is gone.
   */
  restored = false;

  constructor(init: ParticipantInit) {
    this.id = init.id ?? randomUUID();
    this.joinedAt = init.joinedAt ?? new Date();
    for (const t of init.remoteMuted ?? []) this.remoteMuted.add(t);
    this.userName = init.userName;
    this.userId = init.userId ?? this.id;
    this.isOwner = init.isOwner;
    this.permissions = init.permissions;
    this.token = init.token;
    this.subscriptionDefaults = { ...(init.subscriptions ?? {}) };
    this.appMessageBucket = new TokenBucket(init.appMessagesPerSecond, init.appMessagesPerSecond * 2);
    this.service = init.service;
  }

  get hasPresence(): boolean {
    return this.permissions.hasPresence;
  }

  /**
   * The subscription setting of `track` (of `kind`) of participant `remoteId`,
   * if any applies: the participant's own settings, then the defaults; in each,
   * the track's name, then `*audio`/`*video` (custom tracks), then `*`.
   */
  subscriptionFor(remoteId: string, track: string, kind: 'audio' | 'video'): SubscriptionSetting | undefined {
    const pick = (settings: TrackSubscriptions | undefined): SubscriptionSetting | undefined => {
      if (!settings) return undefined;
      const custom = isStandardTrackName(track) ? undefined : settings[kind === 'audio' ? '*audio' : '*video'];
      return settings[track] ?? custom ?? settings['*'];
    };
    return pick(this.subscriptionOverrides.get(remoteId)) ?? pick(this.subscriptionDefaults);
  }

  /** Runs `fn` after `ms`, unless the participant is gone by then. */
  after(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.left) fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
