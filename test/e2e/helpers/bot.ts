/**
 * A CallClient under test: records every event it sees (through an
 * EventHandler subclass AND the typed emitter, to check they agree) and waits
 * on events with timeouts.
 */
import { RecordWaiter } from '../../helpers/record-waiter';
import { CallClient, EventHandler, HANDLER_EVENT_NAMES } from './sdk';
import type { CallClientEventName, CallClientEvents } from './sdk';

export interface Recorded<E extends CallClientEventName = CallClientEventName> {
  event: E;
  args: CallClientEvents[E];
}

/** Records every handler call by event name. */
class RecordingHandler extends EventHandler {
  readonly seen: Recorded[] = [];
}
for (const [event, method] of HANDLER_EVENT_NAMES) {
  (RecordingHandler.prototype as unknown as Record<string, unknown>)[method] = function (
    this: RecordingHandler,
    ...args: unknown[]
  ) {
    this.seen.push({ event, args } as Recorded);
  };
}

export class Bot {
  readonly client: CallClient;
  /** Events seen by the emitter, in order. */
  readonly events: Recorded[] = [];
  private readonly handler = new RecordingHandler();
  private readonly waiter = new RecordWaiter();

  constructor(readonly name: string) {
    this.client = new CallClient(this.handler);
    for (const [event] of HANDLER_EVENT_NAMES) {
      this.client.on(event, ((...args: unknown[]) => {
        this.events.push({ event, args } as Recorded);
        this.waiter.notify();
      }) as never);
    }
  }

  /** Events seen by the EventHandler, in order. */
  get handlerEvents(): Recorded[] {
    return this.handler.seen;
  }

  get id(): string {
    return this.client.participants().local.id;
  }

  /** The arguments of every recorded `event`. */
  all<E extends CallClientEventName>(event: E): CallClientEvents[E][] {
    return this.events.filter((e) => e.event === event).map((e) => e.args as CallClientEvents[E]);
  }

  /** Resolves with the first `event` (from index `from`) whose arguments match. */
  waitEvent<E extends CallClientEventName>(
    event: E,
    match: (...args: CallClientEvents[E]) => boolean = () => true,
    timeoutMs = 15_000,
    from = 0,
  ): Promise<CallClientEvents[E]> {
    const find = (): Recorded | undefined =>
      this.events.slice(from).find((e) => e.event === event && match(...(e.args as CallClientEvents[E])));
    return this.waiter.until(find, timeoutMs, `${this.name}: ${event}`).then((e) => e.args as CallClientEvents[E]);
  }

  /** Index to pass as `from` to wait only for later events. */
  get mark(): number {
    return this.events.length;
  }
}
