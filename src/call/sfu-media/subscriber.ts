/**
 * The receive side of a call: one receive-only peer connection whose offers
 * come from the server (`subscriber-offer`), and the map from each of its
 * m-lines to the participant and track it carries. A new `connectionId`
 * means the SFU side is new: the old connection is closed and a new one made.
 * @internal
 * @module
 */
import { PeerConnection, type PeerConnectionConfig } from '../../media/peer/peer-connection';
import type { SignalingEvents, SubscribedStream } from '../../signaling/messages';
import { asDtlsServer } from './sdp-dtls-role';
import type { SignalingRequester } from './signaling-requester';

/** A remote track the call receives: its engine track id and what it is. */
export interface ReceivedTrack {
  participantId: string;
  /** Track name at the sender: `microphone`, `camera`, `screenVideo`, `screenAudio` or a custom name. */
  source: string;
  kind: 'audio' | 'video';
  /** Engine registry id (`remote:<pcId>:<mid>`), for renderers. */
  trackId: string;
}

export class Subscriber {
  private pc: PeerConnection | undefined;
  private connectionId: number | undefined;
  private streams: SubscribedStream[] = [];

  constructor(
    private readonly request: SignalingRequester,
    private readonly config: () => PeerConnectionConfig,
    /** Called after every change of what is received. */
    private readonly onTracks: (tracks: ReceivedTrack[]) => void,
  ) {}

  /** The receive connection, if any (stats). */
  get connection(): PeerConnection | undefined {
    return this.pc;
  }

  /** What is being received now. */
  tracks(): ReceivedTrack[] {
    const pc = this.pc;
    if (!pc || pc.closed) return [];
    return this.streams.map((s) => ({
      participantId: s.participantId,
      source: s.track,
      kind: s.kind,
      trackId: `remote:${pc.id}:${s.mid}`,
    }));
  }

  /** Applies a server offer and answers it (call these one at a time). */
  async handleOffer(offer: SignalingEvents['subscriber-offer']): Promise<void> {
    if (offer.connectionId !== this.connectionId || !this.pc || this.pc.closed) {
      await this.drop();
      this.pc = await PeerConnection.create(this.config());
      this.connectionId = offer.connectionId;
    }
    const pc = this.pc;
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.jsep.sdp });
    const created = await pc.createAnswer();
    const answer = await pc.setLocalDescription(
      { type: 'answer', sdp: asDtlsServer(created.sdp) },
      { waitForGathering: true, gatheringTimeoutMs: 5000 },
    );
    this.streams = offer.streams;
    this.onTracks(this.tracks());
    const jsep = { type: 'answer' as const, sdp: answer.sdp, trickle: false };
    await this.request('subscriberAnswer', { jsep, connectionId: offer.connectionId });
  }

  /** Closes the receive connection (the engine died, the SFU restarted, ...); the next offer makes a new one. */
  async drop(): Promise<void> {
    const pc = this.pc;
    this.pc = undefined;
    this.connectionId = undefined;
    const had = this.streams.length > 0;
    this.streams = [];
    if (had) this.onTracks([]);
    await pc?.close();
  }
}
