/**
 * Holds the server's subscriber offers while the receive connection is being
 * replaced (`resetSubscriber` pending), then lets through those made for the
 * new connection. Why not a plain "ignore for now" flag: the reset's result
 * and the first offer of the new connection can arrive in one read from the
 * socket, and the WebSocket emits both messages before the code awaiting the
 * result runs again. A flag cleared there dropped that offer, and the server
 * waited its whole answer timeout (15 s) with the participant deaf (issue 15).
 * The result names the lowest `connectionId` of the new connection instead,
 * so which offers are stale no longer depends on timing.
 * @internal
 * @module
 */
import type { SignalingEvents } from '../../signaling/messages';

type Offer = SignalingEvents['subscriber-offer'];

export class OfferGate {
  private held: Offer[] | undefined;

  /** True while offers are held. */
  get holding(): boolean {
    return this.held !== undefined;
  }

  /** Holds offers from now on (a reset is about to be asked for). */
  hold(): void {
    this.held ??= [];
  }

  /** Takes `offer` if the gate holds offers now; false means it may be handled at once. */
  take(offer: Offer): boolean {
    if (!this.held) return false;
    this.held.push(offer);
    return true;
  }

  /**
   * Opens the gate. Returns the held offers made for connection
   * `minConnectionId` or a later one, in arrival order; the others were made
   * for the dropped connection. Without `minConnectionId` (no reset was
   * answered) every held offer is dropped (the server's answer timeout replaces
   * the connection they were made for).
   */
  release(minConnectionId?: number): Offer[] {
    const held = this.held ?? [];
    this.held = undefined;
    if (minConnectionId === undefined) return [];
    return held.filter((o) => o.connectionId >= minConnectionId);
  }
}
