/**
 * PendingRequests, the correlation behind the engine channel, the signaling
 * connection and the server's Janus connection: ids, timeouts, exactly one
 * settlement per request, rejection of all on close, and the bound.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { PendingRequests } from '../../src/async/pending-requests';

const tooManyError = (what: string, max: number): Error => new Error(`${what} refused: ${max} wait`);
const timeout = (ms: number): { timeoutMs: number; timeoutError: (what: string) => Error } => ({
  timeoutMs: ms,
  timeoutError: (what) => new Error(`${what} timed out`),
});

afterEach(() => {
  vi.useRealTimers();
});

describe('PendingRequests', () => {
  it('sends each request under its own id and gives each answer to its request, in any order', async () => {
    const pending = new PendingRequests<number, string>({ tooManyError });
    const sent: number[] = [];
    const first = pending.start<string>('first', timeout(1000), (id) => sent.push(id));
    const second = pending.start<string>('second', timeout(1000), (id) => sent.push(id));
    expect(sent).toEqual([1, 2]);
    expect(pending.info(2)).toBe('second');
    expect(pending.resolve(2, 'answer to 2')).toBe(true);
    expect(pending.resolve(1, 'answer to 1')).toBe(true);
    await expect(first).resolves.toBe('answer to 1');
    await expect(second).resolves.toBe('answer to 2');
    expect(pending.size).toBe(0);
  });

  it('takes ids from the given allocator', async () => {
    let n = 0;
    const pending = new PendingRequests<string, string>({ tooManyError, nextId: () => `tx-${++n}` });
    const sent: string[] = [];
    const request = pending.start('create', timeout(1000), (id) => sent.push(id));
    expect(sent).toEqual(['tx-1']);
    pending.resolve('tx-1', 'ok');
    await expect(request).resolves.toBe('ok');
  });

  it('rejects a request that gets no answer in time, and ignores its late answer', async () => {
    vi.useFakeTimers();
    const pending = new PendingRequests<number, string>({ tooManyError });
    const request = pending.start('slow', timeout(500), () => {});
    const outcome = request.catch((err: Error) => err.message);
    vi.advanceTimersByTime(499);
    expect(pending.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await outcome).toBe('slow timed out');
    expect(pending.size).toBe(0);
    expect(pending.resolve(1, 'too late')).toBe(false);
  });

  it('waits forever when the timeout is 0', () => {
    vi.useFakeTimers();
    const pending = new PendingRequests<number, string>({ tooManyError });
    void pending.start('forever', timeout(0), () => {});
    vi.advanceTimersByTime(24 * 3600 * 1000);
    expect(pending.size).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('settles a request once: a second answer or rejection is ignored and reports false', async () => {
    const pending = new PendingRequests<number, string>({ tooManyError });
    const request = pending.start('once', timeout(1000), () => {});
    expect(pending.resolve(1, 'first')).toBe(true);
    expect(pending.reject(1, new Error('second'))).toBe(false);
    expect(pending.resolve(1, 'third')).toBe(false);
    await expect(request).resolves.toBe('first');
  });

  it('clears the timer of a settled request', () => {
    vi.useFakeTimers();
    const pending = new PendingRequests<number, string>({ tooManyError });
    void pending.start('quick', timeout(1000), () => {});
    expect(vi.getTimerCount()).toBe(1);
    pending.resolve(1, 'done');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects the request with what its send throws', async () => {
    const pending = new PendingRequests<number, string>({ tooManyError });
    const request = pending.start('unsendable', timeout(1000), () => {
      throw new Error('socket is gone');
    });
    await expect(request).rejects.toThrow('socket is gone');
    expect(pending.size).toBe(0);
  });

  it('rejects every waiting request on close, each with an error made from its own info', async () => {
    const pending = new PendingRequests<number, string>({ tooManyError });
    const a = pending.start('a', timeout(1000), () => {});
    const b = pending.start('b', timeout(0), () => {});
    pending.rejectAll((what) => new Error(`closed while ${what} was pending`));
    await expect(a).rejects.toThrow('closed while a was pending');
    await expect(b).rejects.toThrow('closed while b was pending');
    expect(pending.size).toBe(0);
    expect(pending.resolve(1, 'after close')).toBe(false);
  });

  it('refuses a request beyond the bound without sending it, and takes requests again once one settles', async () => {
    const pending = new PendingRequests<number, string>({ tooManyError, maxPending: 2 });
    const send = vi.fn();
    void pending.start('one', timeout(0), send);
    void pending.start('two', timeout(0), send);
    await expect(pending.start('three', timeout(0), send)).rejects.toThrow('three refused: 2 wait');
    expect(send).toHaveBeenCalledTimes(2);
    pending.resolve(1, 'done');
    void pending.start('four', timeout(0), send);
    expect(send).toHaveBeenCalledTimes(3);
  });
});
