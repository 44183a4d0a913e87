/**
 * The live rooms of this server: admission (room state, token, capacity,
 * permissions), resume by token (also after a server restart: participants
 * that were in calls are brought back from storage at start), and reacting to
 * REST changes (room updated or deleted). A live room exists while someone is
 * in it.
 */
import { randomUUID } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  SignalingProtocolError,
  defaultPermissions,
  type JoinParams,
  type ResumeParams,
  type SignalingErrorCode,
  type SignalingLimits,
} from 'daily-node/protocol';
import type { JanusPool } from '../janus/janus-pool';
import type { Logger } from '../log';
import type { RoomChangeListener } from '../rest/rooms-api';
import type { RecordingDeps } from '../services/recording/room-recordings';
import type { TranscriptionDeps } from '../services/transcription/room-transcription';
import type { TelephonyDeps } from '../services/telephony/room-telephony';
import type { Storage, RoomRecord } from '../storage/storage';
import { TokenRejectedError, type MeetingTokenProperties, type MeetingTokens } from '../tokens/meeting-token';
import { ResumeTokenRejectedError, type ResumeClaims, type ResumeTokens } from '../tokens/resume-token';
import { LiveRoom } from './live-room';
import type { ParticipantRoster } from './participant-roster';
import { ParticipantSession } from './participant-session';
import { applyPermissionsUpdate } from './permissions';
import { DEFAULT_MAX_PARTICIPANTS } from './room-properties';

export interface LiveRoomsDeps {
  storage: Storage;
  tokens: MeetingTokens;
  resumeTokens: ResumeTokens;
  roster: ParticipantRoster;
  pool: JanusPool;
  log: Logger;
  limits: SignalingLimits;
  resumeGraceMs: number;
  transcription: TranscriptionDeps;
  recording: RecordingDeps;
  telephony: TelephonyDeps;
}

function checkVersion(version: number): void {
  if (version !== PROTOCOL_VERSION) {
    throw new SignalingProtocolError(
      'unsupported-version',
      `server speaks protocol ${PROTOCOL_VERSION}, client sent ${version}`,
      'params.protocolVersion',
    );
  }
}

export class LiveRooms implements RoomChangeListener {
  private readonly rooms = new Map<string, LiveRoom>();
  private shuttingDown = false;

  constructor(private readonly deps: LiveRoomsDeps) {}

  get(name: string): LiveRoom | undefined {
    return this.rooms.get(name);
  }

  get all(): LiveRoom[] {
    return [...this.rooms.values()];
  }

  /**
   * Routes a dial-in call (the SIP listener's {@link DialinRouter}): rooms
   * without the `sip` property are `not-found`; a room whose dial-in places
   * (`sip.num_endpoints`) or `max_participants` are taken is `busy`.
   */
  async dialin(roomName: string, registerUser: string): Promise<'ok' | 'not-found' | 'busy'> {
    if (this.shuttingDown) return 'busy';
    const record = await this.deps.storage.getRoom(roomName);
    if (!record?.properties.sip) return 'not-found';
    const live = this.rooms.get(record.name);
    const max = record.properties.max_participants ?? DEFAULT_MAX_PARTICIPANTS;
    const people = live ? [...live.participants.values()].filter((p) => p.service === undefined).length : 0;
    if (people >= max || live?.telephony.dialinFull) return 'busy';
    const room = live ?? this.open(record);
    try {
      await room.telephony.startDialin(registerUser);
    } catch (e) {
      if (room.participants.size === 0) room.close();
      throw e;
    }
    return 'ok';
  }

  /** Admits a joining client. @throws SignalingProtocolError with the specific refusal */
  async join(params: JoinParams): Promise<{ room: LiveRoom; participant: ParticipantSession }> {
    checkVersion(params.protocolVersion);
    this.refuseWhileShuttingDown();
    const record = await this.deps.storage.getRoom(params.roomName);
    if (!record)
      throw new SignalingProtocolError('room-not-found', `room "${params.roomName}" does not exist`, 'params.roomName');
    const now = Date.now() / 1000;
    const { nbf, exp } = record.properties;
    if (nbf !== undefined && now < nbf)
      throw new SignalingProtocolError(
        'room-not-yet-open',
        `room "${record.name}" opens at ${new Date(nbf * 1000).toISOString()}`,
      );
    if (exp !== undefined && now >= exp)
      throw new SignalingProtocolError(
        'room-expired',
        `room "${record.name}" expired at ${new Date(exp * 1000).toISOString()}`,
      );
    const token = await this.verifyToken(params.token, record);
    const id = randomUUID();
    const resumeToken = await this.deps.resumeTokens.sign({
      participantId: id,
      roomName: record.name,
      roomId: record.id,
    });
    this.refuseWhileShuttingDown();
    const room = this.rooms.get(record.name) ?? this.open(record);
    // Service participants (transcriber, recorder) are the server's own: they neither take a
    // place of max_participants nor find the room full.
    const max = record.properties.max_participants ?? DEFAULT_MAX_PARTICIPANTS;
    const people = [...room.participants.values()].filter((p) => p.service === undefined).length;
    if (token?.daily_node_service === undefined && people >= max) {
      throw new SignalingProtocolError('room-full', `room "${record.name}" is full (max_participants ${max})`);
    }
    const isOwner = token?.is_owner === true;
    let permissions = applyPermissionsUpdate(defaultPermissions(), record.properties.permissions);
    if (isOwner) permissions = applyPermissionsUpdate(permissions, { canAdmin: true });
    if (record.properties.owner_only_broadcast && !isOwner)
      permissions = applyPermissionsUpdate(permissions, { canSend: false });
    permissions = applyPermissionsUpdate(permissions, token?.permissions);
    const participant = new ParticipantSession({
      id,
      userName: token?.user_name ?? params.userName ?? '',
      userId: token?.user_id,
      isOwner,
      permissions,
      token,
      subscriptions: params.subscriptions,
      appMessagesPerSecond: this.deps.limits.appMessagesPerSecond,
      service: token?.daily_node_service,
    });
    participant.resumeToken = resumeToken;
    room.add(participant);
    return { room, participant };
  }

  private async verifyToken(
    token: string | undefined,
    record: RoomRecord,
  ): Promise<MeetingTokenProperties | undefined> {
    if (token === undefined) {
      if (record.privacy === 'private') {
        throw new SignalingProtocolError(
          'token-required',
          `room "${record.name}" is private: a meeting token is required`,
          'params.token',
        );
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

  /**
   * Finds the participant of a resume token: one whose socket dropped, or one
   * brought back after a server restart, still within its grace period.
   * @throws SignalingProtocolError with the specific refusal (see RESUME_REFUSAL_CODES)
   */
  async resume(params: ResumeParams): Promise<{ room: LiveRoom; participant: ParticipantSession }> {
    checkVersion(params.protocolVersion);
    this.refuseWhileShuttingDown();
    let claims: ResumeClaims;
    try {
      claims = await this.deps.resumeTokens.verify(params.resumeToken, params.roomName);
    } catch (e) {
      if (e instanceof ResumeTokenRejectedError)
        throw new SignalingProtocolError(e.problem, e.message, 'params.resumeToken');
      throw e;
    }
    this.refuseWhileShuttingDown();
    const room = this.rooms.get(claims.roomName);
    const participant = room?.participants.get(claims.participantId);
    if (room && participant && !participant.left && room.record.id === claims.roomId) return { room, participant };
    throw await this.resumeRefusal(claims);
  }

  /** Why the participant of a valid resume token cannot come back. */
  private async resumeRefusal(claims: ResumeClaims): Promise<SignalingProtocolError> {
    const record = await this.deps.roster.lookup(claims.participantId);
    const who = `participant ${claims.participantId}`;
    const refuse = (code: SignalingErrorCode, message: string): SignalingProtocolError =>
      new SignalingProtocolError(code, message, 'params.resumeToken');
    switch (record?.ended) {
      case 'left':
        return refuse('resume-left', `${who} left the call; join again`);
      case 'ejected':
        return refuse('ejected', `${who} was ejected from the call`);
      case 'connection-lost':
        return refuse(
          'resume-expired',
          `${who} did not resume within the grace period (${this.deps.resumeGraceMs} ms); join again`,
        );
      case 'token-expired':
        return refuse('token-expired', `${who} was removed: its meeting token expired`);
      case 'room-expired':
        return refuse('room-expired', `${who} was removed: room "${claims.roomName}" expired`);
      case 'room-deleted':
        return refuse('resume-room-deleted', `room "${claims.roomName}" was deleted while ${who} was in it`);
      case null:
        return refuse('resume-failed', `${who} is on record but not in room "${claims.roomName}" now; join again`);
      default:
        return refuse(
          'resume-failed',
          `this server does not know ${who} (it ended long ago, or the token is from another server's data); join again`,
        );
    }
  }

  /**
   * Brings back the participants that were in calls when the server stopped
   * or crashed: each is in its room, disconnected, with `resumeGraceMs` from
   * now to resume. Those whose room was deleted or expired meanwhile, or
   * whose meeting token expired with `eject_at_token_exp`, are ended instead.
   * Call once, before accepting connections.
   */
  async restore(): Promise<{ rooms: number; participants: number }> {
    let rooms = 0;
    let participants = 0;
    const nowSeconds = Date.now() / 1000;
    for (const [name, records] of await this.deps.roster.inCalls()) {
      const record = await this.deps.storage.getRoom(name);
      const revived: ParticipantSession[] = [];
      for (const r of records) {
        if (!record || record.id !== r.roomId) {
          this.deps.roster.ended(r.id, 'room-deleted');
          continue;
        }
        if (record.properties.exp !== undefined && nowSeconds >= record.properties.exp) {
          this.deps.roster.ended(r.id, 'room-expired');
          continue;
        }
        const p = this.deps.roster.revive(r, this.deps.limits.appMessagesPerSecond);
        if (!p) continue;
        if (p.token?.exp !== undefined && p.token.eject_at_token_exp && nowSeconds >= p.token.exp) {
          this.deps.roster.ended(r.id, 'token-expired');
          continue;
        }
        p.resumeToken = await this.deps.resumeTokens.sign({ participantId: p.id, roomName: name, roomId: r.roomId });
        revived.push(p);
      }
      if (!record || revived.length === 0) continue;
      this.open(record, records[0]!.meetingSessionId).restore(revived);
      rooms++;
      participants += revived.length;
    }
    return { rooms, participants };
  }

  private open(record: RoomRecord, meetingSessionId?: string): LiveRoom {
    const deps = {
      pool: this.deps.pool,
      log: this.deps.log,
      limits: this.deps.limits,
      resumeGraceMs: this.deps.resumeGraceMs,
      roster: this.deps.roster,
      transcription: this.deps.transcription,
      recording: this.deps.recording,
      telephony: this.deps.telephony,
      onEmpty: (r: LiveRoom) => {
        if (this.rooms.get(r.name) === r) this.rooms.delete(r.name);
      },
    };
    const room = new LiveRoom(record, deps, meetingSessionId);
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
    if (this.shuttingDown)
      throw new SignalingProtocolError('shutting-down', 'the server is shutting down; try again shortly');
  }

  /**
   * The server is stopping: ends every session (`server-shutdown`) and waits
   * for media teardown. Participants stay on record and may resume once the
   * server is back.
   */
  async suspendAll(message: string): Promise<void> {
    const rooms = [...this.rooms.values()];
    // Service participants leave first, so that their transcripts end properly.
    await Promise.all(
      rooms.flatMap((r) => [
        r.transcription.shutDown(),
        r.recordings.shutDown(),
        r.liveStreams.shutDown(),
        r.telephony.shutDown(),
      ]),
    );
    for (const room of rooms) room.suspendAll(message);
    await Promise.all(rooms.map((r) => r.media.closed));
  }
}
