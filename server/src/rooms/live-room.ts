/**
 * A room with participants in it: presence (joined/updated/left, counts,
 * hidden participants), active speaker, app and chat messages, permissions
 * and ejections. Media (Janus) is delegated to {@link RoomMedia}.
 */
import { randomUUID } from 'node:crypto';
import {
  SignalingProtocolError,
  type CallParticipants,
  type ChatMessageData,
  type JoinResult,
  type LeftDetail,
  type ParticipantCounts,
  type ParticipantLeftReason,
  type RemoteParticipantUpdate,
  type SessionEndReason,
  type SignalingEventName,
  type SignalingEvents,
  type SignalingLimits,
} from 'daily-node/protocol';
import type { Logger } from '../log';
import { RoomMedia, type RoomMediaHost } from '../media/room-media';
import { CloseCode } from '../signaling/close-code';
import type { JanusPool } from '../janus/janus-pool';
import type { RoomRecord } from '../storage/storage';
import { RoomLiveStreams } from '../services/recording/room-live-streams';
import { RoomRecordings, type RecordingDeps } from '../services/recording/room-recordings';
import { RoomTranscription, type TranscriptionDeps } from '../services/transcription/room-transcription';
import { RoomTelephony, type TelephonyDeps } from '../services/telephony/room-telephony';
import type { ParticipantRoster, RosterRoom } from './participant-roster';
import { ParticipantSession, type RemoteMutable } from './participant-session';
import { viewParticipant } from './participant-view';
import { applyPermissionsUpdate, canManageParticipants } from './permissions';
import { scheduleAt } from './schedule';

export interface LiveRoomDeps {
  pool: JanusPool;
  log: Logger;
  limits: SignalingLimits;
  resumeGraceMs: number;
  /** Where participants are kept for a restart. */
  roster: ParticipantRoster;
  transcription: TranscriptionDeps;
  recording: RecordingDeps;
  telephony: TelephonyDeps;
  /** Called when the last participant is gone. */
  onEmpty: (room: LiveRoom) => void;
}

/** Why a session ends for good (the server stopping is {@link LiveRoom.suspendAll}). */
export type EndReason = Exclude<SessionEndReason, 'server-shutdown' | 'resumed-elsewhere'>;

/** Why a session ends → how others see the departure. */
const END_DETAIL: Record<EndReason, LeftDetail> = {
  ejected: 'ejected',
  'token-expired': 'token-expired',
  'room-expired': 'room-expired',
  'room-deleted': 'room-deleted',
};

export class LiveRoom implements RoomMediaHost {
  readonly participants = new Map<string, ParticipantSession>();
  readonly meetingSessionId: string;
  readonly media: RoomMedia;
  readonly transcription: RoomTranscription;
  readonly recordings: RoomRecordings;
  readonly liveStreams: RoomLiveStreams;
  readonly telephony: RoomTelephony;
  private activeSpeaker: ParticipantSession | undefined;
  private cancelExpiry: (() => void) | undefined;
  private readonly log: Logger;

  /** `meetingSessionId` is given when the room is brought back after a server restart. */
  constructor(
    public record: RoomRecord,
    private readonly deps: LiveRoomDeps,
    meetingSessionId: string = randomUUID(),
  ) {
    this.meetingSessionId = meetingSessionId;
    this.log = deps.log.child({ room: record.name });
    this.media = new RoomMedia(this, deps.pool, this.log);
    this.transcription = this.makeTranscription(deps.transcription);
    this.recordings = this.makeRecordings(deps.recording);
    this.liveStreams = this.makeLiveStreams(deps.recording);
    this.telephony = this.makeTelephony(deps.telephony);
    this.armExpiry();
  }

  private makeTranscription(deps: TranscriptionDeps): RoomTranscription {
    const room = this; // eslint-disable-line @typescript-eslint/no-this-alias -- live getters below
    return new RoomTranscription(
      {
        get name() {
          return room.name;
        },
        get roomId() {
          return room.record.id;
        },
        meetingSessionId: this.meetingSessionId,
        get enabled() {
          return room.record.properties.enable_transcription === true;
        },
        log: this.log,
        broadcast: (event, data) => this.broadcastToPeople(event, data),
        participantIds: () => [...this.participants.values()].filter((p) => !p.service).map((p) => p.id),
      },
      deps,
    );
  }

  private makeRecordings(deps: RecordingDeps): RoomRecordings {
    const room = this; // eslint-disable-line @typescript-eslint/no-this-alias -- live getters below
    return new RoomRecordings(
      {
        get name() {
          return room.name;
        },
        get enableRecording() {
          return room.record.properties.enable_recording;
        },
        log: this.log,
        broadcast: (event, data) => this.broadcastToPeople(event, data),
      },
      deps,
    );
  }

  private makeLiveStreams(deps: RecordingDeps): RoomLiveStreams {
    const room = this; // eslint-disable-line @typescript-eslint/no-this-alias -- live getters below
    return new RoomLiveStreams(
      {
        get name() {
          return room.name;
        },
        get streamingEndpoints() {
          return room.record.properties.streaming_endpoints;
        },
        log: this.log,
        broadcast: (event, data) => this.broadcastToPeople(event, data),
      },
      deps.host,
    );
  }

  private makeTelephony(deps: TelephonyDeps): RoomTelephony {
    const room = this; // eslint-disable-line @typescript-eslint/no-this-alias -- live getters below
    return new RoomTelephony(
      {
        get name() {
          return room.name;
        },
        get dialoutEnabled() {
          return room.record.properties.enable_dialout === true;
        },
        log: this.log,
        participant: (id) => this.participants.get(id),
        tellAdmins: (also, event, data) => {
          for (const p of this.participants.values())
            if (!p.service && (also.includes(p.id) || canManageParticipants(p))) p.connection?.event(event, data);
        },
        get sip() {
          return room.record.properties.sip;
        },
        reveal: (id, identity) => {
          const p = this.participants.get(id);
          if (!p || p.left) return;
          // Renamed first, so that others meet the caller by name and address in participant-joined.
          if (identity.userName) p.userName = identity.userName;
          if (identity.userId) p.userId = identity.userId;
          this.setPermissions(p, { hasPresence: true, canSend: ['microphone'] });
        },
      },
      deps,
    );
  }

  /** Sends an event to every ordinary participant (not to service participants). */
  private broadcastToPeople<E extends SignalingEventName>(event: E, data: SignalingEvents[E]): void {
    for (const viewer of this.participants.values()) if (!viewer.service) viewer.connection?.event(event, data);
  }

  get name(): string {
    return this.record.name;
  }

  private get rosterRoom(): RosterRoom {
    return { name: this.name, roomId: this.record.id, meetingSessionId: this.meetingSessionId };
  }

  /** Room properties changed through the REST API. */
  update(record: RoomRecord): void {
    this.record = record;
    this.armExpiry();
  }

  private armExpiry(): void {
    this.cancelExpiry?.();
    this.cancelExpiry = undefined;
    const { exp, eject_at_room_exp: eject } = this.record.properties;
    if (exp !== undefined && eject)
      this.cancelExpiry = scheduleAt(exp, () => this.endAll('room-expired', 'the room has expired'));
  }

  // -------------------------------------------------------------------------
  // Presence

  counts(): ParticipantCounts {
    let present = 0;
    let hidden = 0;
    for (const p of this.participants.values()) {
      if (p.service) continue;
      if (p.hasPresence) present++;
      else hidden++;
    }
    return { present, hidden };
  }

  /** Adds a participant that passed admission. */
  add(p: ParticipantSession): void {
    this.participants.set(p.id, p);
    // A service participant ends with its server process: nothing to resume after a restart.
    if (!p.service) this.deps.roster.save(this.rosterRoom, p);
    this.log.info({ participantId: p.id, hidden: !p.hasPresence, count: this.participants.size }, 'participant joined');
    if (p.hasPresence) this.broadcastParticipant('participant-joined', p, p);
    if (!p.service) this.broadcastCounts(p);
    this.armParticipantTimers(p);
  }

  /**
   * Puts back participants that were here when the server stopped: each is
   * disconnected, with the grace period (counted from now) to resume. Its
   * ejection timers run from the original join.
   */
  restore(participants: ParticipantSession[]): void {
    for (const p of participants) {
      p.restored = true;
      this.participants.set(p.id, p);
    }
    for (const p of participants) {
      this.log.info(
        { participantId: p.id, graceMs: this.deps.resumeGraceMs },
        'participant restored after a restart; may resume',
      );
      this.armParticipantTimers(p);
      if (!p.left) this.disconnected(p);
    }
  }

  private armParticipantTimers(p: ParticipantSession): void {
    const t = p.token;
    if (t?.exp !== undefined && t.eject_at_token_exp) {
      this.onLeave(
        p,
        scheduleAt(t.exp, () => this.end(p, 'token-expired', 'the meeting token has expired')),
      );
    }
    const elapsed = t?.eject_after_elapsed ?? this.record.properties.eject_after_elapsed;
    if (elapsed !== undefined) {
      const reason: EndReason = t?.eject_after_elapsed !== undefined ? 'token-expired' : 'room-expired';
      const remaining = p.joinedAt.getTime() + elapsed * 1000 - Date.now();
      p.after(Math.max(0, remaining), () => this.end(p, reason, `participants are ejected ${elapsed} s after joining`));
    }
  }

  /** `p`'s identity changed (name, permissions, remote mutes): keep it for a restart. */
  identityChanged(p: ParticipantSession): void {
    if (!p.left && !p.service) this.deps.roster.save(this.rosterRoom, p);
  }

  private readonly leaveHooks = new Map<ParticipantSession, Array<() => void>>();
  private onLeave(p: ParticipantSession, fn: () => void): void {
    const list = this.leaveHooks.get(p) ?? [];
    list.push(fn);
    this.leaveHooks.set(p, list);
  }

  /** The join/resume result for `p`. */
  joinResult(p: ParticipantSession, resumed: boolean): JoinResult {
    const serverRestarted = p.restored;
    p.restored = false;
    const participants: Record<string, unknown> = { local: this.view(p, p) };
    for (const other of this.participants.values()) {
      if (other !== p && other.hasPresence) participants[other.id] = this.view(other, p);
    }
    const props = this.record.properties;
    const speaker = this.activeSpeaker && this.activeSpeaker.hasPresence ? this.activeSpeaker.id : null;
    return {
      participantId: p.id,
      resumeToken: p.resumeToken,
      resumeGraceMs: this.deps.resumeGraceMs,
      joinData: { meetingSession: { id: this.meetingSessionId }, participants: participants as CallParticipants },
      counts: this.counts(),
      activeSpeakerId: speaker,
      room: {
        name: this.name,
        privacy: this.record.privacy,
        startVideoOff: p.token?.start_video_off ?? props.start_video_off ?? false,
        startAudioOff: p.token?.start_audio_off ?? props.start_audio_off ?? false,
        enableChat: props.enable_chat ?? true,
        enableScreenshare: p.token?.enable_screenshare ?? props.enable_screenshare ?? true,
        enableRecording: props.enable_recording || null,
        enableTranscription: props.enable_transcription ?? false,
        enableDialout: props.enable_dialout ?? false,
        exp: props.exp ?? null,
      },
      limits: this.deps.limits,
      ...(this.transcription.status ? { transcription: this.transcription.status } : {}),
      ...(this.recordings.statuses.length > 0 ? { recordings: this.recordings.statuses } : {}),
      ...(this.liveStreams.statuses.length > 0 ? { liveStreams: this.liveStreams.statuses } : {}),
      resumed,
      serverRestarted,
    };
  }

  view(subject: ParticipantSession, viewer: ParticipantSession): ReturnType<typeof viewParticipant> {
    return viewParticipant(subject, viewer, this.media.probe);
  }

  /** Sends `participant-updated` about `p` to everyone who can see it (`p` itself included). */
  participantUpdated(p: ParticipantSession): void {
    for (const viewer of this.participants.values()) {
      if (viewer === p || p.hasPresence)
        viewer.connection?.event('participant-updated', { participant: this.view(p, viewer) });
    }
  }

  /** `setUserName` from `p`. */
  setUserName(p: ParticipantSession, userName: string): void {
    p.userName = userName;
    this.identityChanged(p);
    this.participantUpdated(p);
  }

  /** Sends `participant-updated` about `p` to one viewer. */
  participantUpdatedFor(p: ParticipantSession, viewer: ParticipantSession): void {
    if (viewer === p || p.hasPresence)
      viewer.connection?.event('participant-updated', { participant: this.view(p, viewer) });
  }

  private broadcastParticipant(event: 'participant-joined', p: ParticipantSession, except: ParticipantSession): void {
    for (const viewer of this.participants.values()) {
      if (viewer !== except) viewer.connection?.event(event, { participant: this.view(p, viewer) });
    }
  }

  private broadcastLeft(p: ParticipantSession, reason: ParticipantLeftReason, detail: LeftDetail): void {
    for (const viewer of this.participants.values()) {
      if (viewer !== p)
        viewer.connection?.event('participant-left', { participant: this.view(p, viewer), reason, detail });
    }
  }

  private broadcastCounts(except?: ParticipantSession): void {
    const counts = this.counts();
    for (const viewer of this.participants.values()) {
      if (viewer !== except) viewer.connection?.event('participant-counts-updated', { counts });
    }
  }

  /** Janus reported that `p`'s microphone started talking. */
  speakerStarted(p: ParticipantSession): void {
    if (this.activeSpeaker === p || !p.hasPresence) return;
    this.activeSpeaker = p;
    for (const viewer of this.participants.values()) {
      viewer.connection?.event('active-speaker-changed', { participant: this.view(p, viewer) });
    }
  }

  get activeSpeakerId(): string | undefined {
    return this.activeSpeaker?.id;
  }

  // -------------------------------------------------------------------------
  // Leaving

  /** The socket of `p` dropped: keep `p` for the grace period, then remove it. */
  disconnected(p: ParticipantSession): void {
    p.connection = undefined;
    this.log.info({ participantId: p.id, graceMs: this.deps.resumeGraceMs }, 'participant disconnected; may resume');
    this.graceTimers.set(
      p,
      p.after(this.deps.resumeGraceMs, () => void this.remove(p, 'connection-lost')),
    );
  }

  private readonly graceTimers = new Map<ParticipantSession, NodeJS.Timeout>();

  /** `p` is back on a new socket. */
  resumed(p: ParticipantSession): void {
    p.cancel(this.graceTimers.get(p));
    this.graceTimers.delete(p);
    this.log.info({ participantId: p.id }, 'participant resumed');
  }

  /** Ends `p`'s session: tells it why, closes its socket, removes it. */
  end(p: ParticipantSession, reason: EndReason, message: string): void {
    const conn = p.connection;
    if (conn) {
      conn.event('session-ended', { reason, message });
      conn.participant = undefined;
      conn.room = undefined;
      conn.close(CloseCode.sessionEnded, reason);
    }
    void this.remove(p, END_DETAIL[reason]);
  }

  /** Ends every session (room deleted or expired). */
  endAll(reason: EndReason, message: string): void {
    for (const p of [...this.participants.values()]) this.end(p, reason, message);
  }

  /**
   * The server is stopping: every session ends (`server-shutdown`) and the
   * room's media is freed, but nobody is told that others left and the
   * participants stay on record, so they can resume once the server is back.
   */
  suspendAll(message: string): void {
    for (const p of this.participants.values()) {
      p.left = true;
      p.clearTimers();
      for (const fn of this.leaveHooks.get(p) ?? []) fn();
      const conn = p.connection;
      if (!conn) continue;
      conn.event('session-ended', { reason: 'server-shutdown', message });
      conn.participant = undefined;
      conn.room = undefined;
      conn.close(CloseCode.sessionEnded, 'server-shutdown');
    }
    this.leaveHooks.clear();
    this.graceTimers.clear();
    this.participants.clear();
    this.log.info('room suspended: the server is stopping');
    this.close();
  }

  /** Removes `p` for good and tells the others. */
  async remove(p: ParticipantSession, detail: LeftDetail): Promise<void> {
    if (p.left) return;
    p.left = true;
    p.clearTimers();
    for (const fn of this.leaveHooks.get(p) ?? []) fn();
    this.leaveHooks.delete(p);
    this.graceTimers.delete(p);
    if (p.connection) {
      p.connection.participant = undefined;
      p.connection.room = undefined;
    }
    this.log.info({ participantId: p.id, detail, count: this.participants.size - 1 }, 'participant left');
    if (p.hasPresence) this.broadcastLeft(p, 'leftCall', detail);
    this.participants.delete(p.id);
    this.deps.roster.ended(p.id, detail);
    if (!p.service) this.broadcastCounts();
    if (this.activeSpeaker === p) {
      this.activeSpeaker = undefined;
      for (const viewer of this.participants.values())
        viewer.connection?.event('active-speaker-changed', { participant: null });
    }
    // Service participants do not keep a room open: they leave with the last ordinary one.
    if (![...this.participants.values()].some((o) => !o.service)) {
      void this.transcription.shutDown();
      void this.recordings.shutDown();
      void this.liveStreams.shutDown();
      void this.telephony.shutDown();
    } else if (p.service) {
      void this.transcription.serviceLeft(p.id);
      void this.recordings.serviceLeft(p.id);
      void this.liveStreams.serviceLeft(p.id);
    }
    await this.media.removeParticipant(p);
    if (this.participants.size === 0) this.close();
  }

  /** Frees the room's media and timers (it has no participants left, or the server stops). */
  close(): void {
    this.cancelExpiry?.();
    void this.media.close();
    this.deps.onEmpty(this);
  }

  // -------------------------------------------------------------------------
  // Messages

  /** Relays an app message from `from` (a participant, or `"API"`) to everyone else or to `to`. */
  appMessage(from: ParticipantSession | 'API', data: unknown, to?: string): void {
    const fromId = from === 'API' ? 'API' : from.id;
    if (to !== undefined) {
      const target = this.participants.get(to);
      if (!target)
        throw new SignalingProtocolError('participant-not-found', `no participant ${to} in this room`, 'params.to');
      target.connection?.event('app-message', { data, from: fromId });
      return;
    }
    for (const viewer of this.participants.values()) {
      if (viewer !== from) viewer.connection?.event('app-message', { data, from: fromId });
    }
  }

  /** Sends a Daily Prebuilt chat message (as an app message to everyone else). */
  chatMessage(from: ParticipantSession, message: string, userName: string | undefined): void {
    if (this.record.properties.enable_chat === false) {
      throw new SignalingProtocolError('forbidden', 'chat is disabled in this room (enable_chat is false)');
    }
    const data: ChatMessageData = {
      event: 'chat-msg',
      message,
      name: userName ?? from.userName,
      room: this.name,
      date: new Date().toISOString(),
    };
    this.appMessage(from, data);
  }

  // -------------------------------------------------------------------------
  // Permissions and remote control

  /** Changes `p`'s permissions (already checked) and applies the consequences. */
  setPermissions(p: ParticipantSession, update: Parameters<typeof applyPermissionsUpdate>[1]): void {
    const wasVisible = p.hasPresence;
    p.permissions = applyPermissionsUpdate(p.permissions, update);
    this.identityChanged(p);
    if (wasVisible && !p.hasPresence) {
      for (const viewer of this.participants.values()) {
        if (viewer !== p)
          viewer.connection?.event('participant-left', {
            participant: this.view(p, viewer),
            reason: 'hidden',
            detail: 'became-hidden',
          });
      }
      p.connection?.event('participant-updated', { participant: this.view(p, p) });
      this.broadcastCounts();
    } else if (!wasVisible && p.hasPresence) {
      this.broadcastParticipant('participant-joined', p, p);
      p.connection?.event('participant-updated', { participant: this.view(p, p) });
      this.broadcastCounts();
    } else {
      this.participantUpdated(p);
    }
    this.media.permissionsChanged(p);
  }

  /**
   * `updateRemoteParticipants` from `caller`: every entry is checked first, then
   * all are applied, so a refused entry changes nothing.
   */
  updateRemote(caller: ParticipantSession, updates: Record<string, RemoteParticipantUpdate>): void {
    requireManager(caller, 'updateRemoteParticipants');
    const targets = Object.entries(updates).map(([id, update]) => {
      const field = `params.updates.${id}`;
      const target = this.checkTarget(caller, id, field);
      if (update.permissions?.canAdmin !== undefined && !caller.isOwner) {
        throw new SignalingProtocolError(
          'forbidden',
          'only owners may change canAdmin',
          `${field}.permissions.canAdmin`,
        );
      }
      return { target, update };
    });
    for (const { target, update } of targets) {
      if (update.eject) {
        this.end(target, 'ejected', `ejected by ${caller.id}`);
        continue;
      }
      if (update.inputsEnabled) this.setRemoteInputs(target, update.inputsEnabled);
      if (update.permissions) this.setPermissions(target, update.permissions);
      else if (update.inputsEnabled) this.participantUpdated(target);
    }
  }

  /** `ejectRemoteParticipants` from `caller`. */
  eject(caller: ParticipantSession, ids: string[]): void {
    requireManager(caller, 'ejectRemoteParticipants');
    const targets = ids.map((id, i) => this.checkTarget(caller, id, `params.ids[${i}]`));
    for (const t of targets) this.end(t, 'ejected', `ejected by ${caller.id}`);
  }

  /** Ejects by id from the REST API; unknown ids are skipped. Returns the ids ejected. */
  ejectByApi(ids: string[]): string[] {
    const done: string[] = [];
    for (const id of ids) {
      const p = this.participants.get(id);
      if (!p) continue;
      this.end(p, 'ejected', 'ejected through the REST API');
      done.push(id);
    }
    return done;
  }

  private checkTarget(caller: ParticipantSession, id: string, field: string): ParticipantSession {
    const target = this.participants.get(id);
    if (!target || target.service) {
      throw new SignalingProtocolError('participant-not-found', `no participant ${id} in this room`, field);
    }
    if (target === caller)
      throw new SignalingProtocolError('bad-request', 'this is you: use updatePermissions / leave for yourself', field);
    if (target.isOwner && !caller.isOwner)
      throw new SignalingProtocolError('forbidden', 'only owners may act on an owner', field);
    return target;
  }

  private setRemoteInputs(
    target: ParticipantSession,
    inputs: { camera?: boolean; microphone?: boolean; screenShare?: boolean },
  ): void {
    const apply = (tracks: RemoteMutable[], enabled: boolean | undefined): void => {
      if (enabled === undefined) return;
      for (const t of tracks) {
        if (enabled) target.remoteMuted.delete(t);
        else target.remoteMuted.add(t);
      }
    };
    apply(['microphone'], inputs.microphone);
    apply(['camera'], inputs.camera);
    apply(['screenVideo', 'screenAudio'], inputs.screenShare);
    this.identityChanged(target);
    this.media.remoteMuteChanged(target);
  }
}

function requireManager(caller: ParticipantSession, what: string): void {
  if (!canManageParticipants(caller)) {
    throw new SignalingProtocolError('forbidden', `${what} needs an owner token or canAdmin "participants"`);
  }
}
