/**
 * The send side: one send-only RTCPeerConnection carrying every published
 * track (microphone, camera, screenVideo, screenAudio), answered by the
 * server (`publish`). Adding or removing tracks renegotiates; switching a
 * track on or off is `updateTracks`; a new device replaces the track in place.
 */
import type {
  PublishedTrack,
  SignalingMethod,
  SignalingParams,
  SignalingResult,
} from '../../../src/signaling/protocol';
import { gatheringComplete } from './ice-gathering';

/** Sends one signaling request (the session's `request`). */
export type Requester = <M extends SignalingMethod>(
  method: M,
  params: SignalingParams<M>,
  timeoutMs?: number,
) => Promise<SignalingResult<M>>;

/** A track to publish under a name. */
export interface WantedTrack {
  name: string;
  track: MediaStreamTrack;
  enabled: boolean;
}

interface Slot {
  name: string;
  transceiver: RTCRtpTransceiver;
  enabled: boolean;
}

export class Publisher {
  private pc: RTCPeerConnection | undefined;
  private readonly slots = new Map<string, Slot>();
  private free: RTCRtpTransceiver[] = [];
  private published = false;

  constructor(private readonly request: Requester) {}

  /** The send connection (for stats). */
  get connection(): RTCPeerConnection | undefined {
    return this.pc;
  }

  /** Brings the connection in line with `wanted` (call one at a time). */
  async sync(wanted: WantedTrack[]): Promise<void> {
    if (wanted.length === 0) return this.unpublish();
    try {
      await this.apply(wanted);
    } catch (err) {
      await this.unpublish();
      throw err;
    }
  }

  /** Stops publishing: tells the server first, then closes the connection. */
  async unpublish(): Promise<void> {
    if (this.published) await this.request('unpublish', {}).catch(() => undefined);
    this.drop();
  }

  /** Forgets the connection without telling the server (it already forgot). */
  drop(): void {
    this.pc?.close();
    this.pc = undefined;
    this.slots.clear();
    this.free = [];
    this.published = false;
  }

  private async apply(wanted: WantedTrack[]): Promise<void> {
    if (!this.pc || this.pc.connectionState === 'closed') {
      this.drop();
      this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    }
    const pc = this.pc;
    let renegotiate = !this.published;
    const toggles: Record<string, { enabled: boolean }> = {};
    const byName = new Map(wanted.map((w) => [w.name, w]));
    for (const slot of [...this.slots.values()]) {
      const w = byName.get(slot.name);
      if (w && w.track.kind === slot.transceiver.sender.track?.kind) continue;
      await this.release(slot);
      renegotiate = true;
    }
    for (const w of wanted) {
      const slot = this.slots.get(w.name);
      if (!slot) {
        this.slots.set(w.name, await this.acquire(pc, w));
        renegotiate = true;
        continue;
      }
      if (slot.transceiver.sender.track !== w.track) await slot.transceiver.sender.replaceTrack(w.track);
      if (slot.enabled !== w.enabled) {
        slot.enabled = w.enabled;
        toggles[w.name] = { enabled: w.enabled };
      }
    }
    if (renegotiate) await this.negotiate(pc);
    else if (Object.keys(toggles).length > 0) await this.request('updateTracks', { tracks: toggles });
  }

  private async acquire(pc: RTCPeerConnection, w: WantedTrack): Promise<Slot> {
    const reuse = this.free.find((t) => t.receiver.track.kind === w.track.kind);
    if (reuse) {
      this.free = this.free.filter((t) => t !== reuse);
      await reuse.sender.replaceTrack(w.track);
      reuse.direction = 'sendonly';
      return { name: w.name, transceiver: reuse, enabled: w.enabled };
    }
    const transceiver = pc.addTransceiver(w.track, { direction: 'sendonly', streams: [new MediaStream([w.track])] });
    return { name: w.name, transceiver, enabled: w.enabled };
  }

  private async release(slot: Slot): Promise<void> {
    this.slots.delete(slot.name);
    await slot.transceiver.sender.replaceTrack(null);
    slot.transceiver.direction = 'inactive';
    this.free.push(slot.transceiver);
  }

  private async negotiate(pc: RTCPeerConnection): Promise<void> {
    await pc.setLocalDescription(await pc.createOffer());
    await gatheringComplete(pc);
    const offer = pc.localDescription!;
    const tracks: PublishedTrack[] = [...this.slots.values()].map((s) => ({
      mid: s.transceiver.mid!,
      name: s.name,
      enabled: s.enabled,
    }));
    const { jsep } = await this.request(
      'publish',
      { jsep: { type: 'offer', sdp: offer.sdp, trickle: false }, tracks },
      30_000,
    );
    await pc.setRemoteDescription({ type: 'answer', sdp: jsep.sdp });
    this.published = true;
  }
}
