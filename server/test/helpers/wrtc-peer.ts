/**
 * A real WebRTC peer for tests (@roamhq/wrtc, an independent libwebrtc build):
 * publishes generated tones and video frames through the server, answers
 * subscriber offers, and records what it receives per participant and track.
 */
import type { SubscribedStream } from 'daily-node/protocol';
import type { RecordedEvent, TestClient } from './signaling-client';

/* Minimal typings of what we use from @roamhq/wrtc (its own types need the DOM lib). */
interface Track {
  kind: string;
  stop(): void;
}
interface Transceiver {
  mid: string | null;
  receiver: { track: Track };
  stop?(): void;
}
interface PeerConnection {
  addTransceiver(track: Track, init: { direction: string }): Transceiver;
  createOffer(): Promise<{ type: string; sdp: string }>;
  createAnswer(): Promise<{ type: string; sdp: string }>;
  setLocalDescription(d: { type: string; sdp: string }): Promise<void>;
  setRemoteDescription(d: { type: string; sdp: string }): Promise<void>;
  readonly localDescription: { type: string; sdp: string } | null;
  readonly iceGatheringState: string;
  readonly connectionState: string;
  onicegatheringstatechange: (() => void) | null;
  onicecandidate:
    | ((e: { candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null }) => void)
    | null;
  ontrack: ((e: { transceiver: Transceiver; track: Track }) => void) | null;
  getTransceivers(): Transceiver[];
  close(): void;
}
interface AudioData {
  samples: Int16Array;
  sampleRate: number;
  channelCount?: number;
}
interface Wrtc {
  RTCPeerConnection: new (config?: object) => PeerConnection;
  nonstandard: {
    RTCAudioSource: new () => {
      createTrack(): Track;
      onData(d: AudioData & { numberOfFrames?: number; bitsPerSample?: number }): void;
    };
    RTCAudioSink: new (t: Track) => { ondata: ((d: AudioData) => void) | null; stop(): void };
    RTCVideoSource: new () => {
      createTrack(): Track;
      onFrame(f: { width: number; height: number; data: Uint8Array }): void;
    };
    RTCVideoSink: new (t: Track) => {
      onframe: ((e: { frame: { width: number; height: number } }) => void) | null;
      stop(): void;
    };
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wrtc = require('@roamhq/wrtc') as Wrtc;

/** A track to publish: audio is a sine tone, video a moving gray pattern. */
export interface TrackSpec {
  name: string;
  kind: 'audio' | 'video';
  /** Tone frequency (audio), default 440 Hz. */
  frequency?: number;
  enabled?: boolean;
  ignoreAudioLevel?: boolean;
}

/** What arrived for one remote track. */
export interface Received {
  /** The last second of audio samples (mono, first channel). */
  recent: number[];
  sampleRate: number;
  /** Audio callbacks or video frames seen. */
  count: number;
  width?: number;
  height?: number;
  /** Time of the last callback (ms). */
  lastAt: number;
}

const SAMPLE_RATE = 48_000;

function waitGathered(pc: PeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === 'complete') resolve();
    };
  });
}

export class MediaPeer {
  readonly received = new Map<string, Received>();
  private publisher: PeerConnection | undefined;
  private subscriber: PeerConnection | undefined;
  private subscriberConnectionId = -1;
  private readonly streamsByMid = new Map<string, SubscribedStream>();
  private readonly stoppers: Array<() => void> = [];
  private offerChain: Promise<void> = Promise.resolve();
  readonly errors: string[] = [];

  constructor(readonly client: TestClient) {
    client.onEvent((e) => this.onEvent(e));
  }

  private onEvent(e: RecordedEvent): void {
    if (e.event === 'subscriber-offer') {
      const data = e.data as { connectionId: number; jsep: { sdp: string }; streams: SubscribedStream[] };
      this.offerChain = this.offerChain
        .then(() => this.answer(data))
        .catch((err: Error) => void this.errors.push(err.message));
    } else if (e.event === 'media-reset') {
      this.publisher?.close();
      this.publisher = undefined;
      this.subscriber?.close();
      this.subscriber = undefined;
    }
  }

  /**
   * Publishes `tracks` on a (new) publisher connection: a complete SDP, or with
   * `trickle` the offer at once and its candidates one by one.
   */
  async publish(tracks: TrackSpec[], opts: { trickle?: boolean } = {}): Promise<void> {
    this.publisher?.close();
    const pc = new wrtc.RTCPeerConnection();
    this.publisher = pc;
    const candidates: Array<{ candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null> = [];
    pc.onicecandidate = (e) => void candidates.push(e.candidate);
    const transceivers = tracks.map((t) =>
      pc.addTransceiver(t.kind === 'audio' ? this.tone(t.frequency ?? 440) : this.video(), { direction: 'sendonly' }),
    );
    await pc.setLocalDescription(await pc.createOffer());
    if (!opts.trickle) await waitGathered(pc);
    const offerSdp = opts.trickle
      ? pc.localDescription!.sdp.replace(/^a=candidate:.*\r\n/gm, '')
      : pc.localDescription!.sdp;
    const published = this.client.request('publish', {
      jsep: { type: 'offer', sdp: offerSdp, trickle: opts.trickle === true },
      tracks: tracks.map((t, i) => ({
        mid: transceivers[i]!.mid!,
        name: t.name,
        ...(t.enabled === false ? { enabled: false } : {}),
        ...(t.ignoreAudioLevel ? { ignoreAudioLevel: true } : {}),
      })),
    });
    if (opts.trickle) {
      await waitGathered(pc);
      for (const candidate of candidates) {
        await this.client.request('trickle', {
          target: 'publisher',
          candidate: candidate && {
            candidate: candidate.candidate,
            sdpMid: candidate.sdpMid,
            sdpMLineIndex: candidate.sdpMLineIndex,
          },
        });
      }
      if (candidates.at(-1) !== null) await this.client.request('trickle', { target: 'publisher', candidate: null });
    }
    const { jsep } = await published;
    await pc.setRemoteDescription(jsep);
  }

  /**
   * Adds `more` tracks to the existing publisher connection and renegotiates
   * (`publish` again with every track), as a client does to add a track mid-call.
   */
  async addTracks(all: TrackSpec[], more: TrackSpec[]): Promise<void> {
    const pc = this.publisher;
    if (!pc) throw new Error('publish first');
    for (const t of more)
      pc.addTransceiver(t.kind === 'audio' ? this.tone(t.frequency ?? 440) : this.video(), { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await waitGathered(pc);
    const mids = pc.getTransceivers().map((tr) => tr.mid!);
    const { jsep } = await this.client.request('publish', {
      jsep: { type: 'offer', sdp: pc.localDescription!.sdp, trickle: false },
      tracks: [...all, ...more].map((t, i) => ({ mid: mids[i]!, name: t.name })),
    });
    await pc.setRemoteDescription(jsep);
  }

  /** An audio track playing a sine tone, fed in 10 ms frames at real-time pace. */
  private tone(frequency: number): Track {
    const source = new wrtc.nonstandard.RTCAudioSource();
    const track = source.createTrack();
    const frame = SAMPLE_RATE / 100;
    let sent = 0;
    const started = Date.now();
    const timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 10) * frame);
      while (sent < due) {
        const samples = new Int16Array(frame);
        for (let i = 0; i < frame; i++)
          samples[i] = Math.round(12000 * Math.sin((2 * Math.PI * frequency * (sent + i)) / SAMPLE_RATE));
        source.onData({ samples, sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: frame });
        sent += frame;
      }
    }, 10);
    this.stoppers.push(() => {
      clearInterval(timer);
      track.stop();
    });
    return track;
  }

  /** A 320x240 video track at ~15 fps. */
  private video(): Track {
    const source = new wrtc.nonstandard.RTCVideoSource();
    const track = source.createTrack();
    const width = 320;
    const height = 240;
    let n = 0;
    const timer = setInterval(() => {
      const data = new Uint8Array((width * height * 3) / 2).fill(128);
      for (let i = 0; i < width * height; i++) data[i] = (i + n * 7) & 0xff;
      n++;
      source.onFrame({ width, height, data });
    }, 66);
    this.stoppers.push(() => {
      clearInterval(timer);
      track.stop();
    });
    return track;
  }

  private async answer(offer: {
    connectionId: number;
    jsep: { sdp: string };
    streams: SubscribedStream[];
  }): Promise<void> {
    if (offer.connectionId !== this.subscriberConnectionId || !this.subscriber) {
      this.subscriber?.close();
      this.subscriber = new wrtc.RTCPeerConnection();
      this.subscriberConnectionId = offer.connectionId;
      this.subscriber.ontrack = (e) => this.attachSink(e.transceiver, e.track);
    }
    this.streamsByMid.clear();
    for (const s of offer.streams) this.streamsByMid.set(s.mid, s);
    const pc = this.subscriber;
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.jsep.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await waitGathered(pc);
    await this.client.request('subscriberAnswer', {
      jsep: { type: 'answer', sdp: pc.localDescription!.sdp, trickle: false },
    });
  }

  private attachSink(transceiver: Transceiver, track: Track): void {
    const keyOf = (): string | undefined => {
      const s = transceiver.mid ? this.streamsByMid.get(transceiver.mid) : undefined;
      return s ? `${s.participantId}/${s.track}` : undefined;
    };
    const entry = (key: string): Received => {
      let r = this.received.get(key);
      if (!r) this.received.set(key, (r = { recent: [], sampleRate: SAMPLE_RATE, count: 0, lastAt: 0 }));
      return r;
    };
    if (track.kind === 'audio') {
      const sink = new wrtc.nonstandard.RTCAudioSink(track);
      sink.ondata = (d) => {
        const key = keyOf();
        if (!key) return;
        const r = entry(key);
        const channels = d.channelCount ?? 1;
        for (let i = 0; i < d.samples.length; i += channels) r.recent.push(d.samples[i]!);
        if (r.recent.length > d.sampleRate) r.recent.splice(0, r.recent.length - d.sampleRate);
        r.sampleRate = d.sampleRate;
        r.count++;
        r.lastAt = Date.now();
      };
      this.stoppers.push(() => sink.stop());
    } else {
      const sink = new wrtc.nonstandard.RTCVideoSink(track);
      sink.onframe = ({ frame }) => {
        const key = keyOf();
        if (!key) return;
        const r = entry(key);
        r.count++;
        r.width = frame.width;
        r.height = frame.height;
        r.lastAt = Date.now();
      };
      this.stoppers.push(() => sink.stop());
    }
  }

  /** Drops everything received so far for `key` (to measure afresh). */
  resetReceived(key: string): void {
    this.received.delete(key);
  }

  close(): void {
    for (const stop of this.stoppers) stop();
    this.publisher?.close();
    this.subscriber?.close();
  }
}

/** Dominant frequency of `samples` by counting zero crossings (fine for a pure tone). */
export function toneFrequency(samples: number[], sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
  return (crossings / 2) * (sampleRate / samples.length);
}

/** RMS level of `samples` (0..32767). */
export function rms(samples: number[]): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}
