/**
 * Delivers each event to the EventHandler method, then to the emitter's
 * listeners: both see the same events in the same order. An exception in user
 * code is reported as a process warning and delivery goes on.
 * @internal
 * @module
 */
import type { EventEmitter } from 'node:events';

import { runCallback } from '../arguments/completion';
import type { EventHandler } from './event-handler';
import { HANDLER_METHODS, type CallClientEventName, type CallClientEvents } from './events';

export class EventDispatcher {
  constructor(
    private handler: EventHandler | undefined,
    private readonly emitter: EventEmitter<CallClientEvents>,
  ) {}

  dispatch<E extends CallClientEventName>(event: E, ...args: CallClientEvents[E]): void {
    const handler = this.handler;
    if (handler) {
      // Looked up at dispatch time, as in daily-python.
      const method = (handler as unknown as Record<string, unknown>)[HANDLER_METHODS[event]];
      if (typeof method === 'function') {
        runCallback(`EventHandler.${HANDLER_METHODS[event]}`, () =>
          (method as (...a: unknown[]) => void).apply(handler, args),
        );
      }
    }
    // 'error' with no listener would throw inside EventEmitter.
    if (event === 'error' && this.emitter.listenerCount('error') === 0) return;
    for (const listener of this.emitter.rawListeners(event) as ((...a: unknown[]) => void)[]) {
      runCallback(`'${event}' listener`, () => listener.apply(this.emitter, args));
    }
  }

  /** Drops the handler (release breaks handler ↔ client cycles). */
  detach(): void {
    this.handler = undefined;
  }
}
