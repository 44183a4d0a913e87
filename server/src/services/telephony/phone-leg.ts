/**
 * One phone call in a room: a service participant (a CallClient of the
 * server's engine) plus a second peer connection in the same engine to a Janus
 * SIP plugin handle, whose Sofia stack does the SIP. Audio is bridged inside
 * the engine by two mixers, so no JS is on the media path:
 * - phone → room: a mixer over the SIP connection's remote track is the
 *   participant's microphone;
 * - room → phone: a mixer over everything the participant receives is the SIP
 *   connection's send track (inputs follow people coming and going).
 * The leg reports what happens to the call through {@link PhoneLegSink}.
 */
import { AudioMixer, PeerConnection, peerConfig, type AudioMix } from 'daily-node/engine-bridge';
import type { JanusSession } from '../../janus/janus-session';
import type { Service, ServiceCall } from '../service';
import { phoneCodecs, restrictAudioCodecs } from './phone-codecs';
import { describeResult, SipHandle, type SipEvent } from './sip-handle';

/** Mix rate of both directions: the engine's native rate (G.711 is resampled by its encoder). */
const MIX_RATE = 48_000;

/** What the room learns of a leg. */
export interface PhoneLegSink {
  /** The phone side responded (ringing or early media). */
  connected(): void;
  /** The call is up: the leg should become visible. */
  answered(): void;
  /** The call ended after being answered (`by`: who hung up). */
  stopped(by: 'phone' | 'us'): void;
  /** The call never came up: `message` starts with the SIP code when there is one. */
  failed(message: string): void;
  /** A digit pressed on the phone. */
  dtmf(tone: string, method: 'sip-info' | 'telephone-event'): void;
  warning(message: string): void;
}

/** Where a dial-out goes and how. */
export interface DialTarget {
  uri: string;
  headers?: Record<string, string>;
  /** Digest credentials (a trunk). */
  authuser?: string;
  secret?: string;
  /** From user part (caller id). */
  fromUser: string;
  displayName: string;
  /** daily-python `codecs.audio`. */
  codecs?: readonly string[];
  /** Hang up unanswered calls after this long. */
  ringTimeoutMs: number;
}

export class PhoneLeg implements Service {
  readonly name = 'phone';
  readonly audioOnly = true;
  private call: ServiceCall | undefined;
  private pc: PeerConnection | undefined;
  private toPhone: AudioMix | undefined;
  private fromPhone: AudioMix | undefined;
  private sip: SipHandle | undefined;
  private transceiverId: string | undefined;
  private unwatch: (() => void) | undefined;
  private ringTimer: NodeJS.Timeout | undefined;
  private state: 'idle' | 'calling' | 'up' | 'ended' = 'idle';

  constructor(
    readonly identity: { userName: string; userId?: string },
    private readonly session: () => JanusSession,
    private readonly target: DialTarget,
    private readonly sink: PhoneLegSink,
  ) {}

  /** The phone participant's id (the dial-out's session id), once joined. */
  get sessionId(): string {
    return this.call?.participantId ?? '';
  }

  get answered(): boolean {
    return this.state === 'up';
  }

  async start(call: ServiceCall): Promise<void> {
    this.call = call;
    await this.startMedia(call);
    const sip = await SipHandle.attach(this.session());
    this.sip = sip;
    sip.on('event', (e) => this.onSipEvent(e));
    sip.once('detached', () => this.end('failed', 'the SIP handle was lost (Janus went away)', false));
    const host = /@([^;>]+)/.exec(this.target.uri)?.[1] ?? '127.0.0.1';
    await sip.register({ guest: true, username: `sip:${this.target.fromUser}@${host}`, displayName: this.target.displayName });
    const offer = await this.localOffer();
    this.state = 'calling';
    this.ringTimer = setTimeout(() => {
      this.end('failed', `408 Request Timeout: no answer within ${this.target.ringTimeoutMs / 1000} s`);
    }, this.target.ringTimeoutMs);
    await sip.call({
      uri: this.target.uri,
      jsep: { type: 'offer', sdp: offer },
      ...(this.target.headers ? { headers: this.target.headers } : {}),
      ...(this.target.authuser ? { authuser: this.target.authuser, secret: this.target.secret } : {}),
    });
  }

  async stop(): Promise<void> {
    await this.end('stopped-by-us');
  }

  /** Sends DTMF: RFC 2833 on the media (default) or one SIP INFO per digit. */
  async sendDtmf(tones: string, method: 'sip-info' | 'telephone-event', durationMs: number): Promise<void> {
    if (this.state !== 'up' || !this.pc || !this.sip || !this.transceiverId)
      throw new Error('the phone has not answered (or the call ended)');
    if (method === 'sip-info') {
      for (const digit of tones) await this.sip.dtmfInfo(digit, durationMs);
    } else {
      await this.pc.insertDtmf(this.transceiverId, tones, { durationMs });
    }
  }

  /** SIP REFER to the phone (blind transfer); progress comes as `notify` events. */
  async refer(uri: string): Promise<void> {
    if (this.state !== 'up' || !this.sip) throw new Error('the phone has not answered (or the call ended)');
    await this.sip.transfer(uri);
  }

  private async startMedia(call: ServiceCall): Promise<void> {
    const pc = await PeerConnection.create(peerConfig(undefined));
    this.pc = pc;
    const toPhone = await AudioMixer.create({ sampleRate: MIX_RATE, channels: 1, inputs: [] });
    this.toPhone = toPhone;
    const fromPhone = await AudioMixer.create({ sampleRate: MIX_RATE, channels: 1, inputs: [] });
    this.fromPhone = fromPhone;
    pc.on('track', (t) => {
      if (t.kind === 'audio') void fromPhone.setInputs([t.trackId]).catch(() => undefined);
    });
    this.transceiverId = (await pc.addTrack(toPhone.id, { direction: 'sendrecv' })).transceiverId;
    this.unwatch = call.client.watchReceivedTracks((tracks) => {
      const ids = tracks.filter((t) => t.kind === 'audio').map((t) => t.trackId);
      void toPhone.setInputs(ids).catch(() => undefined);
    });
    await call.client.updateInputs({
      camera: false,
      microphone: { isEnabled: true, settings: { customTrack: { id: fromPhone.id } } },
    });
  }

  /** Our offer with only the phone codecs, every candidate gathered (Janus SIP does not trickle). */
  private async localOffer(): Promise<string> {
    const pc = this.pc!;
    const created = await pc.createOffer();
    const { sdp, kept } = restrictAudioCodecs(created.sdp, phoneCodecs(this.target.codecs));
    const asked = phoneCodecs(this.target.codecs).map((c) => c.toLowerCase());
    const missing = asked.filter((c) => !kept.includes(c));
    if (kept.filter((c) => c !== 'telephone-event').length === 0)
      throw new Error(`none of the codecs ${asked.join(', ')} is available in the media engine`);
    if (missing.length > 0) this.sink.warning(`codecs not available, not offered: ${missing.join(', ')}`);
    const local = await pc.setLocalDescription({ type: 'offer', sdp }, { waitForGathering: true, gatheringTimeoutMs: 5000 });
    return local.sdp;
  }

  private onSipEvent(e: SipEvent): void {
    const r = e.result;
    switch (r.event) {
      case 'ringing':
      case 'proceeding':
      case 'progress':
        if (this.state === 'calling') this.sink.connected();
        if (e.jsep?.type === 'answer') void this.applyAnswer(e.jsep.sdp);
        return;
      case 'accepted':
        void this.accepted(e.jsep?.sdp);
        return;
      case 'hangup':
        // The dialog is over already: no hangup request (Janus would answer "wrong state").
        void this.end(this.state === 'up' ? 'stopped-by-phone' : 'failed', describeResult(r), false);
        return;
      case 'info':
        this.onInfo(r.type, r.content);
        return;
      default:
        this.call?.log.debug({ sip: r.event }, 'SIP event');
    }
  }

  private answerApplied = false;
  private async applyAnswer(sdp: string): Promise<void> {
    if (this.answerApplied) return;
    this.answerApplied = true;
    await this.pc!.setRemoteDescription({ type: 'answer', sdp });
  }

  private async accepted(sdp: string | undefined): Promise<void> {
    if (this.state !== 'calling') return;
    clearTimeout(this.ringTimer);
    try {
      if (sdp) await this.applyAnswer(sdp);
      if (!this.answerApplied) throw new Error('the phone answered without SDP');
    } catch (err) {
      await this.end('failed', `488 Not Acceptable Here: ${(err as Error).message}`);
      return;
    }
    this.state = 'up';
    this.sink.answered();
  }

  /** SIP INFO `application/dtmf-relay` (`Signal=5`) from the phone. */
  private onInfo(type: string | undefined, content: string | undefined): void {
    if (!type || !/dtmf/i.test(type) || !content) return;
    const tone = /Signal\s*=\s*([0-9*#A-Da-d])/.exec(content)?.[1];
    if (tone) this.sink.dtmf(tone.toUpperCase(), 'sip-info');
  }

  /** Ends the leg once: hangs up if needed, frees the media, reports how it ended. */
  private async end(
    how: 'stopped-by-us' | 'stopped-by-phone' | 'failed',
    message = '',
    hangUp = how !== 'stopped-by-phone',
  ): Promise<void> {
    if (this.state === 'ended') return;
    const was = this.state;
    this.state = 'ended';
    clearTimeout(this.ringTimer);
    this.unwatch?.();
    if (hangUp && (was === 'calling' || was === 'up')) await this.sip?.hangup().catch(() => undefined);
    await this.sip?.detach();
    await this.pc?.close().catch(() => undefined);
    await this.toPhone?.release();
    await this.fromPhone?.release();
    if (how === 'failed' && was !== 'up') this.sink.failed(message);
    else if (was === 'up' || how !== 'failed') this.sink.stopped(how === 'stopped-by-phone' ? 'phone' : 'us');
  }
}
