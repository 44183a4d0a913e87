/**
 * ServerEventApplier's reaction to a permission change of the local
 * participant (publish again): a publish that fails because the signaling
 * connection closed under it (an ejection closes the socket right after the
 * last updates) is not reported as "publishing failed" ahead of the real
 * reason, nor one that fails because the call already ended; any other
 * failure still is.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';

import { CallCache } from '../../src/call/state/call-cache';
import { EventDispatcher } from '../../src/call/events/event-dispatcher';
import type { CallClientEvents } from '../../src/call/events/events';
import type { MediaSession } from '../../src/call/sfu-media/media-session';
import { ServerEventApplier } from '../../src/call/events/server-event-applier';
import type { AnySignalingEvent, Participant } from '../../src/signaling/protocol';
import { CallClientError } from '../../src/errors';
import { TransportError } from '../../src/transport/transport-error';

function local(canSend: string[]): Participant {
  return { id: 'b', info: { isLocal: true, permissions: { canSend, canAdmin: [], hasPresence: true } } } as never;
}

function updated(p: Participant): AnySignalingEvent {
  return { event: 'participant-updated', data: { participant: p } } as AnySignalingEvent;
}

async function errorsAfterPermissionChange(publishFailure: Error): Promise<string[]> {
  const emitter = new EventEmitter<CallClientEvents>();
  const errors: string[] = [];
  emitter.on('error', (message) => errors.push(message));
  let published!: Promise<void>;
  const media = {
    syncPublisher: () => (published = Promise.reject(publishFailure)),
    renderers: { deleteParticipant: () => undefined },
  } as unknown as MediaSession;
  const applier = new ServerEventApplier(new CallCache(), new EventDispatcher(undefined, emitter), media, new Set());
  applier.apply(updated(local(['audio', 'video'])));
  applier.apply(updated(local([])));
  await published.catch(() => undefined);
  await new Promise((r) => setImmediate(r));
  return errors;
}

describe('ServerEventApplier: publishing again after a permission change', () => {
  it('says nothing when the publish failed because the signaling connection closed (ejected right after)', async () => {
    const closed = new TransportError('"publish" cannot be sent: the signaling connection is closed', 'disconnected');
    expect(await errorsAfterPermissionChange(closed)).toEqual([]);
  });

  it('says nothing when the call ended before the publish went out (left, transferred away)', async () => {
    const ended = new CallClientError('not in a call', 'not-joined');
    expect(await errorsAfterPermissionChange(ended)).toEqual([]);
  });

  it('reports any other publish failure', async () => {
    const refused = new TransportError('publishing failed on the server', 'media-error' as never);
    expect(await errorsAfterPermissionChange(refused)).toEqual(['publishing failed: publishing failed on the server']);
  });
});
