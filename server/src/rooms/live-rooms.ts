/**
 * The live rooms of this server: admission (room state, token, capacity,
 * permissions), resume by token, and reacting to REST changes (room updated
 * or deleted). A live room exists while someone is in it.
 */
import {
  PROTOCOL_VERSION,
  SignalingProtocolError,
  defaultPermissions,
  type JoinParams,
  type ResumeParams,
  type SessionEndReason,
  type SignalingLimits,
} from 'daily-node/protocol';
import type { JanusPool } from '../janus/janus-pool';
import type { Logger } from '../log';
import type { RoomChangeListener } from '../rest/rooms-api';
import type { Storage, RoomRecord } from '../storage/storage';
import { TokenRejectedError, type MeetingTokenProperties, type MeetingTokens } from '../tokens/meeting-token';
import { LiveRoom } from './live-room';
import { ParticipantSession } from './participant-session';
import { applyPermissionsUpdate } from './permissions';
import { DEFAULT_MAX_PARTICIPANTS } from './room-properties';

export interface LiveRoomsDeps {
  storage: Storage;
  tokens: MeetingTokens;
  pool: JanusPool;
  log: Logger;
  limits: SignalingLimits;
  resumeGraceMs: number;
}

function checkVersion(version: number): void {
  if (version !== PROTOCOL_VERSION) {
    throw new SignalingProtocolError('unsupported-version', `server speaks protocol ${PROTOCOL_VERSION}, client sent ${version}`, 'params.protocolVersion');
  }
}

export class LiveRooms implements RoomChangeListener {
  private readonly rooms = new Map<string, LiveRoom>();
  private shuttingDown = false;
  private readonly byResumeToken = new Map<string, { room: LiveRoom; participant: ParticipantSession }>();

  constructor(private readonly deps: LiveRoomsDeps) {}

  get(name: string): LiveRoom | undefined {
    return this.rooms.get(name);
  }

  get all(): LiveRoom[] {
    return [...this.rooms.values()];
  }

  /** Admits a joining client. @throws SignalingProtocolError with the specific refusal */
  async join(params: JoinParams): Promise<{ room: LiveRoom; participant: ParticipantSession }> {
    checkVersion(params.protocolVersion);
    this.refuseWhileShuttingDown();
    const record = await this.deps.storage.getRoom(params.roomName);
    if (!record) throw new SignalingProtocolError('room-not-found', `room "${params.roomName}" does not exist`, 'params.roomName');
    const now = Date.now() / 1000;
    const { nbf, exp } = record.properties;
    if (nbf !== undefined && now < nbf) throw new SignalingProtocolError('room-not-yet-open', `room "${record.name}" opens at ${new Date(nbf * 1000).toISOString()}`);
    if (exp !== undefined && now >= exp) throw new SignalingProtocolError('room-expired', `room "${record.name}" expired at ${new Date(exp * 1000).toISOString()}`);
    const token = await this.verifyToken(params.token, record);
    const room = this.rooms.get(record.name) ?? this.open(record);
    const max = record.properties.max_participants ?? DEFAULT_MAX_PARTICIPANTS;
    if (room.participants.size >= max) {
      throw new SignalingProtocolError('room-full', `room "${record.name}" is full (max_participants ${max})`);
    }
    const isOwner = token?.is_owner === true;
    let permissions = applyPermissionsUpdate(defaultPermissions(), record.properties.permissions);
    if (isOwner) permissions = applyPermissionsUpdate(permissions, { canAdmin: true });
    if (record.properties.owner_only_broadcast && !isOwner) permissions = applyPermissionsUpdate(permissions, { canSend: false });
    permissions = applyPermissionsUpdate(permissions, token?.permissions);
    const participant = new ParticipantSession({
      userName: token?.user_name ?? params.userName ?? '',
      userId: token?.user_id,
      isOwner,
      permissions,
      token,
      subscriptions: params.subscriptions,
      appMessagesPerSecond: this.deps.limits.appMessagesPerSecond,
    });
    room.add(participant);
    this.byResumeToken.set(participant.resumeToken, { room, participant });
    return { room, participant };
  }

  private async verifyToken(token: string | undefined, record: RoomRecord): Promise<MeetingTokenProperties | undefined> {
    if (token === undefined) {
      if (record.privacy === 'private') {
        throw new SignalingProtocolError('token-required', `room "${record.name}" is private: a meeting token is required`, 'params.token');
      }
      return undefined;
    }
    try {
      return await this.deps.tokens.verify(token, record.name);
    } catch (e) {
      if (e instanceof TokenRejectedError) throw new SignalingProtocolError(e.problem, e.message, 'params.token');
      throw e;
    }
  }

  /** Finds the participant of a resume token. @throws SignalingProtocolError `resume-failed` */
  resume(params: ResumeParams): { room: LiveRoom; participant: ParticipantSession } {
    checkVersion(params.protocolVersion);
    this.refuseWhileShuttingDown();
    const found = this.byResumeToken.get(params.resumeToken);
    if (!found || found.participant.left) {
      throw new SignalingProtocolError('resume-failed', 'unknown or expired resume token (the grace period may have passed): join again', 'params.resumeToken');
    }
    return found;
  }

  /** Forgets a participant's resume token (it left). */
  forget(p: ParticipantSession): void {
    this.byResumeToken.delete(p.resumeToken);
  }

  private open(record: RoomRecord): LiveRoom {
    const room = new LiveRoom(record, {
      pool: this.deps.pool,
      log: this.deps.log,
      limits: this.deps.limits,
      resumeGraceMs: this.deps.resumeGraceMs,
      onEmpty: (r) => {
        if (this.rooms.get(r.name) === r) this.rooms.delete(r.name);
      },
      onParticipantRemoved: (p) => this.forget(p),
    });
    this.rooms.set(record.name, room);
    return room;
  }

  roomUpdated(record: RoomRecord): void {
    this.rooms.get(record.name)?.update(record);
  }

  roomDeleted(name: string): void {
    this.rooms.get(name)?.endAll('room-deleted', `room "${name}" was deleted`);
  }

  /** From now on, joins and resumes are refused (`shutting-down`): the server is stopping. */
  shutDown(): void {
    this.shuttingDown = true;
  }

  private refuseWhileShuttingDown(): void {
    if (this.shuttingDown) throw new SignalingProtocolError('shutting-down', 'the server is shutting down; try again shortly');
  }

  /** Ends every session (server shutdown) and waits for media teardown. */
  async endAll(reason: SessionEndReason, message: string): Promise<void> {
    const rooms = [...this.rooms.values()];
    for (const room of rooms) room.endAll(reason, message);
    await Promise.all(rooms.map((r) => r.media.closed));
  }
}
