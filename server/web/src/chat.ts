/**
 * Chat in Daily Prebuilt's format: messages are app messages whose data is
 * `{ event: 'chat-msg', message, name, room, date }` (ChatMessageData), so a
 * bot's `sendPrebuiltChatMessage` shows here and what is typed here reaches
 * bots as an `app-message`. Names and text are shown as text, never HTML.
 */
import type { ChatMessageData } from '../../../src/signaling/protocol';
import { el } from './dom';

/** True when an app message's data is a Prebuilt chat message. */
export function isChatMessage(data: unknown): data is ChatMessageData {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return d.event === 'chat-msg' && typeof d.message === 'string';
}

export class ChatPanel {
  readonly element: HTMLElement;
  private readonly list = el('ol', { class: 'chat-list', 'aria-label': 'Messages', 'aria-live': 'polite' });
  private readonly input = el('textarea', { id: 'chat-input', rows: 2, maxlength: 4096, 'aria-label': 'Message' });
  private readonly send = el('button', { id: 'chat-send', type: 'submit' }, 'Send');

  constructor(onSend: (text: string) => void) {
    const form = el('form', { class: 'chat-form' }, this.input, this.send);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = '';
      onSend(text);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    this.element = el(
      'aside',
      { id: 'chat-panel', class: 'panel', 'aria-label': 'Chat', hidden: true },
      el('h2', {}, 'Chat'),
      this.list,
      form,
    );
  }

  /** Adds a message to the list (as text). */
  add(from: string, text: string, date: string | undefined, local: boolean): void {
    const when = date ? new Date(date) : new Date();
    const time = Number.isNaN(when.getTime())
      ? ''
      : when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    this.list.append(
      el(
        'li',
        { 'data-testid': 'chat-message', class: local ? 'chat-message local' : 'chat-message' },
        el('span', { 'data-testid': 'chat-from', class: 'chat-from' }, from || 'Guest'),
        el('time', { class: 'chat-time' }, time),
        el('p', { 'data-testid': 'chat-text', class: 'chat-text' }, text),
      ),
    );
    this.list.scrollTop = this.list.scrollHeight;
  }

  focus(): void {
    this.input.focus();
  }
}
