/**
 * Applies what the meeting server says about the call to a CallClient's
 * cache, then tells the user: the cache is always updated before the event
 * fires, so a getter called from a handler already sees the change
 * (daily-python's rule).
 * @internal
 * @module
 */
import type { AnySignalingEvent, JoinResult } from '../signaling/messages';
import type { AudioFrameStream } from './audio-frame-stream';
import type { CallCache } from './call-cache';
import type { EventDispatcher } from './event-dispatcher';
import type { MediaSession } from './media/media-session';

export class ServerEventApplier {
  /** The running transcription this client was told of (so a resume announces only changes). */
  private transcriptionId: string | undefined;

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
          void this.media.syncPublisher().catch((err: Error) => this.dispatcher.dispatch('error', `publishing failed: ${err.message}`));
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
        this.dispatcher.dispatch('active-speaker-changed', e.data.participant ? structuredClone(e.data.participant) : null);
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
      case 'transcription-error':
        this.dispatcher.dispatch('transcription-error', e.data.message);
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
      else if (JSON.stringify(old) !== JSON.stringify(p)) this.dispatcher.dispatch('participant-updated', structuredClone(p));
    }
    const local = this.cache.localParticipant;
    if (local && JSON.stringify(local) !== JSON.stringify(localBefore)) this.dispatcher.dispatch('participant-updated', structuredClone(local));
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

  /** A participant is gone: its renderers and frame streams end with it. */
  private forget(participantId: string): void {
    this.cache.removeParticipant(participantId);
    this.media.renderers.deleteParticipant(participantId);
    for (const s of [...this.audioStreams]) if (s.participantId === participantId) s.end();
  }
}
