/**
 * One call in the page: the signaling session, the send and receive
 * connections, the participants as the server reports them, and the actions
 * of the controls, people list and chat. The view is re-rendered from this
 * state after every change.
 */
import type {
  AnySignalingEvent,
  JoinResult,
  Participant,
  RemoteParticipantUpdate,
  RoomInfo,
  SignalingMethod,
  SignalingParams,
} from '../../../src/signaling/protocol';
import { CallView, type CallSnapshot } from './call-view';
import { isChatMessage } from './chat';
import { reasonForJoinError, reasonForSessionEnd, showEndPage, type EndReason } from './error-page';
import type { LocalMedia } from './local-media';
import { setLocalParticipantId, setPageState } from './page-state';
import { Publisher, type WantedTrack } from './publisher';
import { SerialQueue } from '../../../src/async/serial-queue';
import { isPhoneParticipant } from './phone-participant';
import { RequestError } from './signaling-socket';
import { SignalingSession } from './signaling-session';
import { Subscriber, type RemoteTrack } from './subscriber';

/** The page receives every track of everyone. */
const ALL = { '*': { subscribed: true } };

export class Call {
  private readonly session: SignalingSession;
  private readonly publisher: Publisher;
  private readonly subscriber: Subscriber;
  private readonly sendQueue = new SerialQueue();
  private readonly receiveQueue = new SerialQueue();
  private readonly participants = new Map<string, Participant>();
  /** Who left, for naming their last caption (the ASR engine finishes after they leave). */
  private readonly departed = new Map<string, Participant>();
  private localId: string | undefined;
  private activeSpeakerId: string | null = null;
  private remoteTracks: RemoteTrack[] = [];
  private room: RoomInfo | undefined;
  private screen: MediaStream | undefined;
  private view: CallView | undefined;
  private over = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly media: LocalMedia,
    private readonly roomName: string,
    private readonly token: string | undefined,
    private userName: string,
  ) {
    this.session = new SignalingSession(roomName, () => this.joinParams(), {
      event: (e) => this.onEvent(e),
      interrupted: () => this.view?.reconnecting(true),
      restored: (result, rejoined) => void this.onRestored(result, rejoined),
      ended: (reason, message) => this.end(reasonForSessionEnd(reason), message),
    });
    const request = this.session.request.bind(this.session);
    this.publisher = new Publisher(request);
    this.subscriber = new Subscriber(request, (tracks) => {
      this.remoteTracks = tracks;
      this.render();
    });
  }

  /** Joins; on refusal shows the page for the reason. */
  async join(): Promise<void> {
    setPageState('joining');
    await this.media.ready;
    try {
      await this.session.join((result) => this.onJoined(result));
    } catch (err) {
      const code = err instanceof RequestError ? err.code : 'internal';
      this.end(reasonForJoinError(code), (err as Error).message);
      return;
    }
    await this.subscribeAll();
    await this.syncPublisher();
  }

  /** As the SDK does after joining: the server offers what is already being sent once asked. */
  private subscribeAll(): Promise<void> {
    return this.request('updateSubscriptions', { defaults: ALL });
  }

  private joinParams(): { token?: string; userName?: string; subscriptions: Record<string, { subscribed: boolean }> } {
    return {
      ...(this.token ? { token: this.token } : {}),
      ...(this.userName ? { userName: this.userName } : {}),
      subscriptions: ALL,
    };
  }

  private onJoined(result: JoinResult): void {
    this.room = result.room;
    if (result.room.startAudioOff) this.media.setMicOn(false);
    if (result.room.startVideoOff) this.media.setCameraOn(false);
    this.applySnapshot(result);
    this.view = new CallView(this.root, this.roomName, {
      toggleMic: () => this.toggleMic(),
      toggleCamera: () => this.toggleCamera(),
      toggleScreen: () => void this.toggleScreen(),
      togglePeople: () => undefined,
      toggleChat: () => undefined,
      leave: () => void this.leave(),
      sendChat: (text) => void this.sendChat(text),
      mute: (id) => void this.admin(id, { inputsEnabled: { microphone: false } }),
      setCanSend: (id, allow) => void this.admin(id, { permissions: { canSend: allow } }),
      eject: (id) => void this.request('ejectRemoteParticipants', { ids: [id] }),
    });
    this.view.network.start(() => [this.publisher.connection, this.subscriber.connection]);
    this.showTranscription(result);
    this.showStreaming(result);
    setPageState('in-call');
    document.title = `${this.roomName} · daily-node call`;
    this.render();
  }

  private applySnapshot(result: JoinResult): void {
    const { local, ...others } = result.joinData.participants;
    this.participants.clear();
    this.localId = result.participantId;
    this.participants.set(local.id, local);
    for (const p of Object.values(others)) this.participants.set(p.id, p);
    this.activeSpeakerId = result.activeSpeakerId;
    this.userName = local.info.userName;
    setLocalParticipantId(result.participantId);
  }

  private onEvent(e: AnySignalingEvent): void {
    switch (e.event) {
      case 'participant-joined':
      case 'participant-updated':
        this.participantChanged(e.data.participant);
        break;
      case 'participant-left':
        this.departed.set(e.data.participant.id, e.data.participant);
        this.participants.delete(e.data.participant.id);
        break;
      case 'active-speaker-changed':
        this.activeSpeakerId = e.data.participant?.id ?? null;
        break;
      case 'app-message':
        if (isChatMessage(e.data.data)) {
          const d = e.data.data;
          this.view?.chatMessage(
            typeof d.name === 'string' ? d.name : '',
            d.message,
            typeof d.date === 'string' ? d.date : undefined,
            false,
          );
        }
        return;
      case 'recording-started':
        this.view?.recording.started(e.data.status.streamId);
        return;
      case 'recording-stopped':
        this.view?.recording.stopped(e.data.streamId);
        return;
      case 'live-stream-started':
        this.view?.live.started(e.data.status.streamId);
        return;
      case 'live-stream-stopped':
        this.view?.live.stopped(e.data.streamId);
        return;
      case 'transcription-started':
        this.view?.captions.start();
        return;
      case 'transcription-message':
        this.view?.captions.add(this.speakerName(e.data.message.participantId), e.data.message.text);
        return;
      case 'transcription-stopped':
        this.view?.captions.stop();
        return;
      case 'subscriber-offer':
        void this.receiveQueue
          .run(() => this.subscriber.handleOffer(e.data))
          .catch((err: Error) => console.error(`receiving media failed: ${err.message}`));
        return;
      case 'media-reset':
        void this.restartMedia();
        return;
      default:
        return;
    }
    this.render();
  }

  /** A late joiner (or a resumed page) learns of a running transcription from the join result. */
  private showTranscription(result: JoinResult): void {
    if (result.transcription) this.view?.captions.start();
    else this.view?.captions.stop();
  }

  /** A late joiner (or a resumed page) learns of running recordings and live streams from the join result. */
  private showStreaming(result: JoinResult): void {
    this.view?.recording.reset((result.recordings ?? []).map((r) => r.streamId));
    this.view?.live.reset((result.liveStreams ?? []).map((s) => s.streamId));
  }

  /** The caption's speaker as people know them; someone who already left is still named if we knew them. */
  private speakerName(participantId: string): string {
    const p = this.participants.get(participantId) ?? this.departed.get(participantId);
    return p?.info.userName || 'Guest';
  }

  private participantChanged(p: Participant): void {
    const before = this.participants.get(p.id);
    this.participants.set(p.id, p);
    if (p.id !== this.localId) return;
    // An owner muted us: the microphone is off until we unmute it ourselves.
    if (p.media.microphone.offReasons.includes('remoteMute') && this.media.micOn) this.setMic(false);
    if (JSON.stringify(before?.info.permissions.canSend) !== JSON.stringify(p.info.permissions.canSend))
      void this.syncPublisher();
  }

  private async onRestored(result: JoinResult, rejoined: boolean): Promise<void> {
    this.applySnapshot(result);
    this.view?.reconnecting(false);
    this.showTranscription(result);
    this.showStreaming(result);
    this.render();
    if (rejoined || result.serverRestarted) {
      await this.subscribeAll();
      await this.restartMedia();
    } else {
      // A change asked for while the socket was down failed (and dropped the send connection): apply it now.
      await this.syncPublisher();
    }
  }

  /** Both connections start over (SFU restarted, server restarted, joined again). */
  private async restartMedia(): Promise<void> {
    this.receiveQueue.run(async () => this.subscriber.drop()).catch(() => undefined);
    this.publisher.drop();
    await this.syncPublisher();
  }

  private wantedTracks(): WantedTrack[] {
    const canSend = this.participants.get(this.localId ?? '')?.info.permissions.canSend ?? [];
    const wanted: WantedTrack[] = [];
    const add = (
      name: 'microphone' | 'camera' | 'screenVideo' | 'screenAudio',
      track: MediaStreamTrack | undefined,
      enabled: boolean,
    ): void => {
      if (track && track.readyState === 'live' && canSend.includes(name)) wanted.push({ name, track, enabled });
    };
    add('microphone', this.media.microphone, this.media.micOn);
    add('camera', this.media.camera, this.media.cameraOn);
    add('screenVideo', this.screen?.getVideoTracks()[0], true);
    add('screenAudio', this.screen?.getAudioTracks()[0], true);
    return wanted;
  }

  /**
   * Publishes what is wanted now. While the SFU restarts the server answers
   * `media-unavailable`; that is retried (backing off to 2 s, for up to 30 s).
   */
  private syncPublisher(): Promise<void> {
    return this.sendQueue
      .run(async () => {
        const giveUpAt = Date.now() + 30_000;
        for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
          if (this.over) return;
          try {
            return await this.publisher.sync(this.wantedTracks());
          } catch (err) {
            if (!(err instanceof RequestError) || err.code !== 'media-unavailable' || Date.now() > giveUpAt) throw err;
          }
          await new Promise((r) => window.setTimeout(r, delay));
        }
      })
      .catch((err: Error) => console.error(`publishing failed: ${err.message}`));
  }

  private setMic(on: boolean): void {
    this.media.setMicOn(on);
    void this.syncPublisher();
    this.render();
  }

  private toggleMic(): void {
    this.setMic(!this.media.micOn);
  }

  private toggleCamera(): void {
    this.media.setCameraOn(!this.media.cameraOn);
    void this.syncPublisher();
    this.render();
  }

  private async toggleScreen(): Promise<void> {
    if (this.screen) {
      this.stopScreen();
      return;
    }
    try {
      this.screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
    } catch (err) {
      console.warn(`screen sharing was not started: ${(err as Error).message}`);
      return;
    }
    // The browser's own "Stop sharing" ends the track.
    this.screen.getVideoTracks()[0]?.addEventListener('ended', () => this.stopScreen());
    void this.syncPublisher();
    this.render();
  }

  private stopScreen(): void {
    this.screen?.getTracks().forEach((t) => t.stop());
    this.screen = undefined;
    void this.syncPublisher();
    this.render();
  }

  private async sendChat(text: string): Promise<void> {
    this.view?.chatMessage(this.userName, text, new Date().toISOString(), true);
    await this.request('sendChatMessage', { message: text, ...(this.userName ? { userName: this.userName } : {}) });
  }

  private admin(id: string, update: RemoteParticipantUpdate): Promise<void> {
    return this.request('updateRemoteParticipants', { updates: { [id]: update } });
  }

  /** An action request; a refusal is logged (the people list shows the outcome through events). */
  private async request<M extends SignalingMethod>(method: M, params: SignalingParams<M>): Promise<void> {
    try {
      await this.session.request(method, params);
    } catch (err) {
      console.error(`${method} failed: ${(err as Error).message}`);
    }
  }

  /** Leaves the call and shows the "left" page. */
  async leave(): Promise<void> {
    if (this.over) return;
    await this.publisher.unpublish();
    await this.session.leave();
    this.end('left');
  }

  private end(reason: EndReason, detail?: string): void {
    this.over = true;
    this.publisher.drop();
    this.subscriber.drop();
    this.screen?.getTracks().forEach((t) => t.stop());
    this.media.stop();
    this.view?.stop();
    setLocalParticipantId(null);
    showEndPage(this.root, reason, reason === 'left' ? undefined : detail);
  }

  private render(): void {
    if (!this.view || this.over) return;
    this.view.render(this.snapshot());
  }

  private snapshot(): CallSnapshot {
    const local = this.participants.get(this.localId ?? '');
    const remotes = [...this.participants.values()].filter((p) => p.id !== this.localId);
    const remote = (pid: string, name: string): MediaStreamTrack | undefined =>
      this.remoteTracks.find((t) => t.participantId === pid && t.name === name)?.track;
    const on = (p: Participant, name: 'camera' | 'screenVideo'): boolean => p.media[name].state !== 'off';
    const tiles = [
      ...(local
        ? [
            {
              id: local.id,
              name: local.info.userName,
              local: true,
              camera: this.media.cameraOn ? this.media.camera : undefined,
              speaking: this.activeSpeakerId === local.id,
              micOff: !this.media.micOn,
              phone: false,
            },
          ]
        : []),
      ...remotes.map((p) => ({
        id: p.id,
        name: p.info.userName,
        local: false,
        camera: on(p, 'camera') ? remote(p.id, 'camera') : undefined,
        speaking: this.activeSpeakerId === p.id,
        micOff: p.media.microphone.state === 'off',
        phone: isPhoneParticipant(p.info.userId),
      })),
    ];
    const screens = remotes.flatMap((p) => {
      const track = on(p, 'screenVideo') ? remote(p.id, 'screenVideo') : undefined;
      return track ? [{ participantId: p.id, name: p.info.userName, track }] : [];
    });
    const ownScreen = this.screen?.getVideoTracks()[0];
    if (local && ownScreen) screens.unshift({ participantId: local.id, name: local.info.userName, track: ownScreen });
    const microphones = new Map<string, MediaStreamTrack>();
    if (local && this.media.microphone) microphones.set(local.id, this.media.microphone);
    for (const p of remotes) {
      const mic = remote(p.id, 'microphone');
      if (mic) microphones.set(p.id, mic);
    }
    const perms = local?.info.permissions;
    return {
      tiles,
      screens,
      people: local ? [local, ...remotes] : remotes,
      localId: this.localId,
      admin: Boolean(local?.info.isOwner || perms?.canAdmin.includes('participants')),
      microphones,
      remoteTracks: this.remoteTracks,
      controls: {
        micOn: this.media.micOn && Boolean(this.media.microphone),
        cameraOn: this.media.cameraOn && Boolean(this.media.camera),
        sharing: Boolean(this.screen),
        canShare: (this.room?.enableScreenshare ?? true) && Boolean(navigator.mediaDevices?.getDisplayMedia),
        canChat: this.room?.enableChat ?? true,
      },
    };
  }
}
