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
import { randomBytes } from 'node:crypto';
import { AudioMixer, PeerConnection, peerConfig, type AudioMix } from 'daily-node/engine-bridge';
import type { JanusSession } from '../../janus/janus-session';
import type { Service, ServiceCall } from '../service';
import { phoneCodecs, preferPhoneCodecs } from './phone-codecs';
import type { Jsep } from '../../janus/janus-messages';
import { describeResult, SipHandle, type SipEvent, type SipResult } from './sip-handle';
import { ReferProgress, type ReferStep } from './refer-progress';

/** Mix rate of both directions: the engine's native rate (G.711 is resampled by its encoder). */
const MIX_RATE = 48_000;

/** What the room learns of a leg. */
export interface PhoneLegSink {
  /** The phone side responded (ringing or early media). */
  connected(): void;
  /** The call is up: the leg should become visible. `caller`: who called (dial-in). */
  answered(caller?: CallerInfo): void;
  /** The call ended after being answered (`by`: who hung up). */
  stopped(by: 'phone' | 'us'): void;
  /** The call never came up: `message` starts with the SIP code when there is one. */
  failed(message: string): void;
  /** A digit pressed on the phone. */
  dtmf(tone: string, method: 'sip-info' | 'telephone-event'): void;
  warning(message: string): void;
}

/** Who is calling in, from their INVITE. */
export interface CallerInfo {
  /** The caller's SIP URI (From). */
  sipFrom: string;
  /** The From display name, without quotes, if any. */
  displayName?: string;
  /** The INVITE's X- headers. */
  sipHeaders: Record<string, string>;
}

/** A dial-in: the leg's SIP handle registers at the server's listener, which forwards the caller's INVITE. */
export interface DialinTarget {
  kind: 'dialin';
  /** REGISTER username (`sip:dn-leg-...@listener`), so the listener learns the handle's port. */
  registerUri: string;
  displayName: string;
  /** Give up when no INVITE arrives within this long. */
  ringTimeoutMs: number;
}

/** Where a dial-out goes and how. */
export interface DialTarget {
  kind: 'dialout';
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
  private referring: ReferProgress | undefined;
  private state: 'idle' | 'calling' | 'up' | 'ended' = 'idle';

  constructor(
    readonly identity: { userName: string; userId?: string },
    private readonly session: () => JanusSession,
    private readonly target: DialTarget | DialinTarget,
    private sink: PhoneLegSink,
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
    if (this.target.kind === 'dialin') await this.awaitInvite(sip, this.target);
    else await this.dial(sip, this.target);
  }

  private async awaitInvite(sip: SipHandle, target: DialinTarget): Promise<void> {
    // Janus wants a secret for a real REGISTER; our listener never challenges, so any will do.
    const secret = randomBytes(12).toString('hex');
    // Ready for the INVITE before registering: the listener forwards it the moment our REGISTER arrives, so
    // Janus's `incomingcall` can come in the same socket read as `registered`, and then its handler runs
    // before `register` resolves (ws emits both messages in one turn). Set after the await, the state was
    // still 'idle' there and the call was dropped, ringing until the caller gave up (issue 10's CI flake).
    this.state = 'calling';
    this.ringTimer = setTimeout(() => {
      this.end('failed', `408 Request Timeout: no INVITE within ${target.ringTimeoutMs / 1000} s`, false);
    }, target.ringTimeoutMs);
    try {
      // No display name: Janus puts it unquoted into the Contact, which some callers (sipp) cannot parse.
      await sip.register({ guest: false, username: target.registerUri, secret });
    } catch (e) {
      clearTimeout(this.ringTimer);
      this.state = 'idle';
      throw e;
    }
  }

  private async dial(sip: SipHandle, target: DialTarget): Promise<void> {
    const host = /@([^;>]+)/.exec(target.uri)?.[1] ?? '127.0.0.1';
    await sip.register({ guest: true, username: `sip:${target.fromUser}@${host}`, displayName: target.displayName });
    const offer = await this.localOffer(target);
    this.state = 'calling';
    this.ringTimer = setTimeout(() => {
      this.end('failed', `408 Request Timeout: no answer within ${target.ringTimeoutMs / 1000} s`);
    }, target.ringTimeoutMs);
    await sip.call({
      uri: target.uri,
      jsep: { type: 'offer', sdp: offer },
      ...(target.headers ? { headers: target.headers } : {}),
      ...(target.authuser ? { authuser: target.authuser, secret: target.secret } : {}),
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
      // `answered` comes with the SIP 200; the media (DTLS to Janus) may still be connecting.
      await this.pc.waitForConnectionState('connected', 5000);
      await this.pc.insertDtmf(this.transceiverId, tones, { durationMs });
    }
  }

  /**
   * SIP REFER to the phone (blind transfer). Resolves once the REFER is sent;
   * its progress and outcome (the phone's NOTIFY sipfrags) go to `report`.
   */
  async refer(uri: string, report: (step: ReferStep) => void): Promise<void> {
    if (this.state !== 'up' || !this.sip) throw new Error('the phone has not answered (or the call ended)');
    if (this.referring && !this.referring.finished) throw new Error(`a REFER to ${this.referring.uri} is under way`);
    // Armed before sending: the first NOTIFY may race the plugin's `transferring` reply.
    const progress = new ReferProgress(uri, report);
    this.referring = progress;
    try {
      await this.sip.transfer(uri);
    } catch (e) {
      progress.cancel();
      throw e;
    }
  }

  private async startMedia(call: ServiceCall): Promise<void> {
    const pc = await PeerConnection.create(peerConfig(undefined));
    this.pc = pc;
    const toPhone = await AudioMixer.create({ sampleRate: MIX_RATE, channels: 1, inputs: [] });
    this.toPhone = toPhone;
    const fromPhone = await AudioMixer.create({ sampleRate: MIX_RATE, channels: 1, inputs: [] });
    this.fromPhone = fromPhone;
    call.log.debug(
      { bridge: fromPhone instanceof AudioMixer ? 'engine mixer' : 'renderer stand-in' },
      'phone audio bridge',
    );
    // RFC 4733 digits from the phone (Janus relays them and tells nothing; the engine reports them).
    pc.on('dtmf', (d) => this.sink.dtmf(d.tone, 'telephone-event'));
    pc.on('track', (t) => {
      if (t.kind === 'audio') void fromPhone.setInputs([t.trackId]).catch(() => undefined);
    });
    // A dial-out offers the track now; a dial-in adds it to the transceiver the caller's offer makes.
    if (this.target.kind === 'dialout')
      this.transceiverId = (await pc.addTrack(toPhone.id, { direction: 'sendrecv' })).transceiverId;
    await this.bridgeTo(call);
  }

  /** The room side of the bridge: the phone is `call`'s microphone and hears what `call` receives. */
  private async bridgeTo(call: ServiceCall): Promise<void> {
    const toPhone = this.toPhone!;
    this.unwatch?.();
    this.unwatch = call.client.watchReceivedTracks((tracks) => {
      const ids = tracks.filter((t) => t.kind === 'audio').map((t) => t.trackId);
      void toPhone.setInputs(ids).catch(() => undefined);
    });
    await call.client.updateInputs({
      camera: false,
      microphone: { isEnabled: true, settings: { customTrack: { id: this.fromPhone!.id } } },
    });
  }

  /**
   * The call moves to another room (sipCallTransfer of a dial-in): the SIP
   * side and both mixers stay as they are, only the room side switches.
   */
  async move(call: ServiceCall): Promise<void> {
    if (this.state !== 'up') throw new Error('the phone has not answered (or the call ended)');
    await this.bridgeTo(call);
    this.call = call;
  }

  /** Where the leg reports from now on (the room it moved to). */
  reportTo(sink: PhoneLegSink): void {
    this.sink = sink;
  }

  /** Our offer with only the phone codecs, every candidate gathered (Janus SIP does not trickle). */
  private async localOffer(target: DialTarget): Promise<string> {
    const pc = this.pc!;
    const transceiverId = this.transceiverId!;
    const { applied, missing } = await preferPhoneCodecs(
      (codecs) => pc.setCodecPreferences(transceiverId, codecs),
      phoneCodecs(target.codecs),
    ).catch((e: Error) => {
      throw new Error(`none of the asked codecs is available in the media engine (${e.message})`);
    });
    if (applied.every((c) => c.toLowerCase() === 'telephone-event'))
      throw new Error(`none of the codecs ${phoneCodecs(target.codecs).join(', ')} is available in the media engine`);
    if (missing.length > 0) this.sink.warning(`codecs not available, not offered: ${missing.join(', ')}`);
    const created = await pc.createOffer();
    const local = await pc.setLocalDescription(created, { waitForGathering: true, gatheringTimeoutMs: 5000 });
    return local.sdp;
  }

  private onSipEvent(e: SipEvent): void {
    const r = e.result;
    this.call?.log.debug({ sip: r.event, code: r.code, type: r.type }, 'SIP event');
    switch (r.event) {
      case 'ringing':
      case 'proceeding':
      case 'progress':
        if (this.state === 'calling') this.sink.connected();
        if (e.jsep?.type === 'answer') void this.applyAnswer(e.jsep.sdp);
        return;
      case 'accepted':
        // For a dial-in, `accepted` answers our own accept (handled in answerIncoming).
        if (this.target.kind === 'dialout') void this.accepted(e.jsep?.sdp);
        return;
      case 'hangup':
        // The dialog is over already: no hangup request (Janus would answer "wrong state").
        void this.end(this.state === 'up' ? 'stopped-by-phone' : 'failed', describeResult(r), false);
        return;
      case 'incomingcall':
        void this.answerIncoming(r, e.jsep);
        return;
      case 'info':
        this.onInfo(r.type, r.content);
        return;
      case 'notify':
        if (r.notify === 'refer') this.referring?.onNotify(r.content, r.substate);
        return;
      default:
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
    // Ended meanwhile (the caller hung up, a stop, the ring timeout): never report a call that is gone.
    if (this.state !== 'calling') return;
    this.state = 'up';
    this.sink.answered();
  }

  /** Answers the caller's INVITE (forwarded by the listener) with our answer to its SDP. */
  private async answerIncoming(r: SipResult, jsep: Jsep | undefined): Promise<void> {
    if (this.state !== 'calling' || this.target.kind !== 'dialin') {
      // Never silently: an INVITE left unanswered rings until the caller gives up.
      this.call?.log.warn({ state: this.state, kind: this.target.kind }, 'incoming SIP call ignored');
      return;
    }
    clearTimeout(this.ringTimer);
    const caller: CallerInfo = {
      sipFrom: r.username ?? '',
      sipHeaders: r.headers ?? {},
      ...(r.displayname ? { displayName: r.displayname.replace(/^"|"$/g, '') } : {}),
    };
    try {
      if (jsep?.type !== 'offer') throw new Error('the INVITE carried no SDP offer');
      const pc = this.pc!;
      await pc.setRemoteDescription({ type: 'offer', sdp: jsep.sdp });
      this.transceiverId = (await pc.addTrack(this.toPhone!.id)).transceiverId;
      const answer = await pc.setLocalDescription(undefined, { waitForGathering: true, gatheringTimeoutMs: 5000 });
      await this.sip!.accept({ type: 'answer', sdp: answer.sdp });
    } catch (err) {
      await this.sip?.decline(488).catch(() => undefined);
      await this.end('failed', `488 Not Acceptable Here: ${(err as Error).message}`, false);
      return;
    }
    // Ended meanwhile (the caller hung up, a stop, the ring timeout): never report a call that is gone.
    if (this.state !== 'calling') return;
    this.state = 'up';
    this.sink.answered(caller);
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
    this.referring?.cancel();
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
