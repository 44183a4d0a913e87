/**
 * JanusHandle against a connection that answers only when told: a request
 * waiting on a handle that is detached meanwhile must end at once, since
 * Janus never answers requests on a detached handle (issue 15: a reconcile
 * waited the whole 15 s request timeout on the old handle of a replaced
 * receive connection).
 */
import { describe, expect, it } from 'vitest';

import type { JanusConnection } from '../../src/janus/janus-connection';
import { JanusHandleDetachedError } from '../../src/janus/janus-errors';
import { JanusHandle } from '../../src/janus/janus-handle';
import type { JanusIncoming } from '../../src/janus/janus-messages';

/** Requests by verb, each answered when the test says so. */
function scriptedConnection() {
  const waiting: { body: Record<string, unknown>; answer: (m: JanusIncoming) => void }[] = [];
  const connection = {
    request: (body: Record<string, unknown>) =>
      new Promise<JanusIncoming>((resolve) => waiting.push({ body, answer: resolve })),
  } as unknown as JanusConnection;
  return { connection, waiting };
}

describe('JanusHandle', () => {
  it('a request waiting when the handle is detached rejects at once, naming the handle', async () => {
    const { connection, waiting } = scriptedConnection();
    const handle = new JanusHandle(connection, 1, 42, 'janus.plugin.videoroom');
    const update = handle.requestAsync({ request: 'update', unsubscribe: [{ sub_mid: '0' }] });
    const detached = handle.detach();
    await expect(update).rejects.toBeInstanceOf(JanusHandleDetachedError);
    await expect(update).rejects.toThrow('Janus handle 42 was detached before it answered');
    // The detach request itself still goes out and completes.
    expect(waiting.map((w) => w.body.janus)).toEqual(['message', 'detach']);
    waiting[1]!.answer({ janus: 'success' } as JanusIncoming);
    await detached;
    expect(handle.isDetached).toBe(true);
  });

  it('no request starts on a handle being detached, and one detached by Janus ends its waiting requests', async () => {
    const { connection, waiting } = scriptedConnection();
    const handle = new JanusHandle(connection, 1, 7, 'janus.plugin.videoroom');
    void handle.detach();
    await expect(handle.requestAsync({ request: 'configure' })).rejects.toBeInstanceOf(JanusHandleDetachedError);
    expect(waiting.map((w) => w.body.janus)).toEqual(['detach']);

    const other = new JanusHandle(connection, 1, 8, 'janus.plugin.videoroom');
    const trickle = other.trickle(null);
    other.dispatch({ janus: 'detached' } as JanusIncoming);
    await expect(trickle).rejects.toBeInstanceOf(JanusHandleDetachedError);
  });

  it('answers still reach requests on a live handle', async () => {
    const { connection, waiting } = scriptedConnection();
    const handle = new JanusHandle(connection, 1, 9, 'janus.plugin.videoroom');
    const configure = handle.requestAsync({ request: 'configure' });
    waiting[0]!.answer({ janus: 'event', plugindata: { plugin: 'x', data: { configured: 'ok' } } } as JanusIncoming);
    await expect(configure).resolves.toEqual({ data: { configured: 'ok' } });
  });
});
