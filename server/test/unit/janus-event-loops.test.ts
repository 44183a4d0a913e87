/**
 * How many loop threads the embedded Janus shares among its handles: one per
 * core by default, the option before the environment variable, 0 for Janus's
 * own thread per handle, and clear errors naming the field for a bad value
 * (janus-config.test.ts: how it is written into janus.jcfg).
 */
import { describe, expect, it } from 'vitest';

import { checkEventLoops, defaultEventLoops, requestedEventLoops } from '../../src/janus/janus-event-loops';
import { resolveOptions } from '../../src/options';

describe('requestedEventLoops', () => {
  it('defaults to one loop per core, between 1 and 16', () => {
    expect(defaultEventLoops(2)).toBe(2);
    expect(defaultEventLoops(0)).toBe(1);
    expect(defaultEventLoops(96)).toBe(16);
    expect(requestedEventLoops(undefined, {})).toBe(defaultEventLoops());
  });

  it('takes the option first, then DAILY_NODE_JANUS_EVENT_LOOPS', () => {
    expect(requestedEventLoops(4, { DAILY_NODE_JANUS_EVENT_LOOPS: '1' })).toBe(4);
    expect(requestedEventLoops(undefined, { DAILY_NODE_JANUS_EVENT_LOOPS: '0' })).toBe(0);
    expect(requestedEventLoops(undefined, { DAILY_NODE_JANUS_EVENT_LOOPS: '' })).toBe(defaultEventLoops());
  });

  it('refuses a count that is not a whole number from 0 to 64, naming where it came from', () => {
    expect(() => requestedEventLoops(undefined, { DAILY_NODE_JANUS_EVENT_LOOPS: 'many' })).toThrow(
      'DAILY_NODE_JANUS_EVENT_LOOPS: must be an integer from 0 to 64 (0: a thread per handle; got "many")',
    );
    for (const bad of [-1, 1.5, 65, '3x', null, true])
      expect(() => checkEventLoops(bad, 'janus.eventLoops')).toThrow(/^janus\.eventLoops: must be an integer/);
  });

  it('is checked with the server options', () => {
    expect(() => resolveOptions({ janus: { mode: 'embedded', eventLoops: 100 } })).toThrow(
      /^janus\.eventLoops: must be an integer from 0 to 64 \(0: a thread per handle; got 100\)$/,
    );
    expect(resolveOptions({ janus: { mode: 'embedded', eventLoops: 0 } }).janus).toMatchObject({ eventLoops: 0 });
  });
});
