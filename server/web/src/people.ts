/**
 * The people list. Owners (and holders of `canAdmin: participants`) get
 * actions on everyone else: mute the microphone, revoke or give back the
 * right to send (`canSend`), and eject.
 */
import type { Participant } from '../../../src/signaling/protocol';
import { el } from './dom';

export interface PeopleActions {
  mute(id: string): void;
  /** `allow` false revokes canSend, true gives it back. */
  setCanSend(id: string, allow: boolean): void;
  eject(id: string): void;
}

export class PeoplePanel {
  readonly element: HTMLElement;
  private readonly list = el('ul', { class: 'people-list' });
  private readonly heading = el('h2', {}, 'People');

  constructor(private readonly actions: PeopleActions) {
    this.element = el(
      'aside',
      { id: 'people-panel', class: 'panel', 'aria-label': 'People', hidden: true },
      this.heading,
      this.list,
    );
  }

  /** Shows these participants; `admin` adds the owner actions for the remote ones. */
  update(people: Participant[], localId: string | undefined, admin: boolean): void {
    this.heading.textContent = `People (${people.length})`;
    const focused = document.activeElement;
    const keep = focused instanceof HTMLButtonElement && this.list.contains(focused) ? actionKey(focused) : undefined;
    this.list.replaceChildren(...people.map((p) => this.row(p, p.id === localId, admin)));
    if (keep) this.list.querySelector<HTMLButtonElement>(keep)?.focus();
  }

  private row(p: Participant, local: boolean, admin: boolean): HTMLElement {
    const name = p.info.userName || 'Guest';
    const tags = [local ? 'you' : '', p.info.isOwner ? 'owner' : ''].filter(Boolean).join(', ');
    const row = el(
      'li',
      { 'data-testid': 'person', 'data-participant-id': p.id, class: 'person' },
      el('span', { class: 'person-name' }, name),
      ...(tags ? [el('span', { class: 'muted' }, ` (${tags})`)] : []),
    );
    if (!admin || local) return row;
    const micOn = p.media.microphone.state !== 'off';
    const canSend = p.info.permissions.canSend.length > 0;
    const mute = button('mute', p.id, micOn ? 'Mute' : 'Muted', `Mute ${name}`, () => this.actions.mute(p.id));
    mute.disabled = !micOn;
    const send = button(
      'revoke-send',
      p.id,
      canSend ? 'Stop sending' : 'Allow sending',
      `${canSend ? 'Revoke' : 'Give back'} sending for ${name}`,
      () => this.actions.setCanSend(p.id, !canSend),
    );
    send.setAttribute('aria-pressed', String(!canSend));
    const eject = button('eject', p.id, 'Remove', `Remove ${name} from the call`, () => this.actions.eject(p.id));
    eject.classList.add('danger');
    row.append(el('span', { class: 'person-actions' }, mute, send, eject));
    return row;
  }
}

function button(action: string, id: string, label: string, aria: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-action': action, 'data-for': id, 'aria-label': aria }, label);
  b.addEventListener('click', onClick);
  return b;
}

function actionKey(b: HTMLButtonElement): string {
  return `button[data-action="${b.dataset.action}"][data-for="${b.dataset.for}"]`;
}
