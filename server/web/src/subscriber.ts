/**
 * The receive side: one receive-only RTCPeerConnection whose offers come from
 * the server (`subscriber-offer`), answered with `subscriberAnswer`. Each
 * offer lists which participant and track every m-line carries; a new
 * `connectionId` means a new SFU connection, so a new RTCPeerConnection.
 */
import type { SignalingEvents } from '../../../src/signaling/protocol';
import { asDtlsServer } from '../../../src/call/sfu-media/sdp-dtls-role';
import { gatheringComplete } from './ice-gathering';
import type { Requester } from './publisher';

/** A remote track being received. */
export interface RemoteTrack {
  participantId: string;
  /** `microphone`, `camera`, `screenVideo`, `screenAudio` or a custom name. */
  name: string;
  kind: 'audio' | 'video';
  track: MediaStreamTrack;
}

export class Subscriber {
  private pc: RTCPeerConnection | undefined;
  private connectionId: number | undefined;
  private current: RemoteTrack[] = [];

  constructor(
    private readonly request: Requester,
    private readonly onTracks: (tracks: RemoteTrack[]) => void,
  ) {}

  /** The receive connection (for stats). */
  get connection(): RTCPeerConnection | undefined {
    return this.pc;
  }

  /** Applies a server offer and answers it (one at a time). */
  async handleOffer(offer: SignalingEvents['subscriber-offer']): Promise<void> {
    if (offer.connectionId !== this.connectionId || !this.pc) {
      this.drop();
      this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      this.connectionId = offer.connectionId;
    }
    const pc = this.pc;
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.jsep.sdp });
    const answer = await pc.createAnswer();
    // As the DTLS server the SFU starts the handshake once its ICE is ready (see sdp-dtls-role).
    await pc.setLocalDescription({ type: 'answer', sdp: asDtlsServer(answer.sdp ?? '') });
    const byMid = new Map(pc.getTransceivers().map((t) => [t.mid, t]));
    this.current = offer.streams.flatMap((s) => {
      const t = byMid.get(s.mid);
      return t ? [{ participantId: s.participantId, name: s.track, kind: s.kind, track: t.receiver.track }] : [];
    });
    this.onTracks(this.current);
    await gatheringComplete(pc);
    await this.request('subscriberAnswer', { jsep: { type: 'answer', sdp: pc.localDescription!.sdp, trickle: false } });
  }

  /** Closes the receive connection; the next offer makes a new one. */
  drop(): void {
    this.pc?.close();
    this.pc = undefined;
    this.connectionId = undefined;
    if (this.current.length > 0) {
      this.current = [];
      this.onTracks([]);
    }
  }
}
