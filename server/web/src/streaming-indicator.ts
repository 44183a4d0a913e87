/**
 * A top-bar indicator that says the call is being recorded or streamed live.
 * Several recordings (or live streams) can run at once, each with its own
 * streamId, so the indicator tracks the running ones and shows while at least
 * one runs: stopping one of two leaves it on. People are entitled to know
 * they are recorded, so a late joiner sees it at once (from the join result).
 */
import { el } from './dom';

/** The running instances of one kind (recordings, or live streams) and their indicator. */
export class StreamingIndicator {
  /** The indicator for the top bar; hidden while none runs. */
  readonly element: HTMLElement;
  private readonly running = new Set<string>();

  /**
   * @param testId - the element's `data-testid` (the page contract names it)
   * @param label - the text people see, e.g. "Recording"
   * @param className - the style, e.g. `recording` (a red dot) or `live`
   */
  constructor(testId: string, label: string, className: string) {
    this.element = el('span', { 'data-testid': testId, class: className, role: 'status', hidden: true }, label);
  }

  /** The instance `streamId` runs (started now, or already running when we joined). */
  started(streamId: string): void {
    this.running.add(streamId);
    this.show();
  }

  /** The instance `streamId` ended; the indicator stays while another runs. */
  stopped(streamId: string): void {
    this.running.delete(streamId);
    this.show();
  }

  /** Exactly these instances run now (a join or resume result replaces what we knew). */
  reset(streamIds: readonly string[]): void {
    this.running.clear();
    for (const id of streamIds) this.running.add(id);
    this.show();
  }

  private show(): void {
    this.element.hidden = this.running.size === 0;
  }
}
