/**
 * The parts of @roamhq/wrtc the benchmark peers use, typed by hand: its own
 * typings need the DOM lib, which the Node builds here do not load.
 */
export interface WrtcTrack {
  kind: string;
  stop(): void;
}

export interface WrtcTransceiver {
  mid: string | null;
}

export interface WrtcDescription {
  type: string;
  sdp: string;
}

export interface WrtcPeerConnection {
  addTransceiver(track: WrtcTrack, init: { direction: string }): WrtcTransceiver;
  createOffer(): Promise<WrtcDescription>;
  createAnswer(): Promise<WrtcDescription>;
  setLocalDescription(d: WrtcDescription): Promise<void>;
  setRemoteDescription(d: WrtcDescription): Promise<void>;
  readonly localDescription: WrtcDescription | null;
  readonly iceGatheringState: string;
  onicegatheringstatechange: (() => void) | null;
  ontrack: ((e: { track: WrtcTrack }) => void) | null;
  getStats(): Promise<Map<string, Record<string, unknown>>>;
  close(): void;
}

/** One callback of an RTCAudioSink: 10 ms of 16-bit PCM. */
export interface WrtcAudioData {
  samples: Int16Array;
  sampleRate: number;
  channelCount?: number;
  numberOfFrames?: number;
}

export interface WrtcAudioSource {
  createTrack(): WrtcTrack;
  onData(d: WrtcAudioData & { bitsPerSample: number; numberOfFrames: number }): void;
}

export interface WrtcAudioSink {
  ondata: ((d: WrtcAudioData) => void) | null;
  stop(): void;
}

export interface Wrtc {
  RTCPeerConnection: new (config?: object) => WrtcPeerConnection;
  nonstandard: {
    RTCAudioSource: new () => WrtcAudioSource;
    RTCAudioSink: new (t: WrtcTrack) => WrtcAudioSink;
  };
}

/** Loads @roamhq/wrtc (its prebuilt libwebrtc ships inside the npm package). */
export function loadWrtc(): Wrtc {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@roamhq/wrtc') as Wrtc;
}
