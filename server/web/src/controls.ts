/**
 * The control bar: microphone, camera, screen share, people, chat, leave.
 * Toggles carry `aria-pressed`; the labels say what pressing does next.
 */
import { el, setAttr, setText } from './dom';

export interface ControlActions {
  toggleMic(): void;
  toggleCamera(): void;
  toggleScreen(): void;
  togglePeople(): void;
  toggleChat(): void;
  leave(): void;
}

export interface ControlState {
  micOn: boolean;
  cameraOn: boolean;
  sharing: boolean;
  peopleOpen: boolean;
  chatOpen: boolean;
  /** False hides screen sharing (not allowed in this room, or no getDisplayMedia). */
  canShare: boolean;
  canChat: boolean;
  unreadChat: number;
}

export class Controls {
  readonly element: HTMLElement;
  private readonly mic = toggle('mic-button');
  private readonly camera = toggle('camera-button');
  private readonly screen = toggle('screen-button');
  private readonly people = toggle('people-button');
  private readonly chat = toggle('chat-button');
  private readonly leave = el('button', { id: 'leave-button', type: 'button', class: 'danger' }, 'Leave');

  constructor(actions: ControlActions, extra: HTMLElement) {
    this.mic.addEventListener('click', () => actions.toggleMic());
    this.camera.addEventListener('click', () => actions.toggleCamera());
    this.screen.addEventListener('click', () => actions.toggleScreen());
    this.people.addEventListener('click', () => actions.togglePeople());
    this.chat.addEventListener('click', () => actions.toggleChat());
    this.leave.addEventListener('click', () => actions.leave());
    this.element = el(
      'nav',
      { class: 'controls', 'aria-label': 'Call controls' },
      this.mic,
      this.camera,
      this.screen,
      this.people,
      this.chat,
      extra,
      this.leave,
    );
  }

  update(s: ControlState): void {
    set(this.mic, s.micOn, s.micOn ? 'Mute' : 'Unmute');
    set(this.camera, s.cameraOn, s.cameraOn ? 'Camera off' : 'Camera on');
    set(this.screen, s.sharing, s.sharing ? 'Stop sharing' : 'Share screen');
    set(this.people, s.peopleOpen, 'People');
    set(this.chat, s.chatOpen, s.unreadChat > 0 ? `Chat (${s.unreadChat})` : 'Chat');
    this.screen.hidden = !s.canShare;
    this.chat.hidden = !s.canChat;
  }
}

function toggle(id: string): HTMLButtonElement {
  return el('button', { id, type: 'button', 'aria-pressed': 'false' });
}

function set(button: HTMLButtonElement, pressed: boolean, label: string): void {
  setAttr(button, 'aria-pressed', String(pressed));
  setText(button, label);
}
