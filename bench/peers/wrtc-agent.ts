/**
 * A two-way voice bot on @roamhq/wrtc (an independent libwebrtc build), the
 * peer row of the benchmarks. It speaks this repository's signaling protocol
 * through the SDK's own `SignalingConnection` and does the WebRTC side with
 * wrtc's RTCPeerConnection: one send-only publisher connection
 * (RTCAudioSource fed 10 ms frames by a JS timer) and one receive-only
 * connection answering the server's subscriber offers (RTCAudioSink,
 * downmixed and resampled to 16 kHz and cut into 20 ms callbacks in JS).
 */
import { inboundAudioCounters, MIC_RATE, RENDER_FRAMES, RENDER_RATE } from '../agents/agent';
import type { Agent, AgentCounters, RenderCallback } from '../agents/agent';
import { PROTOCOL_VERSION, parseMeetingUrl } from '../../src/signaling/protocol';
import type { SignalingEvent } from '../../src/signaling/messages';
import { SignalingConnection } from '../../src/transport/signaling-connection';
import { loadWrtc, type WrtcAudioData, type WrtcAudioSource, type WrtcPeerConnection } from './wrtc-types';

const wrtc = loadWrtc();
const FRAME = MIC_RATE / 100;
/** A 10 ms frame handed over later than this after its due time counts as an underrun. */
const LATE_MS = 20;

const speakers = new Set<WrtcAgent>();
let pacer: NodeJS.Timeout | undefined;

function paceAll(): void {
  const now = performance.now();
  for (const agent of speakers) agent.pace(now);
}

function gathered(pc: WrtcPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === 'complete') resolve();
    };
  });
}

/** Collects wrtc sink callbacks (10 ms, 48 kHz) into 20 ms of 16 kHz mono. */
class Downsampler {
  private readonly block = new Int16Array(RENDER_FRAMES);
  private filled = 0;

  constructor(private readonly onBlock: (pcm: Int16Array) => void) {}

  push(d: WrtcAudioData): void {
    const channels = d.channelCount ?? 1;
    const frames = d.samples.length / channels;
    const step = d.sampleRate / RENDER_RATE;
    for (let out = 0; out < frames / step; out++) {
      // Mean of the `step` input samples (first channel): a crude low-pass before decimating.
      let sum = 0;
      let n = 0;
      for (let i = Math.floor(out * step); i < Math.floor((out + 1) * step) && i < frames; i++, n++)
        sum += d.samples[i * channels]!;
      this.block[this.filled++] = n ? Math.round(sum / n) : 0;
      if (this.filled === RENDER_FRAMES) {
        this.onBlock(this.block);
        this.filled = 0;
      }
    }
  }
}

export class WrtcAgent implements Agent {
  id = '';
  private conn: SignalingConnection | undefined;
  private readonly source: WrtcAudioSource = new wrtc.nonstandard.RTCAudioSource();
  private readonly track = this.source.createTrack();
  private publisher: WrtcPeerConnection | undefined;
  private subscriber: WrtcPeerConnection | undefined;
  private subscriberConnectionId = -1;
  private offers: Promise<void> = Promise.resolve();
  private onAudio: RenderCallback | undefined;
  private readonly stoppers: Array<() => void> = [];
  private callbacks = 0;
  /** 10 ms frames handed to the encoder more than LATE_MS after they were due. */
  private lateFrames = 0;
  /** The speech cut into 10 ms frames, each its own buffer (wrtc checks the buffer's length). */
  private speech: Int16Array[] = [];
  private speechAt = 0;
  private readonly silence: Int16Array = new Int16Array(FRAME);
  private pendingClick: { frame: Int16Array; resolve: (at: number) => void } | undefined;
  private startedAt = 0;
  private sent = 0;
  readonly errors: string[] = [];

  async join(url: string): Promise<void> {
    const { signalingUrl, roomName } = parseMeetingUrl(url);
    this.conn = await SignalingConnection.open(signalingUrl);
    this.conn.on('event', (e) => {
      if (e.event !== 'subscriber-offer') return;
      const offer = (e as SignalingEvent<'subscriber-offer'>).data;
      this.offers = this.offers
        .then(() => this.answer(offer))
        .catch((err: Error) => void this.errors.push(err.message));
    });
    const joined = await this.conn.request('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomName,
      userName: 'wrtc-agent',
      subscriptions: { '*': { subscribed: true } },
    });
    this.id = joined.participantId;
    await this.publish();
    this.startedAt = performance.now();
    speakers.add(this);
    pacer ??= setInterval(paceAll, 10);
  }

  private async publish(): Promise<void> {
    const pc = new wrtc.RTCPeerConnection();
    this.publisher = pc;
    const transceiver = pc.addTransceiver(this.track, { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const { jsep } = await this.conn!.request('publish', {
      jsep: { type: 'offer', sdp: pc.localDescription!.sdp, trickle: false },
      tracks: [{ mid: transceiver.mid!, name: 'microphone' }],
    });
    await pc.setRemoteDescription(jsep);
  }

  private async answer(offer: SignalingEvent<'subscriber-offer'>['data']): Promise<void> {
    if (offer.connectionId !== this.subscriberConnectionId || !this.subscriber) {
      this.subscriber?.close();
      const pc = new wrtc.RTCPeerConnection();
      this.subscriber = pc;
      this.subscriberConnectionId = offer.connectionId;
      pc.ontrack = ({ track }) => {
        if (track.kind !== 'audio') return;
        const sink = new wrtc.nonstandard.RTCAudioSink(track);
        const blocks = new Downsampler((pcm) => {
          this.callbacks++;
          this.onAudio?.(pcm, performance.now());
        });
        sink.ondata = (d) => blocks.push(d);
        this.stoppers.push(() => sink.stop());
      };
    }
    const pc = this.subscriber;
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.jsep.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    await this.conn!.request('subscriberAnswer', {
      jsep: { type: 'answer', sdp: pc.localDescription!.sdp, trickle: false },
      connectionId: offer.connectionId,
    });
  }

  /** One room holds two bots, so the one remote microphone is `peerId`'s. */
  listenTo(_peerId: string, onAudio: RenderCallback): void {
    this.onAudio = onAudio;
  }

  startTalking(speech: Int16Array): void {
    this.speech = [];
    for (let i = 0; i + FRAME <= speech.length; i += FRAME) this.speech.push(speech.slice(i, i + FRAME));
  }

  click(frame: Int16Array): Promise<number> {
    return new Promise((resolve) => (this.pendingClick = { frame, resolve }));
  }

  /** Hands over every 10 ms frame that is due by `now` (the shared 10 ms timer). */
  pace(now: number): void {
    const due = Math.floor((now - this.startedAt) / 10);
    while (this.sent < due) {
      if (now - (this.startedAt + (this.sent + 1) * 10) > LATE_MS) this.lateFrames++;
      let frame: Int16Array = this.silence;
      const click = this.pendingClick;
      if (click) frame = click.frame;
      else if (this.speech.length) {
        frame = this.speech[this.speechAt]!;
        this.speechAt = (this.speechAt + 1) % this.speech.length;
      }
      const handedAt = performance.now();
      this.source.onData({
        samples: frame,
        sampleRate: MIC_RATE,
        bitsPerSample: 16,
        channelCount: 1,
        numberOfFrames: FRAME,
      });
      this.sent++;
      if (click) {
        this.pendingClick = undefined;
        click.resolve(handedAt);
      }
    }
  }

  underruns(): Promise<number> {
    return Promise.resolve(this.lateFrames);
  }

  async counters(): Promise<AgentCounters> {
    const underruns = this.lateFrames;
    const report = this.subscriber ? await this.subscriber.getStats() : new Map<string, Record<string, unknown>>();
    return { ...inboundAudioCounters(report.values()), underruns, callbacks: this.callbacks };
  }

  close(): Promise<void> {
    speakers.delete(this);
    if (speakers.size === 0 && pacer) {
      clearInterval(pacer);
      pacer = undefined;
    }
    for (const stop of this.stoppers) stop();
    this.track.stop();
    this.publisher?.close();
    this.subscriber?.close();
    this.conn?.close();
    return Promise.resolve();
  }
}
