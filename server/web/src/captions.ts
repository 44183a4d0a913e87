/**
 * Live captions: while the room's transcription runs, the last few
 * transcribed lines with their speaker's name, and a "Transcribing"
 * indicator. Names and text come from other people and the ASR engine, so
 * they go in as text, never HTML. The list is an aria-live region so a screen
 * reader reads new lines without taking the focus.
 */
import { el } from './dom';

/** Lines kept on screen: enough to follow a sentence, few enough not to cover the call. */
export const CAPTION_LINES = 3;

export class Captions {
  /** The captions area; hidden while no transcription runs. */
  readonly element: HTMLElement;
  /** The "Transcribing" indicator for the top bar; hidden with the captions. */
  readonly indicator = el(
    'span',
    { 'data-testid': 'transcribing-indicator', class: 'transcribing', role: 'status', hidden: true },
    'Transcribing',
  );
  private readonly list = el('ol', { class: 'caption-list', 'aria-live': 'polite', 'aria-label': 'Captions' });

  constructor() {
    const attributes = { 'data-testid': 'captions', class: 'captions', 'aria-label': 'Live captions', hidden: true };
    this.element = el('section', attributes, this.list);
  }

  /** True while a transcription runs. */
  get running(): boolean {
    return !this.element.hidden;
  }

  /** A transcription runs (started now, or already running when we joined). */
  start(): void {
    this.element.hidden = false;
    this.indicator.hidden = false;
  }

  /** The transcription ended: the captions and the indicator go away, and old lines with them. */
  stop(): void {
    this.element.hidden = true;
    this.indicator.hidden = true;
    this.list.replaceChildren();
  }

  /** Shows one transcribed line, dropping the oldest beyond {@link CAPTION_LINES}. */
  add(speaker: string, text: string): void {
    // A line proves a transcription runs, whatever start we may have missed while reconnecting.
    if (!this.running) this.start();
    this.list.append(
      el(
        'li',
        { 'data-testid': 'caption', class: 'caption' },
        el('span', { 'data-testid': 'caption-name', class: 'caption-name' }, speaker),
        el('span', { 'data-testid': 'caption-text', class: 'caption-text' }, text),
      ),
    );
    while (this.list.children.length > CAPTION_LINES) this.list.firstElementChild?.remove();
  }
}
