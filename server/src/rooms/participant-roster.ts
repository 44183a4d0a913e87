/**
 * The participants of live rooms as kept in storage, so that a restarted
 * server can bring them back: who they are (identity, permissions as changed
 * during the call, remote mutes, the meeting-token properties that still
 * apply) and, once they are gone, how they left (so an old resume token is
 * refused with the reason). Media state and subscription wishes are not kept:
 * Janus restarts with the server, and the client sends its wishes again.
 */
import type { LeftDetail, ParticipantPermissions } from 'daily-node/protocol';
import type { Logger } from '../log';
import type { ParticipantRecord, Storage } from '../storage/storage';
import type { MeetingTokenProperties } from '../tokens/meeting-token';
import { ParticipantSession, type RemoteMutable } from './participant-session';

/** The identity JSON of a {@link ParticipantRecord}. */
interface StoredIdentity {
  userName: string;
  userId: string;
  isOwner: boolean;
  permissions: ParticipantPermissions;
  joinedAt: string;
  token: MeetingTokenProperties | null;
  remoteMuted: RemoteMutable[];
}

/** Ended records are kept this long, to tell why an old resume token is refused. */
export const ENDED_RECORD_TTL_MS = 24 * 3600_000;

/** The room a participant is stored under. */
export interface RosterRoom {
  name: string;
  roomId: string;
  meetingSessionId: string;
}

export class ParticipantRoster {
  constructor(
    private readonly storage: Storage,
    private readonly log: Logger,
  ) {}

  /** `p` joined (or its identity changed: name, permissions, remote mutes). */
  save(room: RosterRoom, p: ParticipantSession): void {
    const identity: StoredIdentity = {
      userName: p.userName,
      userId: p.userId,
      isOwner: p.isOwner,
      permissions: p.permissions,
      joinedAt: p.joinedAt.toISOString(),
      token: p.token ?? null,
      remoteMuted: [...p.remoteMuted],
    };
    const record = {
      id: p.id,
      roomName: room.name,
      roomId: room.roomId,
      meetingSessionId: room.meetingSessionId,
      identity: JSON.stringify(identity),
    };
    this.storage
      .saveParticipant(record)
      .catch((e: Error) => this.log.error({ participantId: p.id, err: e.message }, 'storing a participant failed'));
  }

  /** `p` is gone for good. */
  ended(id: string, detail: LeftDetail): void {
    this.storage
      .endParticipant(id, detail, Date.now())
      .catch((e: Error) => this.log.error({ participantId: id, err: e.message }, 'storing a departure failed'));
  }

  /** How a participant that is no longer in a call ended, if it is on record. */
  async lookup(id: string): Promise<ParticipantRecord | undefined> {
    return this.storage.getParticipant(id);
  }

  /** Participants that were in calls when the server last stopped, by room name. */
  async inCalls(): Promise<Map<string, ParticipantRecord[]>> {
    const byRoom = new Map<string, ParticipantRecord[]>();
    for (const r of await this.storage.liveParticipants()) {
      const list = byRoom.get(r.roomName) ?? [];
      list.push(r);
      byRoom.set(r.roomName, list);
    }
    return byRoom;
  }

  /** A participant object for a stored record; undefined (and the record ended) if it cannot be read. */
  revive(record: ParticipantRecord, appMessagesPerSecond: number): ParticipantSession | undefined {
    let identity: StoredIdentity;
    try {
      identity = JSON.parse(record.identity) as StoredIdentity;
    } catch (e) {
      this.log.error(
        { participantId: record.id, err: (e as Error).message },
        'a stored participant is unreadable; it cannot resume',
      );
      this.ended(record.id, 'connection-lost');
      return undefined;
    }
    return new ParticipantSession({
      id: record.id,
      joinedAt: new Date(identity.joinedAt),
      remoteMuted: identity.remoteMuted,
      userName: identity.userName,
      userId: identity.userId,
      isOwner: identity.isOwner,
      permissions: identity.permissions,
      token: identity.token ?? undefined,
      subscriptions: undefined,
      appMessagesPerSecond,
    });
  }

  /** Forgets ended records older than {@link ENDED_RECORD_TTL_MS}. */
  async prune(): Promise<void> {
    const n = await this.storage.pruneParticipants(Date.now() - ENDED_RECORD_TTL_MS);
    if (n > 0) this.log.debug({ records: n }, 'forgot old participant records');
  }
}
