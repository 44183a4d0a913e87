/**
 * What the media layer uses of Janus: a VideoRoom to attach handles to, and
 * those handles. {@link JanusRoom} and `JanusHandle` implement these; unit
 * tests drive {@link RoomMedia} and {@link SubscriberConnection} with fakes,
 * so that orderings Janus and the network only produce under load (an offer
 * answered after its connection was replaced, a reset while Janus works) can
 * be replayed step by step.
 */
import type { Jsep, PluginReply } from '../janus/janus-messages';
import type { JanusNodeLink } from '../janus/janus-node-link';

/** One plugin handle: one PeerConnection on the SFU (a publisher or a subscriber). */
export interface MediaHandle {
  /** True once the handle is gone (detached, or its session died). */
  readonly isDetached: boolean;
  /** An asynchronous VideoRoom request (join, publish, configure, update, start, ...): resolves with its event. */
  requestAsync<T = Record<string, unknown>>(body: Record<string, unknown>, jsep?: Jsep): Promise<PluginReply<T>>;
  /** One trickled ICE candidate, or end-of-candidates for `null`. */
  trickle(
    candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null,
  ): Promise<void>;
  /**
   * Frees the handle on the SFU; never rejects. Requests still waiting on the
   * handle reject at once (the SFU answers nothing on a detached handle).
   */
  detach(): Promise<void>;
  /** ICE and DTLS are up on the handle's PeerConnection. */
  on(event: 'webrtcup', listener: () => void): unknown;
  /** The handle's PeerConnection closed. */
  on(event: 'hangup', listener: (reason: string) => void): unknown;
}

/** A VideoRoom on one SFU node generation. */
export interface MediaRoom {
  /** The VideoRoom's number on the SFU. */
  readonly id: number;
  /** A new VideoRoom plugin handle on the room's node. */
  attach(): Promise<MediaHandle>;
}

/** A room {@link RoomMedia} owns: it also moderates, and it may die with its node. */
export interface OwnedMediaRoom extends MediaRoom {
  /** False once the node it was made on was lost. */
  readonly alive: boolean;
  /** Mutes (`mute`) or unmutes one m-line of a publisher, whatever it sends. */
  moderate(janusId: number, mid: string, mute: boolean): Promise<void>;
  /** Frees the room (best effort). */
  destroy(): Promise<void>;
}

/** Makes a VideoRoom on `node` for up to `maxPublishers`; `onEvent` gets its room events (talking). */
export type MediaRoomFactory = (
  node: JanusNodeLink,
  description: string,
  maxPublishers: number,
  onEvent: (e: PluginReply) => void,
) => Promise<OwnedMediaRoom>;
