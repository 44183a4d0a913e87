/**
 * The send side of a call: one send-only peer connection carrying every
 * published track (microphone, camera, screen, named custom tracks), kept in
 * line with what the settings ask for. Switching the source of a track
 * replaces it in place; adding or removing tracks renegotiates with the
 * server (`publish`); switching a track on or off is `updateTracks`.
 * @internal
 * @module
 */
import { PeerConnection, type PeerConnectionConfig, type RtpEncoding } from '../../media/peer/peer-connection';
import { withOpusCaptureRate } from './sdp-capture-rate';
import { withOpusFrameDuration } from './sdp-frame-duration';
import { withOpusStereo } from './sdp-stereo';
import type { SignalingRequester } from './signaling-requester';

/** A track the settings ask to publish. */
export interface DesiredTrack {
  /** `microphone`, `camera`, `screenVideo`, `screenAudio` or a custom track name. */
  name: string;
  kind: 'audio' | 'video';
  /** Engine registry id of the local track. */
  trackId: string;
  /** False: published but switched off (others see it off, reason `user`). */
  enabled: boolean;
  /** Video: the layers (simulcast when several). Fixed per transceiver. */
  layers?: RtpEncoding[];
  /** Audio: bitrate cap. */
  maxBitrate?: number;
  /** Audio: send Opus stereo. */
  stereo?: boolean;
  /** Audio: Opus frame (packet) duration in ms; undefined leaves libwebrtc's 20 ms. */
  frameDurationMs?: number;
  /** Audio: the source's sample rate, when known (at 16 kHz or less the engine encodes at 16 kHz). */
  captureRateHz?: number;
  /** Audio: keep the track out of active-speaker detection. */
  ignoreAudioLevel?: boolean;
}

interface Slot {
  name: string;
  kind: 'audio' | 'video';
  transceiverId: string;
  mid: string | null;
  trackId: string | null;
  enabled: boolean;
  /** The layer layout (rids) the transceiver was made with. */
  layout: string;
  /** The sender parameters last applied (JSON), to apply only changes. */
  applied: string;
  stereo: boolean;
  frameDurationMs: number | undefined;
  captureRateHz: number | undefined;
  ignoreAudioLevel: boolean;
}

const layoutOf = (d: DesiredTrack): string =>
  d.kind === 'audio' ? 'audio' : JSON.stringify((d.layers ?? []).map((l) => l.rid ?? ''));

export class Publisher {
  private pc: PeerConnection | undefined;
  private readonly slots = new Map<string, Slot>();
  /** Transceivers no longer used, kept (inactive) for reuse. */
  private free: Slot[] = [];
  /** The server holds our current offer. */
  private published = false;

  constructor(
    private readonly request: SignalingRequester,
    private readonly config: () => PeerConnectionConfig,
  ) {}

  /** The send connection, if any (stats). */
  get connection(): PeerConnection | undefined {
    return this.pc;
  }

  /** Local track id of each published track name (for renderers of the local participant). */
  localTracks(): Map<string, { trackId: string; kind: 'audio' | 'video' }> {
    const out = new Map<string, { trackId: string; kind: 'audio' | 'video' }>();
    for (const s of this.slots.values()) if (s.trackId) out.set(s.name, { trackId: s.trackId, kind: s.kind });
    return out;
  }

  /** Brings the connection in line with `desired` (call one at a time). */
  async sync(desired: DesiredTrack[]): Promise<void> {
    if (desired.length === 0) {
      await this.unpublish();
      return;
    }
    try {
      await this.apply(desired);
    } catch (err) {
      // The connection may be half-negotiated: start clean next time.
      await this.unpublish();
      throw err;
    }
  }

  /**
   * Stops publishing: tells the server (when it holds our offer), then closes
   * the connection. In that order: closing first sends a DTLS alert that makes
   * the SFU hang up on its own, racing the request. Best effort: if the SFU
   * already hung up, the server has stopped our publication anyway.
   */
  async unpublish(): Promise<void> {
    if (this.published) await this.request('unpublish', {}).catch(() => undefined);
    this.drop();
  }

  /** Forgets the connection without telling the server (it already forgot, or it is gone). */
  drop(): void {
    const pc = this.pc;
    this.pc = undefined;
    this.slots.clear();
    this.free = [];
    this.published = false;
    void pc?.close();
  }

  private async apply(desired: DesiredTrack[]): Promise<void> {
    if (!this.pc || this.pc.closed) {
      this.drop();
      this.pc = await PeerConnection.create(this.config());
    }
    const pc = this.pc;
    let renegotiate = !this.published;
    const toggles: Record<string, { enabled: boolean }> = {};
    const wanted = new Map(desired.map((d) => [d.name, d]));

    for (const slot of [...this.slots.values()]) {
      const d = wanted.get(slot.name);
      if (!d || d.kind !== slot.kind || layoutOf(d) !== slot.layout) {
        await this.release(slot);
        renegotiate = true;
      }
    }
    for (const d of desired) {
      let slot = this.slots.get(d.name);
      if (!slot) {
        slot = await this.acquire(pc, d);
        this.slots.set(d.name, slot);
        renegotiate = true;
        continue;
      }
      if (slot.trackId !== d.trackId) {
        await pc.replaceTrack(slot.transceiverId, d.trackId);
        slot.trackId = d.trackId;
      }
      if (slot.enabled !== d.enabled) {
        slot.enabled = d.enabled;
        toggles[d.name] = { enabled: d.enabled };
      }
    }
    for (const d of desired) {
      const slot = this.slots.get(d.name)!;
      const stereo = d.kind === 'audio' && d.stereo === true;
      // Stereo lives in the answer, so changing it means negotiating again.
      if (slot.stereo !== stereo) renegotiate = true;
      slot.stereo = stereo;
      // So is the frame duration (a=ptime).
      const frameMs = d.kind === 'audio' ? d.frameDurationMs : undefined;
      if (slot.frameDurationMs !== frameMs) renegotiate = true;
      slot.frameDurationMs = frameMs;
      // And the capture rate (the Opus fmtp): a track at another rate may now be in the slot.
      const captureHz = d.kind === 'audio' ? d.captureRateHz : undefined;
      if (slot.captureRateHz !== captureHz) renegotiate = true;
      slot.captureRateHz = captureHz;
      // The server learns the flag from publish.
      const ignoreAudioLevel = d.ignoreAudioLevel === true;
      if (slot.ignoreAudioLevel !== ignoreAudioLevel) renegotiate = true;
      slot.ignoreAudioLevel = ignoreAudioLevel;
    }

    if (renegotiate) await this.negotiate(pc);
    else if (Object.keys(toggles).length) await this.request('updateTracks', { tracks: toggles });
    await this.applyParameters(pc, wanted);
  }

  /** A transceiver for `d`: a free one of the same layout, or a new one. */
  private async acquire(pc: PeerConnection, d: DesiredTrack): Promise<Slot> {
    const layout = layoutOf(d);
    const reuse = this.free.find((s) => s.kind === d.kind && s.layout === layout);
    if (reuse) {
      this.free = this.free.filter((s) => s !== reuse);
      await pc.replaceTrack(reuse.transceiverId, d.trackId);
      await pc.setDirection(reuse.transceiverId, 'sendonly');
      return { ...reuse, name: d.name, trackId: d.trackId, enabled: d.enabled, applied: '' };
    }
    const { transceiverId } = await pc.addTrack(d.trackId, {
      direction: 'sendonly',
      streamIds: [d.name],
      ...(d.layers && d.layers.length ? { sendEncodings: d.layers } : {}),
    });
    return {
      name: d.name,
      kind: d.kind,
      transceiverId,
      mid: null,
      trackId: d.trackId,
      enabled: d.enabled,
      layout,
      applied: '',
      stereo: false,
      frameDurationMs: undefined,
      captureRateHz: undefined,
      ignoreAudioLevel: false,
    };
  }

  /** Parks a slot's transceiver (inactive, no track) for reuse. */
  private async release(slot: Slot): Promise<void> {
    this.slots.delete(slot.name);
    const pc = this.pc!;
    await pc.replaceTrack(slot.transceiverId, null);
    await pc.setDirection(slot.transceiverId, 'inactive');
    this.free.push({ ...slot, trackId: null });
  }

  private async negotiate(pc: PeerConnection): Promise<void> {
    const offer = await pc.setLocalDescription(undefined, { waitForGathering: true, gatheringTimeoutMs: 5000 });
    const mids = new Map(offer.transceivers.map((t) => [t.transceiverId, t.mid]));
    for (const slot of this.slots.values()) slot.mid = mids.get(slot.transceiverId) ?? null;
    const tracks = [...this.slots.values()].map((s) => ({
      mid: s.mid!,
      name: s.name,
      enabled: s.enabled,
      ...(s.ignoreAudioLevel ? { ignoreAudioLevel: true } : {}),
    }));
    // Encodings are listed lowest first (libwebrtc sends nothing otherwise); Janus must be told.
    const { jsep } = await this.request(
      'publish',
      { jsep: { type: 'offer', sdp: offer.sdp, trickle: false }, tracks, ridOrder: 'lmh' },
      30_000,
    );
    const stereo = new Set([...this.slots.values()].filter((s) => s.stereo && s.mid).map((s) => s.mid!));
    const frames = new Map<string, number>();
    for (const s of this.slots.values()) if (s.mid && s.frameDurationMs) frames.set(s.mid, s.frameDurationMs);
    const rates = new Map<string, number>();
    for (const s of this.slots.values()) if (s.mid && s.captureRateHz) rates.set(s.mid, s.captureRateHz);
    const answer = withOpusCaptureRate(withOpusFrameDuration(withOpusStereo(jsep.sdp, stereo), frames), rates);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    this.published = true;
  }

  /** Applies bitrate caps and layer settings that changed since last time. */
  private async applyParameters(pc: PeerConnection, wanted: Map<string, DesiredTrack>): Promise<void> {
    for (const slot of this.slots.values()) {
      const d = wanted.get(slot.name)!;
      let encodings: RtpEncoding[] | undefined;
      if (d.kind === 'audio') {
        // Once capped, an uncapped track gets the Opus maximum (a cap cannot be removed).
        if (d.maxBitrate !== undefined || slot.applied) encodings = [{ maxBitrate: d.maxBitrate ?? 510_000 }];
      } else if (d.layers?.length) {
        encodings = d.layers;
      }
      if (!encodings) continue;
      const key = JSON.stringify(encodings);
      if (key === slot.applied) continue;
      await pc.setEncodings(slot.transceiverId, encodings);
      slot.applied = key;
    }
  }
}
