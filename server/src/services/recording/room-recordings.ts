/**
 * The recordings of one room, keyed by streamId: who may start, stop and
 * update them, the statuses late joiners get, the events every participant
 * gets, maxDuration, and the kept record. Each recording is a
 * {@link RecordingService} running as its own service participant.
 */
import { randomUUID } from 'node:crypto';
import {
  SignalingProtocolError,
  type RecordingStatus,
  type SignalingEventName,
  type SignalingEvents,
  type StreamingLayout,
  type StreamingSettings,
  streamingSettings as streamingSettingsValidator,
} from 'daily-node/protocol';
import type { Logger } from '../../log';
import type { ParticipantSession } from '../../rooms/participant-session';
import type { RecordingMode } from '../../rooms/room-properties';
import type { RecordingStore } from '../../storage/recording-store';
import type { RunningService, ServiceHost } from '../service-host';
import { RawTracksService } from './raw-tracks-service';
import { RecordingService, type RecordingSink } from './recording-service';
import { checkNewInstance, pickInstance, requireStreamingAdmin } from './stream-instances';
import {
  checkLayoutChange,
  DEFAULT_MAX_DURATION_S,
  recordingType,
  resolveRecording,
  type ResolvedRecording,
} from './recording-settings';

export interface RecordingDeps {
  host: ServiceHost;
  recordings: RecordingStore;
}

/** The room as its recordings see it. */
export interface RecordedRoom {
  readonly name: string;
  readonly enableRecording: RecordingMode | false | undefined;
  readonly log: Logger;
  /** Sends an event to every ordinary participant. */
  broadcast<E extends SignalingEventName>(event: E, data: SignalingEvents[E]): void;
}

export interface StartRecordingRequest {
  streamingSettings?: StreamingSettings;
  streamId?: string;
  forceNew?: boolean;
}

interface Recording {
  status: RecordingStatus;
  /** null: raw-tracks (no composite, no layout). */
  resolved: ResolvedRecording | null;
  service: RecordingService | RawTracksService;
  participant: RunningService | undefined;
  /** Armed once the recorder runs: a slow start must not eat into the recording's time. */
  maxDuration: NodeJS.Timeout | undefined;
  ending: boolean;
  /**
   * An end (maxDuration, the room emptying, a stop, a failure) came while the
   * recorder was starting: carried out once it runs, with the failure's message.
   */
  endRequested: { error: string | null } | undefined;
}

export class RoomRecordings {
  private readonly running = new Map<string, Recording>();

  constructor(
    private readonly room: RecordedRoom,
    private readonly deps: RecordingDeps,
  ) {}

  /** The running recordings' statuses (late joiners get them). */
  get statuses(): RecordingStatus[] {
    return [...this.running.values()].filter((r) => r.participant).map((r) => structuredClone(r.status));
  }

  /** A running composite recording's service (tests reach its encoder). */
  service(streamId: string): RecordingService | undefined {
    const s = this.running.get(streamId)?.service;
    return s instanceof RecordingService ? s : undefined;
  }

  /** A running raw-tracks recording's service (tests). */
  rawTracks(streamId: string): RawTracksService | undefined {
    const s = this.running.get(streamId)?.service;
    return s instanceof RawTracksService ? s : undefined;
  }

  /**
   * A token with `start_cloud_recording` joined: the token (minted with the
   * API key) is the permission. Nothing happens when one is already running.
   */
  startFromToken(p: ParticipantSession): void {
    if (this.running.size > 0) return;
    let streamingSettings: StreamingSettings | undefined;
    try {
      const opts = p.token?.start_cloud_recording_opts;
      if (opts) streamingSettings = streamingSettingsValidator(opts, 'start_cloud_recording_opts');
    } catch (e) {
      this.room.log.warn({ err: (e as Error).message }, 'start_cloud_recording_opts refused; using the defaults');
    }
    this.start(p, { ...(streamingSettings ? { streamingSettings } : {}) }, false).catch((e: Error) =>
      this.room.log.warn({ participantId: p.id, err: e.message }, 'start_cloud_recording failed'),
    );
  }

  async start(caller: ParticipantSession, req: StartRecordingRequest, checkAdmin = true): Promise<RecordingStatus> {
    if (checkAdmin) requireStreamingAdmin(caller, 'startRecording');
    const type = recordingType(this.room.enableRecording, this.room.name);
    checkNewInstance(this.running, req.streamId, req.forceNew, 'recording');
    const resolved = type === 'raw-tracks' ? null : resolveRecording(type, req.streamingSettings);
    const streamId = req.streamId ?? randomUUID();
    const status: RecordingStatus = {
      recordingId: randomUUID(),
      streamId,
      startedBy: caller.id,
      layout: resolved?.layout ?? { preset: 'default' },
    };
    const extension = resolved === null ? null : resolved.video ? 'mp4' : 'm4a';
    const path = this.deps.recordings.localPath({ id: status.recordingId, extension });
    const service = this.makeService(streamId, resolved, path);
    const maxDurationS = resolved?.maxDurationS ?? req.streamingSettings?.maxDuration ?? DEFAULT_MAX_DURATION_S;
    const recording: Recording = {
      status,
      resolved,
      service,
      participant: undefined,
      maxDuration: undefined,
      ending: false,
      endRequested: undefined,
    };
    // Reserved before the await: a second start meanwhile sees it.
    this.running.set(streamId, recording);
    try {
      recording.participant = await this.deps.host.start(this.room.name, service);
      recording.maxDuration = setTimeout(() => void this.end(streamId, null), maxDurationS * 1000);
    } catch (e) {
      this.running.delete(streamId);
      this.room.log.error({ err: (e as Error).message }, 'recording service participant failed to start');
      throw new SignalingProtocolError('internal', `recording could not start: ${(e as Error).message}`);
    }
    await this.deps.recordings.create({
      id: status.recordingId,
      roomName: this.room.name,
      streamId,
      type: resolved?.type ?? 'raw-tracks',
      startedAt: Date.now(),
      endedAt: null,
      status: 'in-progress',
      error: null,
      extension,
    });
    this.room.log.info({ streamId, recordingId: status.recordingId, type }, 'recording started');
    this.room.broadcast('recording-started', { status: structuredClone(status) });
    if (recording.endRequested) void this.end(streamId, recording.endRequested.error);
    return structuredClone(status);
  }

  async stop(caller: ParticipantSession, streamId: string | undefined): Promise<void> {
    requireStreamingAdmin(caller, 'stopRecording');
    await this.end(this.pick(streamId).status.streamId, null);
  }

  update(caller: ParticipantSession, layout: StreamingLayout, streamId: string | undefined): void {
    requireStreamingAdmin(caller, 'updateRecording');
    const recording = this.pick(streamId);
    checkLayoutChange(recording.resolved, layout);
    recording.status.layout = layout;
    // checkLayoutChange refused raw-tracks, the only service without a layout.
    if (recording.service instanceof RecordingService) recording.service.setLayout(layout);
    this.room.log.info({ streamId: recording.status.streamId, layout }, 'recording layout changed');
  }

  /** The last ordinary participant left, or the server stops: every recording ends and keeps its file. */
  async shutDown(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.end(id, null)));
  }

  /** A service participant left the call; if it was a recorder, its recording cannot go on. */
  async serviceLeft(participantId: string): Promise<void> {
    for (const r of this.running.values()) {
      if (r.participant?.call.participantId === participantId)
        await this.fail(r.status.streamId, r.service, 'the recorder left the call');
    }
  }

  /** The service participant that records: a composite, or one file per track. */
  private makeService(
    streamId: string,
    resolved: ResolvedRecording | null,
    path: string,
  ): RecordingService | RawTracksService {
    const sink: RecordingSink = {
      failed: (reason) => void this.fail(streamId, service, reason),
      // Daily has no recording warning event: the server's log says it; the file stays in time.
      fallingBehind: (message) => this.room.log.warn({ streamId, message }, 'recording falling behind'),
    };
    const service = resolved
      ? new RecordingService(
          'recording',
          resolved.layout,
          { video: resolved.video, audioBitrateKbps: resolved.audioBitrateKbps, path },
          sink,
        )
      : new RawTracksService(path, sink);
    return service;
  }

  private pick(streamId: string | undefined): Recording {
    return pickInstance(this.running, streamId, 'recording');
  }

  private async fail(streamId: string, service: Recording['service'], reason: string): Promise<void> {
    const r = this.running.get(streamId);
    if (r?.service !== service || r.ending) return;
    this.room.log.error({ streamId, reason }, 'recording failed');
    this.room.broadcast('recording-error', { streamId, message: reason });
    await this.end(streamId, reason);
  }

  private async end(streamId: string, error: string | null): Promise<void> {
    const r = this.running.get(streamId);
    if (!r || r.ending) return;
    if (!r.participant) {
      if (!r.endRequested?.error) r.endRequested = { error }; // a failure outranks a plain end
      return;
    }
    r.ending = true;
    clearTimeout(r.maxDuration);
    await r.participant.stop();
    this.running.delete(streamId);
    await this.deps.recordings
      .end(r.status.recordingId, Date.now(), error)
      .catch((e: Error) => this.room.log.warn({ err: e.message }, 'ending a recording record failed'));
    this.room.log.info({ streamId, error }, 'recording stopped');
    this.room.broadcast('recording-stopped', { streamId });
  }
}
