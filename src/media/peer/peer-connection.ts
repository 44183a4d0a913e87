/**
 * `PeerConnection`: a libwebrtc peer connection in the media engine, driven
 * from TypeScript. The CallClient (and tests) negotiate with it; media flows
 * inside the engine and never crosses into Node.
 *
 * Contract:
 * - Local tracks are referenced by their id in the engine's track registry:
 *   `VirtualMicrophoneDevice.trackId`, `CustomAudioTrack.id`, and the video
 *   helper's camera / custom video track ids. {@link addTrack} takes any of
 *   them, audio or video.
 * - Transceivers are referenced by `transceiverId` ("tx0", "tx1", ...),
 *   stable for the connection's life and known before negotiation assigns a mid.
 * - Remote tracks are registered as `remote:<pcId>:<mid>` and announced with
 *   the `track` event (which also carries the sender's own track id and stream
 *   ids, so names survive); `track-removed` announces their end. Give that id
 *   to {@link AudioRenderer.start} or a video renderer.
 * - Janus is used without trickle: `setLocalDescription(undefined, { waitForGathering: true })`
 *   answers with an SDP that already holds every local candidate.
 * - When the media engine exits, the connection is gone: `closed` is emitted
 *   with the EngineExitedError and every later call rejects.
 * @internal
 * @module
 */
import { EventEmitter } from 'node:events';

import type { EngineChannel } from '../../engine/engine-channel';
import { engineHost } from '../../engine/engine-host';
import type {
  DegradationPreference,
  EngineMethod,
  EngineParams,
  EngineResult,
  IceConnectionState,
  IceGatheringState,
  PeerConfigParams,
  PeerConnectionState,
  PeerEvents,
  PeerStats,
  RemoteTrackEvent,
  RtpEncoding,
  SessionDescription,
  SignalingState,
  TransceiverDirection,
  TransceiverInfo,
} from '../../engine/protocol';
import { DailyError, EngineExitedError, InvalidStateError } from '../../errors';

export type {
  DegradationPreference,
  IceConnectionState,
  IceGatheringState,
  PeerConnectionState,
  PeerStats,
  RemoteTrackEvent,
  RtpEncoding,
  SessionDescription,
  SignalingState,
  TransceiverDirection,
  TransceiverInfo,
};

/** ICE and network settings of a peer connection. */
export type PeerConnectionConfig = PeerConfigParams;

/** A local ICE candidate, as trickled. */
export interface IceCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/** Events of a {@link PeerConnection} and their arguments. */
export interface PeerConnectionEvents {
  track: [RemoteTrackEvent];
  'track-removed': [{ trackId: string; mid: string }];
  'connection-state': [PeerConnectionState];
  'ice-connection-state': [IceConnectionState];
  'ice-gathering-state': [IceGatheringState];
  'signaling-state': [SignalingState];
  'negotiation-needed': [];
  'ice-candidate': [IceCandidate];
  'dtmf-tone': [{ transceiverId: string; tone: string; toneBuffer: string }];
  /** A DTMF digit the remote side pressed (RFC 4733 telephone-event received), once per press. */
  dtmf: [{ transceiverId: string; tone: string; durationMs: number }];
  /** The connection is closed; `error` is set when the engine exited. */
  closed: [Error | undefined];
}

let nextId = 1;

export class PeerConnection extends EventEmitter<PeerConnectionEvents> {
  /** The connection's id in the engine (`pcId`). */
  readonly id: string;
  private readonly channel: EngineChannel;
  private connection: PeerConnectionState = 'new';
  private iceConnection: IceConnectionState = 'new';
  private gathering: IceGatheringState = 'new';
  private signaling: SignalingState = 'stable';
  private closedWith: { error: Error | undefined } | undefined;
  private readonly remote = new Map<string, RemoteTrackEvent>();
  private readonly cleanup: (() => void)[] = [];

  private constructor(id: string, channel: EngineChannel) {
    super();
    this.id = id;
    this.channel = channel;
  }

  /** Creates a peer connection in the engine (starting the engine if it died). */
  static async create(config: PeerConnectionConfig = {}): Promise<PeerConnection> {
    if (!engineHost.initialized) throw new InvalidStateError('call Daily.init() before creating a peer connection');
    const channel = await engineHost.ensure();
    const pc = new PeerConnection(`pc${nextId++}`, channel);
    pc.listen();
    try {
      await channel.request('pc.create', { pcId: pc.id, ...config });
    } catch (err) {
      pc.finish(undefined, false);
      throw err;
    }
    return pc;
  }

  get connectionState(): PeerConnectionState {
    return this.connection;
  }

  get iceConnectionState(): IceConnectionState {
    return this.iceConnection;
  }

  get iceGatheringState(): IceGatheringState {
    return this.gathering;
  }

  get signalingState(): SignalingState {
    return this.signaling;
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Remote tracks received and not yet removed, by registry track id. */
  get remoteTracks(): ReadonlyMap<string, RemoteTrackEvent> {
    return this.remote;
  }

  /**
   * Sends the local track `trackId` (audio or video). `sdpTrackId` and
   * `streamIds` are what the remote side sees (a=msid); by default the track's
   * own id and one stream of that id. Without `direction` and `sendEncodings`
   * this is the W3C addTrack: it reuses a transceiver that a remote offer
   * created (so the answer carries the track); with either, a new transceiver
   * is always added.
   */
  addTrack(
    trackId: string,
    options: {
      sdpTrackId?: string;
      streamIds?: string[];
      direction?: TransceiverDirection;
      sendEncodings?: RtpEncoding[];
    } = {},
  ): Promise<{ transceiverId: string; kind: 'audio' | 'video' }> {
    return this.call('pc.addTrack', { pcId: this.id, trackId, ...options });
  }

  /** Adds a transceiver with no local track (default direction recvonly). */
  addTransceiver(
    kind: 'audio' | 'video',
    options: { direction?: TransceiverDirection } = {},
  ): Promise<{ transceiverId: string; kind: 'audio' | 'video' }> {
    return this.call('pc.addTransceiver', { pcId: this.id, kind, ...options });
  }

  createOffer(options: { iceRestart?: boolean } = {}): Promise<SessionDescription> {
    return this.call('pc.createOffer', { pcId: this.id, ...options });
  }

  createAnswer(): Promise<SessionDescription> {
    return this.call('pc.createAnswer', { pcId: this.id });
  }

  /**
   * Sets the local description: `description`, or (without it) an offer or
   * answer created for the current signaling state. With `waitForGathering`
   * the result arrives once ICE gathering is complete, holding every local
   * candidate (`gatheringComplete` tells whether it completed before
   * `gatheringTimeoutMs`, default 10 s).
   */
  setLocalDescription(
    description?: SessionDescription,
    options: { waitForGathering?: boolean; gatheringTimeoutMs?: number } = {},
  ): Promise<SessionDescription & { gatheringComplete: boolean; transceivers: TransceiverInfo[] }> {
    return this.call(
      'pc.setLocalDescription',
      { pcId: this.id, ...(description ?? {}), ...options },
      { timeoutMs: (options.gatheringTimeoutMs ?? 10_000) + 30_000 },
    );
  }

  /** Sets the remote description; resolves with the transceivers (mids assigned). */
  async setRemoteDescription(description: SessionDescription): Promise<TransceiverInfo[]> {
    const r = await this.call('pc.setRemoteDescription', {
      pcId: this.id,
      type: description.type,
      sdp: description.sdp,
    });
    return r.transceivers;
  }

  /** Adds a remote candidate (kept until the remote description is set). An empty candidate is ignored. */
  async addIceCandidate(candidate: IceCandidate): Promise<void> {
    await this.call('pc.addIceCandidate', { pcId: this.id, ...candidate });
  }

  async restartIce(): Promise<void> {
    await this.call('pc.restartIce', { pcId: this.id });
  }

  async transceivers(): Promise<TransceiverInfo[]> {
    return (await this.call('pc.transceivers', { pcId: this.id })).transceivers;
  }

  /** The current local and remote descriptions. */
  descriptions(): Promise<{ local: SessionDescription | null; remote: SessionDescription | null }> {
    return this.call('pc.localDescription', { pcId: this.id });
  }

  /** Sends another local track on a transceiver (same kind), or nothing with `null`. No renegotiation. */
  async replaceTrack(transceiverId: string, trackId: string | null): Promise<void> {
    await this.call('pc.replaceTrack', { pcId: this.id, transceiverId, trackId });
  }

  async setDirection(transceiverId: string, direction: TransceiverDirection): Promise<void> {
    await this.call('pc.setDirection', { pcId: this.id, transceiverId, direction });
  }

  async stopTransceiver(transceiverId: string): Promise<void> {
    await this.call('pc.stopTransceiver', { pcId: this.id, transceiverId });
  }

  /**
   * Changes a sender's encodings (same count as negotiated, matched by rid):
   * maxBitrate (audio and video), maxFramerate, scaleResolutionDownBy, active;
   * and the video degradation preference. A new audio maxBitrate pauses the
   * audio encoding for a moment so that it applies at once.
   */
  async setEncodings(
    transceiverId: string,
    encodings?: RtpEncoding[],
    options: { degradationPreference?: DegradationPreference } = {},
  ): Promise<RtpEncoding[]> {
    return (await this.call('pc.setEncodings', { pcId: this.id, transceiverId, encodings, ...options })).encodings;
  }

  getEncodings(
    transceiverId: string,
  ): Promise<{ encodings: RtpEncoding[]; degradationPreference?: DegradationPreference }> {
    return this.call('pc.getEncodings', { pcId: this.id, transceiverId });
  }

  /** Bandwidth estimation bounds, e.g. a start bitrate so video starts at full size. */
  async setBitrate(bitrate: {
    minBitrateBps?: number;
    startBitrateBps?: number;
    maxBitrateBps?: number;
  }): Promise<void> {
    await this.call('pc.setBitrate', { pcId: this.id, ...bitrate });
  }

  /**
   * Stats: RTT, loss, jitter and bitrates. Bitrates are computed from byte
   * counters since the previous call (0 on the first call).
   */
  getStats(options: { raw?: boolean } = {}): Promise<PeerStats> {
    return this.call('pc.stats', { pcId: this.id, ...options });
  }

  /** Sends RFC 4733 DTMF tones on an audio transceiver; `dtmf-tone` events follow each tone. */
  async insertDtmf(
    transceiverId: string,
    tones: string,
    options: { durationMs?: number; interToneGapMs?: number } = {},
  ): Promise<void> {
    await this.call('pc.insertDtmf', { pcId: this.id, transceiverId, tones, ...options });
  }

  /**
   * Restricts the codecs an audio or video transceiver negotiates, most preferred first
   * (names such as 'PCMU', 'PCMA', 'G722', 'opus', 'telephone-event'; case-insensitive).
   * Applies from the next offer or answer; resolves with the codec names applied.
   */
  async setCodecPreferences(transceiverId: string, codecs: string[]): Promise<string[]> {
    const result = await this.call('pc.setCodecPreferences', { pcId: this.id, transceiverId, codecs });
    return result.codecs;
  }

  /** Resolves when the connection reaches `state`; rejects on close, failure or timeout. */
  waitForConnectionState(state: PeerConnectionState, timeoutMs = 10_000): Promise<void> {
    if (this.connection === state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        done();
        reject(
          new DailyError(
            `peer connection ${this.id} did not reach '${state}' within ${timeoutMs} ms (it is '${this.connection}')`,
            'timeout',
          ),
        );
      }, timeoutMs);
      const onState = (s: PeerConnectionState): void => {
        if (s === state) {
          done();
          resolve();
        } else if (s === 'failed' || s === 'closed') {
          done();
          reject(
            new DailyError(
              `peer connection ${this.id} became '${s}' while waiting for '${state}'`,
              'connection-failed',
            ),
          );
        }
      };
      const onClosed = (err: Error | undefined): void => {
        done();
        reject(err ?? new InvalidStateError(`peer connection ${this.id} was closed`));
      };
      const done = (): void => {
        clearTimeout(timer);
        this.off('connection-state', onState);
        this.off('closed', onClosed);
      };
      this.on('connection-state', onState);
      this.on('closed', onClosed);
    });
  }

  /** Closes the connection; its remote tracks are unregistered. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closedWith) return;
    const alive = this.channel.alive;
    this.finish(undefined, true);
    if (alive) await this.channel.request('pc.close', { pcId: this.id }).catch(() => undefined);
  }

  private call<M extends EngineMethod>(
    method: M,
    params: EngineParams<M>,
    options?: { timeoutMs?: number },
  ): Promise<EngineResult<M>> {
    if (this.closedWith) {
      return Promise.reject(
        this.closedWith.error ?? new InvalidStateError(`peer connection ${this.id} is closed; "${method}" cannot run`),
      );
    }
    return this.channel.request(method, params, options);
  }

  private listen(): void {
    const routes = routesFor(this.channel);
    routes.set(this.id, this);
    this.cleanup.push(() => routes.delete(this.id));
    this.cleanup.push(
      this.channel.onExit(() =>
        this.finish(
          engineHost.initialized
            ? new EngineExitedError(`the media engine exited; peer connection ${this.id} is gone`, null, null)
            : new InvalidStateError(`Daily.deinit() closed peer connection ${this.id}`),
          true,
        ),
      ),
    );
  }

  /** @internal An engine notification about this connection. */
  handle<E extends keyof PeerEvents>(event: E, data: PeerEvents[E]): void {
    if (this.closedWith) return;
    switch (event) {
      case 'pc.track': {
        const e = data as PeerEvents['pc.track'];
        this.remote.set(e.trackId, e);
        this.emit('track', e);
        return;
      }
      case 'pc.track-removed': {
        const e = data as PeerEvents['pc.track-removed'];
        this.remote.delete(e.trackId);
        this.emit('track-removed', { trackId: e.trackId, mid: e.mid });
        return;
      }
      case 'pc.connection-state':
        this.connection = (data as PeerEvents['pc.connection-state']).state;
        this.emit('connection-state', this.connection);
        return;
      case 'pc.ice-connection-state':
        this.iceConnection = (data as PeerEvents['pc.ice-connection-state']).state;
        this.emit('ice-connection-state', this.iceConnection);
        return;
      case 'pc.ice-gathering-state':
        this.gathering = (data as PeerEvents['pc.ice-gathering-state']).state;
        this.emit('ice-gathering-state', this.gathering);
        return;
      case 'pc.signaling-state':
        this.signaling = (data as PeerEvents['pc.signaling-state']).state;
        this.emit('signaling-state', this.signaling);
        return;
      case 'pc.negotiation-needed':
        this.emit('negotiation-needed');
        return;
      case 'pc.ice-candidate': {
        const { candidate, sdpMid, sdpMLineIndex } = data as PeerEvents['pc.ice-candidate'];
        this.emit('ice-candidate', { candidate, sdpMid, sdpMLineIndex });
        return;
      }
      case 'pc.dtmf-tone': {
        const { transceiverId, tone, toneBuffer } = data as PeerEvents['pc.dtmf-tone'];
        this.emit('dtmf-tone', { transceiverId, tone, toneBuffer });
        return;
      }
      case 'pc.dtmf': {
        const { transceiverId, tone, durationMs } = data as PeerEvents['pc.dtmf'];
        this.emit('dtmf', { transceiverId, tone, durationMs });
        return;
      }
      case 'pc.closed':
        this.finish(undefined, true);
        return;
    }
  }

  private finish(error: Error | undefined, emit: boolean): void {
    if (this.closedWith) return;
    this.closedWith = { error };
    for (const c of this.cleanup) c();
    this.cleanup.length = 0;
    if (error) this.connection = 'failed';
    else this.connection = 'closed';
    for (const trackId of [...this.remote.keys()]) {
      this.remote.delete(trackId);
    }
    if (emit) this.emit('closed', error);
  }
}

const PEER_EVENTS: (keyof PeerEvents)[] = [
  'pc.track',
  'pc.track-removed',
  'pc.connection-state',
  'pc.ice-connection-state',
  'pc.ice-gathering-state',
  'pc.signaling-state',
  'pc.negotiation-needed',
  'pc.ice-candidate',
  'pc.dtmf-tone',
  'pc.dtmf',
  'pc.closed',
];

/** One notification route per engine channel: pcId -> connection. */
const routeTables = new WeakMap<EngineChannel, Map<string, PeerConnection>>();

function routesFor(channel: EngineChannel): Map<string, PeerConnection> {
  let routes = routeTables.get(channel);
  if (!routes) {
    const table = new Map<string, PeerConnection>();
    for (const event of PEER_EVENTS) {
      channel.onNotification(event, (data) => table.get((data as { pcId: string }).pcId)?.handle(event, data));
    }
    routeTables.set(channel, table);
    routes = table;
  }
  return routes;
}
