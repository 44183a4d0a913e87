/**
 * Transcription of one room: who may start, stop and update it, the status
 * late joiners get, the events every participant gets, and the transcript
 * kept in storage. The speech itself is handled by a
 * {@link TranscriptionService} running as a service participant.
 */
import { randomUUID } from 'node:crypto';
import {
  SignalingProtocolError,
  type SignalingEventName,
  type SignalingEvents,
  type TranscriptionMessage,
  type TranscriptionSettings,
  type TranscriptionStatus,
} from 'daily-node/protocol';
import type { Logger } from '../../log';
import type { ParticipantSession } from '../../rooms/participant-session';
import type { TranscriptStore } from '../../storage/transcript-store';
import type { RunningService, ServiceHost } from '../service-host';
import { UnsupportedSettingError, type AsrEngine } from './asr-engine';
import { TranscriptionService } from './transcription-service';

/** What a room's transcription needs from the server. */
export interface TranscriptionDeps {
  host: ServiceHost;
  engine: AsrEngine;
  transcripts: TranscriptStore;
}

/** The room as the transcription sees it. */
export interface TranscribedRoom {
  readonly name: string;
  readonly roomId: string;
  readonly meetingSessionId: string;
  readonly enabled: boolean;
  readonly log: Logger;
  /** Sends an event to every ordinary participant. */
  broadcast<E extends SignalingEventName>(event: E, data: SignalingEvents[E]): void;
  /** Ids of the ordinary participants (for `transcription-updated` with everyone). */
  participantIds(): string[];
}

interface Running {
  status: TranscriptionStatus;
  service: TranscriptionService;
  participant: RunningService;
}

function requireTranscriptionAdmin(caller: ParticipantSession, what: string): void {
  if (!caller.isOwner && !caller.permissions.canAdmin.includes('transcription')) {
    throw new SignalingProtocolError('forbidden', `${what} needs an owner token or canAdmin "transcription"`);
  }
}

export class RoomTranscription {
  private running: Running | undefined;
  /** A start or stop in progress: others are refused meanwhile. */
  private busy = false;

  constructor(
    private readonly room: TranscribedRoom,
    private readonly deps: TranscriptionDeps,
  ) {}

  /** The running transcription's status (late joiners get it), if any. */
  get status(): TranscriptionStatus | undefined {
    return this.running ? { ...this.running.status } : undefined;
  }

  /** The running service (tests reach its engine processes). */
  get service(): TranscriptionService | undefined {
    return this.running?.service;
  }

  async start(caller: ParticipantSession, settings: TranscriptionSettings = {}): Promise<TranscriptionStatus> {
    requireTranscriptionAdmin(caller, 'startTranscription');
    if (!this.room.enabled) {
      throw new SignalingProtocolError(
        'forbidden',
        `transcription is disabled in room "${this.room.name}" (enable_transcription is not true)`,
      );
    }
    if (this.running || this.busy)
      throw new SignalingProtocolError('bad-request', 'transcription is already running in this room');
    try {
      this.deps.engine.checkSettings(settings);
    } catch (e) {
      if (e instanceof UnsupportedSettingError)
        throw new SignalingProtocolError('bad-request', e.message, `params.${e.field}`);
      throw e;
    }
    this.busy = true;
    try {
      return await this.launch(caller, settings);
    } finally {
      this.busy = false;
    }
  }

  private async launch(caller: ParticipantSession, settings: TranscriptionSettings): Promise<TranscriptionStatus> {
    const { language, model } = this.deps.engine.describe(settings);
    const status: TranscriptionStatus = {
      language,
      model,
      startedBy: caller.id,
      instanceId: randomUUID(),
      transcriptId: randomUUID(),
    };
    const service: TranscriptionService = new TranscriptionService(this.deps.engine, settings, {
      message: (message, userName, endMs) => this.message(status, message, userName, endMs),
      restarting: () => undefined,
      lost: (reason) => void this.fail(service, reason),
    });
    let participant: RunningService;
    try {
      participant = await this.deps.host.start(this.room.name, service);
    } catch (e) {
      this.room.log.error({ err: (e as Error).message }, 'transcription service participant failed to start');
      throw new SignalingProtocolError('internal', `transcription could not start: ${(e as Error).message}`);
    }
    await this.deps.transcripts.create({
      id: status.transcriptId!,
      roomName: this.room.name,
      roomId: this.room.roomId,
      meetingSessionId: this.room.meetingSessionId,
      instanceId: status.instanceId,
      startedAt: Date.now(),
      endedAt: null,
      status: 't_in_progress',
      error: null,
    });
    this.running = { status, service, participant };
    this.room.log.info({ instanceId: status.instanceId, engine: this.deps.engine.name }, 'transcription started');
    this.room.broadcast('transcription-started', { status: { ...status } });
    return { ...status };
  }

  async stop(caller: ParticipantSession): Promise<void> {
    requireTranscriptionAdmin(caller, 'stopTranscription');
    if (!this.running) throw new SignalingProtocolError('bad-request', 'transcription is not running in this room');
    await this.end(caller.id, null);
  }

  update(caller: ParticipantSession, participants: string[] | null | undefined, instanceId: string | undefined): void {
    requireTranscriptionAdmin(caller, 'updateTranscription');
    const running = this.running;
    if (!running) throw new SignalingProtocolError('bad-request', 'transcription is not running in this room');
    if (instanceId !== undefined && instanceId !== running.status.instanceId) {
      throw new SignalingProtocolError(
        'bad-request',
        `no transcription with instanceId ${instanceId} in this room`,
        'params.instanceId',
      );
    }
    const only = participants ?? null;
    running.service.setParticipants(only);
    this.room.broadcast('transcription-updated', {
      update: {
        participants: only ?? this.room.participantIds(),
        instanceId: running.status.instanceId,
        updatedBy: caller.id,
      },
    });
  }

  /** The last ordinary participant left, or the room closes: stop without telling anyone. */
  async shutDown(): Promise<void> {
    if (this.running) await this.end(null, null, false);
  }

  /** A service participant left the call; if it was the transcriber, the transcription cannot go on. */
  async serviceLeft(participantId: string): Promise<void> {
    const running = this.running;
    if (running?.participant.call.participantId !== participantId) return;
    this.room.log.error({ participantId }, 'the transcriber left the call');
    this.room.broadcast('transcription-error', { message: 'the transcriber left the call' });
    await this.end(null, 'the transcriber left the call');
  }

  private message(
    status: TranscriptionStatus,
    message: TranscriptionMessage,
    userName: string,
    endMs: number | null,
  ): void {
    if (this.running?.status !== status) return;
    this.room.broadcast('transcription-message', { message });
    const startMs = Date.parse(message.timestamp);
    void this.deps.transcripts
      .addLine(status.transcriptId!, {
        participantId: message.participantId,
        userName,
        text: message.text,
        startMs,
        endMs,
      })
      .catch((e: Error) => this.room.log.warn({ err: e.message }, 'keeping a transcript line failed'));
  }

  private async fail(service: TranscriptionService, reason: string): Promise<void> {
    if (this.running?.service !== service) return;
    this.room.log.error({ reason }, 'transcription failed');
    this.room.broadcast('transcription-error', { message: reason });
    await this.end(null, reason);
  }

  private async end(stoppedBy: string | null, error: string | null, announce = true): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    await running.participant.stop();
    await this.deps.transcripts
      .end(running.status.transcriptId!, Date.now(), error ? 't_error' : 't_finished', error)
      .catch((e: Error) => this.room.log.warn({ err: e.message }, 'ending a transcript failed'));
    this.room.log.info({ instanceId: running.status.instanceId, stoppedBy, error }, 'transcription stopped');
    if (announce) this.room.broadcast('transcription-stopped', { stoppedBy, stoppedByError: error !== null });
  }
}
