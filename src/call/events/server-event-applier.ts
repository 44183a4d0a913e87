/**
 * Applies what the meeting server says about the call to a CallClient's
 * cache, then tells the user: the cache is always updated before the event
 * fires, so a getter called from a handler already sees the change
 * (daily-python's rule).
 * @internal
 * @module
 */
import type { AnySignalingEvent, JoinResult } from '../../signaling/messages';
import type { AudioFrameStream } from '../renderers/audio-frame-stream';
import type { CallCache } from '../state/call-cache';
import type { EventDispatcher } from './event-dispatcher';
import type { MediaSession } from '../sfu-media/media-session';
import { reportPublishFailure } from './publish-failure';

export class ServerEventApplier {
  /** The running transcription this client was told of (so a resume announces only changes). */
  private transcriptionId: string | undefined;
  /** Stream ids of the running recordings this client was told of. */
  private readonly recordings = new Set<string>();
  /** Stream ids of the running live streams this client was told of. */
  private readonly liveStreams = new Set<string>();

  constructor(
    private readonly cache: CallCache,
    private readonly dispatcher: EventDispatcher,
    private readonly media: MediaSession,
    private readonly audioStreams: Set<AudioFrameStream>,
  ) {}

  /** One event of the server. */
  apply(e: AnySignalingEvent): void {
    switch (e.event) {
      case 'participant-joined':
        this.cache.putParticipant(e.data.participant);
        this.dispatcher.dispatch('participant-joined', structuredClone(e.data.participant));
        return;
      case 'participant-updated': {
        const p = e.data.participant;
        const old = this.cache.putParticipant(p);
        if (p.info.isLocal && old && JSON.stringify(old.info.permissions) !== JSON.stringify(p.info.permissions)) {
          // canSend / hasPresence decide what may be published.
          void this.media.syncPublisher().catch((err: Error) => reportPublishFailure(this.dispatcher, err));
        }
        this.dispatcher.dispatch('participant-updated', structuredClone(p));
        return;
      }
      case 'participant-left': {
        const p = e.data.participant;
        this.forget(p.id);
        this.dispatcher.dispatch('participant-left', structuredClone(p), e.data.reason, e.data.detail);
        return;
      }
      case 'participant-counts-updated':
        this.cache.counts = { ...e.data.counts };
        this.dispatcher.dispatch('participant-counts-updated', { ...e.data.counts });
        return;
      case 'active-speaker-changed':
        this.cache.activeSpeaker = e.data.participant;
        this.dispatcher.dispatch(
          'active-speaker-changed',
          e.data.participant ? structuredClone(e.data.participant) : null,
        );
        return;
      case 'app-message':
        this.dispatcher.dispatch('app-message', e.data.data, e.data.from);
        return;
      case 'subscriber-offer':
        this.media.handleOffer(e.data);
        return;
      case 'media-reset':
        void this.media.mediaReset(e.data.message);
        return;
      case 'error':
        this.dispatcher.dispatch('error', `the server reported: ${e.data.message}`);
        return;
      case 'transcription-started':
        this.transcriptionId = e.data.status.instanceId;
        this.dispatcher.dispatch('transcription-started', { ...e.data.status });
        return;
      case 'transcription-message':
        this.dispatcher.dispatch('transcription-message', structuredClone(e.data.message));
        return;
      case 'transcription-updated':
        this.dispatcher.dispatch('transcription-updated', structuredClone(e.data.update));
        return;
      case 'transcription-stopped':
        this.transcriptionId = undefined;
        this.dispatcher.dispatch('transcription-stopped', e.data.stoppedBy, e.data.stoppedByError);
        return;
      case 'recording-started':
        this.recordings.add(e.data.status.streamId);
        this.dispatcher.dispatch('recording-started', structuredClone(e.data.status));
        return;
      case 'recording-stopped':
        this.recordings.delete(e.data.streamId);
        this.dispatcher.dispatch('recording-stopped', e.data.streamId);
        return;
      case 'recording-error':
        this.dispatcher.dispatch('recording-error', e.data.streamId, e.data.message);
        return;
      case 'live-stream-started':
        this.liveStreams.add(e.data.status.streamId);
        this.dispatcher.dispatch('live-stream-started', structuredClone(e.data.status));
        return;
      case 'live-stream-updated':
        this.dispatcher.dispatch('live-stream-updated', structuredClone(e.data.update));
        return;
      case 'live-stream-stopped':
        this.liveStreams.delete(e.data.streamId);
        this.dispatcher.dispatch('live-stream-stopped', e.data.streamId);
        return;
      case 'live-stream-warning':
        this.dispatcher.dispatch('live-stream-warning', e.data.streamId, e.data.message);
        return;
      case 'live-stream-error':
        this.dispatcher.dispatch('live-stream-error', e.data.streamId, e.data.message);
        return;
      case 'transcription-error':
        this.dispatcher.dispatch('transcription-error', e.data.message);
        return;
      case 'dialout-connected':
      case 'dialout-answered':
      case 'dialout-stopped':
      case 'dialout-error':
      case 'dialout-warning':
      case 'dialin-connected':
      case 'dialin-stopped':
      case 'dialin-error':
      case 'dialin-warning':
      case 'dtmf-event':
        this.dispatcher.dispatch(e.event, structuredClone(e.data) as never);
        return;
      case 'dialin-ready':
        this.dispatcher.dispatch('dialin-ready', e.data.sipEndpoint);
        return;
      case 'session-ended':
        return; // the signaling session ends the call
    }
  }

  /**
   * Takes the whole state of a join or a resume. With `announce` (a resume),
   * tells what changed while the connection was away as ordinary
   * participant events.
   */
  takeSnapshot(result: JoinResult, announce: boolean): void {
    const before = new Map(this.cache.remoteParticipants().map((p) => [p.id, p]));
    const localBefore = this.cache.localParticipant;
    const countsBefore = this.cache.counts;
    this.cache.resetParticipants(result.joinData.participants);
    this.cache.counts = result.counts;
    this.cache.activeSpeaker = result.activeSpeakerId ? (this.cache.participant(result.activeSpeakerId) ?? null) : null;
    this.cache.room = result.room;
    this.cache.meetingSessionId = result.joinData.meetingSession.id;
    this.announceTranscription(result, announce);
    this.announceRecordings(result, announce);
    if (!announce) return;
    const now = new Map(this.cache.remoteParticipants().map((p) => [p.id, p]));
    for (const [id, p] of before) {
      if (now.has(id)) continue;
      this.forget(id);
      this.dispatcher.dispatch('participant-left', structuredClone(p), 'leftCall', 'connection-lost');
    }
    for (const [id, p] of now) {
      const old = before.get(id);
      if (!old) this.dispatcher.dispatch('participant-joined', structuredClone(p));
      else if (JSON.stringify(old) !== JSON.stringify(p))
        this.dispatcher.dispatch('participant-updated', structuredClone(p));
    }
    const local = this.cache.localParticipant;
    if (local && JSON.stringify(local) !== JSON.stringify(localBefore))
      this.dispatcher.dispatch('participant-updated', structuredClone(local));
    if (countsBefore.present !== result.counts.present || countsBefore.hidden !== result.counts.hidden) {
      this.dispatcher.dispatch('participant-counts-updated', { ...result.counts });
    }
  }

  /**
   * As daily-python: joining a call being transcribed emits `transcription-started`.
   * After a resume, only a change does: one started or stopped while away.
   */
  private announceTranscription(result: JoinResult, resumed: boolean): void {
    const known = resumed ? this.transcriptionId : undefined;
    const now = result.transcription;
    this.transcriptionId = now?.instanceId;
    if (now && now.instanceId !== known) this.dispatcher.dispatch('transcription-started', { ...now });
    else if (!now && known) this.dispatcher.dispatch('transcription-stopped', null, false);
  }

  /**
   * As daily-python: joining a call being recorded or streamed emits
   * `recording-started` / `live-stream-started`; a resume, only changes.
   */
  private announceRecordings(result: JoinResult, resumed: boolean): void {
    const recordings = this.differences(this.recordings, result.recordings ?? [], resumed);
    for (const status of recordings.started) this.dispatcher.dispatch('recording-started', structuredClone(status));
    for (const streamId of recordings.stopped) this.dispatcher.dispatch('recording-stopped', streamId);
    const live = this.differences(this.liveStreams, result.liveStreams ?? [], resumed);
    for (const status of live.started) this.dispatcher.dispatch('live-stream-started', structuredClone(status));
    for (const streamId of live.stopped) this.dispatcher.dispatch('live-stream-stopped', streamId);
  }

  /** Updates `known` to `now`; what started and stopped since (everything running counts as started on a join). */
  private differences<S extends { streamId: string }>(
    known: Set<string>,
    now: S[],
    resumed: boolean,
  ): { started: S[]; stopped: string[] } {
    const before = resumed ? new Set(known) : new Set<string>();
    known.clear();
    const started: S[] = [];
    for (const status of now) {
      known.add(status.streamId);
      if (!before.delete(status.streamId)) started.push(status);
    }
    return { started, stopped: [...before] };
  }

  /** A participant is gone: its renderers and frame streams end with it. */
  private forget(participantId: string): void {
    this.cache.removeParticipant(participantId);
    this.media.renderers.deleteParticipant(participantId);
    for (const s of [...this.audioStreams]) if (s.participantId === participantId) s.end();
  }
}
