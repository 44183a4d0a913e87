/**
 * A refused subscriber answer is reported to the app only when it is a real
 * failure, not when the server had simply replaced the offer.
 */
import { describe, expect, it } from 'vitest';

import { isStaleAnswer } from '../../src/call/sfu-media/stale-answer';
import { TransportError } from '../../src/transport/transport-error';

describe('isStaleAnswer', () => {
  it('is true for the answer to a replaced offer and for an answer nobody waits for any more', () => {
    const replaced = new TransportError(
      'the offer of connection 15 was replaced; the waiting offer is connection 132',
      'bad-request',
      'params.connectionId',
    );
    const late = new TransportError('no subscriber offer is waiting for an answer', 'bad-request', 'params.jsep');
    expect(isStaleAnswer(replaced)).toBe(true);
    expect(isStaleAnswer(late)).toBe(true);
  });

  it('is false for other refusals and failures, which the app must hear of', () => {
    expect(isStaleAnswer(new TransportError('params.jsep.sdp must be a string', 'bad-request', 'params.jsep'))).toBe(
      false,
    );
    expect(isStaleAnswer(new TransportError('no answer in time', 'timeout'))).toBe(false);
    expect(isStaleAnswer(new TransportError('x', 'forbidden', 'params.connectionId'))).toBe(false);
    expect(isStaleAnswer(new Error('the engine exited'))).toBe(false);
  });
});
