/**
 * OfferGate: subscriber offers held while the receive connection is being
 * replaced. The case behind issue 15's 15 s deafness: the `resetSubscriber`
 * result and the new connection's first offer arrive in one socket read, so
 * the offer is delivered before the code awaiting the result runs again. It
 * must be kept (and handled once the result names the new connection), while
 * offers made for the dropped connection are not.
 */
import { describe, expect, it } from 'vitest';

import { OfferGate } from '../../src/call/sfu-media/offer-gate';
import type { SignalingEvents } from '../../src/signaling/protocol';

const offer = (connectionId: number): SignalingEvents['subscriber-offer'] => ({
  connectionId,
  jsep: { type: 'offer', sdp: `offer ${connectionId}` },
  streams: [],
});

describe('OfferGate', () => {
  it('lets offers through while open', () => {
    const gate = new OfferGate();
    expect(gate.take(offer(1))).toBe(false);
    expect(gate.holding).toBe(false);
  });

  it('holds offers during a reset, then keeps those for the new connection, in order, and drops the stale ones', () => {
    const gate = new OfferGate();
    gate.hold();
    expect(gate.take(offer(3))).toBe(true); // sent for the old connection before the reset reached the server
    // The reset's result is read, and in the same read the new connection's offers arrive:
    expect(gate.take(offer(5))).toBe(true);
    expect(gate.take(offer(6))).toBe(true);
    expect(gate.release(5).map((o) => o.connectionId)).toEqual([5, 6]);
    expect(gate.holding).toBe(false);
    expect(gate.take(offer(7))).toBe(false);
  });

  it('a reset that got no result drops what it held; holding twice is holding once', () => {
    const gate = new OfferGate();
    gate.hold();
    gate.take(offer(2));
    gate.hold();
    gate.take(offer(3));
    expect(gate.release()).toEqual([]);
    expect(gate.release(1)).toEqual([]);
  });
});
