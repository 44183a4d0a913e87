/**
 * pc.* methods and events: peer connections in the engine.
 * @internal
 * @module
 */

type Empty = Record<string, never>;

export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Configuration of a peer connection (see {@link PeerConnectionConfig} in src/media/peer). */
export interface PeerConfigParams {
  iceServers?: IceServerConfig[];
  iceTransportPolicy?: 'all' | 'relay';
  bundlePolicy?: 'balanced' | 'max-bundle' | 'max-compat';
  iceCandidatePoolSize?: number;
  allowedInterfaces?: string[];
  allowedAddressPrefixes?: string[];
  /** Bandwidth estimate to start from (default 1 Mbps, so video starts at full size). */
  startBitrateBps?: number;
}

export type TransceiverDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' | 'stopped';

export interface TransceiverInfo {
  transceiverId: string;
  mid: string | null;
  kind: 'audio' | 'video';
  direction: TransceiverDirection;
  currentDirection: TransceiverDirection | null;
  stopped: boolean;
  /** Registry id of the local track the sender carries. */
  localTrackId: string | null;
  /** Registry id of the remote track received on it (`remote:<pcId>:<mid>`). */
  remoteTrackId: string | null;
}

export interface SessionDescription {
  type: 'offer' | 'answer' | 'pranswer';
  sdp: string;
}

export interface RtpEncoding {
  rid?: string;
  active?: boolean;
  maxBitrate?: number;
  maxFramerate?: number;
  scaleResolutionDownBy?: number;
}

export type DegradationPreference = 'balanced' | 'maintain-framerate' | 'maintain-resolution' | 'disabled';

export interface OutboundStreamStats {
  kind: 'audio' | 'video';
  mid: string;
  rid?: string;
  trackId: string;
  bitrateBps: number;
  ssrc?: number;
  bytesSent?: number;
  packetsSent?: number;
  targetBitrate?: number;
  frameWidth?: number;
  frameHeight?: number;
  framesPerSecond?: number;
  framesEncoded?: number;
  nackCount?: number;
  pliCount?: number;
  qualityLimitationReason?: string;
  roundTripTimeMs?: number;
  fractionLost?: number;
  packetsLost?: number;
  jitterMs?: number;
}

export interface InboundStreamStats {
  kind: 'audio' | 'video';
  mid: string;
  trackId: string;
  bitrateBps: number;
  ssrc?: number;
  bytesReceived?: number;
  packetsReceived?: number;
  packetsLost?: number;
  jitterMs?: number;
  audioLevel?: number;
  totalAudioEnergy?: number;
  concealedSamples?: number;
  totalSamplesReceived?: number;
  frameWidth?: number;
  frameHeight?: number;
  framesPerSecond?: number;
  framesDecoded?: number;
  framesDropped?: number;
  freezeCount?: number;
  nackCount?: number;
  pliCount?: number;
}

/** Totals in the vocabulary of daily-python's NetworkLatestStats. */
export interface PeerStatsSummary {
  sendBitsPerSecond: number;
  receiveBitsPerSecond: number;
  audioSendBitsPerSecond: number;
  audioRecvBitsPerSecond: number;
  videoSendBitsPerSecond: number;
  videoRecvBitsPerSecond: number;
  totalSendPacketLoss: number;
  totalRecvPacketLoss: number;
  videoSendPacketLoss: number;
  videoRecvPacketLoss: number;
  roundTripTimeMs?: number;
  availableOutgoingBitrate?: number;
}

export interface PeerStats {
  timestampMs: number;
  /** Time since the previous stats call of this connection; bitrates are 0 on the first call. */
  intervalMs: number;
  summary: PeerStatsSummary;
  candidatePair: {
    currentRoundTripTimeMs?: number;
    availableOutgoingBitrate?: number;
    availableIncomingBitrate?: number;
    bytesSent?: number;
    bytesReceived?: number;
    state?: string;
  };
  outbound: OutboundStreamStats[];
  inbound: InboundStreamStats[];
  /** Every RTCStats object as libwebrtc reports it (only when asked for). */
  raw?: Record<string, unknown>[];
}

type Pc = { pcId: string };

export interface PeerMethods {
  'pc.create': { params: Pc & PeerConfigParams; result: Empty };
  'pc.close': { params: Pc; result: Empty };
  'pc.transceivers': { params: Pc; result: { transceivers: TransceiverInfo[] } };
  'pc.localDescription': {
    params: Pc;
    result: { local: SessionDescription | null; remote: SessionDescription | null };
  };
  'pc.createOffer': { params: Pc & { iceRestart?: boolean }; result: SessionDescription };
  'pc.createAnswer': { params: Pc; result: SessionDescription };
  'pc.setLocalDescription': {
    params: Pc & Partial<SessionDescription> & { waitForGathering?: boolean; gatheringTimeoutMs?: number };
    result: SessionDescription & { gatheringComplete: boolean; transceivers: TransceiverInfo[] };
  };
  'pc.setRemoteDescription': { params: Pc & SessionDescription; result: { transceivers: TransceiverInfo[] } };
  'pc.addIceCandidate': {
    params: Pc & { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null };
    result: Empty;
  };
  'pc.restartIce': { params: Pc; result: Empty };
  'pc.addTrack': {
    params: Pc & {
      trackId: string;
      sdpTrackId?: string;
      streamIds?: string[];
      direction?: TransceiverDirection;
      sendEncodings?: RtpEncoding[];
    };
    result: { transceiverId: string; kind: 'audio' | 'video' };
  };
  'pc.addTransceiver': {
    params: Pc & { kind: 'audio' | 'video'; direction?: TransceiverDirection };
    result: { transceiverId: string; kind: 'audio' | 'video' };
  };
  'pc.replaceTrack': { params: Pc & { transceiverId: string; trackId: string | null }; result: Empty };
  'pc.setDirection': { params: Pc & { transceiverId: string; direction: TransceiverDirection }; result: Empty };
  'pc.stopTransceiver': { params: Pc & { transceiverId: string }; result: Empty };
  'pc.setEncodings': {
    params: Pc & { transceiverId: string; encodings?: RtpEncoding[]; degradationPreference?: DegradationPreference };
    result: { encodings: RtpEncoding[] };
  };
  'pc.getEncodings': {
    params: Pc & { transceiverId: string };
    result: { encodings: RtpEncoding[]; degradationPreference?: DegradationPreference };
  };
  'pc.setBitrate': {
    params: Pc & { minBitrateBps?: number; startBitrateBps?: number; maxBitrateBps?: number };
    result: Empty;
  };
  'pc.stats': { params: Pc & { raw?: boolean }; result: PeerStats };
  /**
   * Restricts (and orders) the codecs a transceiver negotiates: names such as 'PCMU', 'PCMA',
   * 'G722', 'opus', 'telephone-event' (case-insensitive), most preferred first. Takes effect at
   * the next offer/answer. Answers the codec names applied.
   */
  'pc.setCodecPreferences': {
    params: Pc & { transceiverId: string; codecs: string[] };
    result: { codecs: string[] };
  };
  'pc.insertDtmf': {
    params: Pc & { transceiverId: string; tones: string; durationMs?: number; interToneGapMs?: number };
    result: Empty;
  };
}

export type PeerConnectionState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';
export type IceConnectionState = 'new' | 'checking' | 'connected' | 'completed' | 'failed' | 'disconnected' | 'closed';
export type IceGatheringState = 'new' | 'gathering' | 'complete';
export type SignalingState =
  'stable' | 'have-local-offer' | 'have-local-pranswer' | 'have-remote-offer' | 'have-remote-pranswer' | 'closed';

export interface RemoteTrackEvent {
  pcId: string;
  /** Registry id of the remote track: `remote:<pcId>:<mid>`. */
  trackId: string;
  mid: string;
  kind: 'audio' | 'video';
  transceiverId: string;
  /** The sender's track id (a=msid), so that names survive the trip. */
  remoteTrackId: string;
  streamIds: string[];
}

export interface PeerEvents {
  'pc.track': RemoteTrackEvent;
  'pc.track-removed': { pcId: string; trackId: string; mid: string };
  'pc.connection-state': { pcId: string; state: PeerConnectionState };
  'pc.ice-connection-state': { pcId: string; state: IceConnectionState };
  'pc.ice-gathering-state': { pcId: string; state: IceGatheringState };
  'pc.signaling-state': { pcId: string; state: SignalingState };
  'pc.negotiation-needed': { pcId: string; eventId: number };
  'pc.ice-candidate': { pcId: string; candidate: string; sdpMid: string; sdpMLineIndex: number };
  'pc.dtmf-tone': { pcId: string; transceiverId: string; tone: string; toneBuffer: string };
  /** A digit the remote side pressed (RFC 4733 telephone-event received), once per press. */
  'pc.dtmf': { pcId: string; transceiverId: string; tone: string; durationMs: number };
  'pc.closed': { pcId: string };
}
