/**
 * The in-call page, put together: screen shares above the participant grid,
 * side panels (people, chat), live captions, the control bar with the network indicator,
 * the reconnecting banner, and the hidden remote audio elements.
 */
import type { Participant } from '../../../src/signaling/protocol';
import { AudioLevels } from './audio-levels';
import { Captions } from './captions';
import { StreamingIndicator } from './streaming-indicator';
import { ChatPanel } from './chat';
import { Controls, type ControlActions, type ControlState } from './controls';
import { el } from './dom';
import { NetworkQuality } from './network-quality';
import { PeoplePanel, type PeopleActions } from './people';
import { RemoteAudio } from './remote-audio';
import { ScreenStage, type ScreenInfo } from './screen-tiles';
import type { RemoteTrack } from './subscriber';
import { TileGrid, type TileInfo } from './tiles';

export interface CallViewActions extends ControlActions, PeopleActions {
  sendChat(text: string): void;
}

/** Everything the view shows, computed by the call from its state. */
export interface CallSnapshot {
  tiles: TileInfo[];
  screens: ScreenInfo[];
  people: Participant[];
  localId: string | undefined;
  admin: boolean;
  controls: Omit<ControlState, 'peopleOpen' | 'chatOpen' | 'unreadChat'>;
  microphones: Map<string, MediaStreamTrack>;
  /** Every remote track (the audio ones are played). */
  remoteTracks: RemoteTrack[];
}

export class CallView {
  readonly grid = new TileGrid();
  readonly stage = new ScreenStage();
  readonly audio = new RemoteAudio();
  readonly network = new NetworkQuality();
  readonly captions = new Captions();
  /** "Recording" while at least one recording runs. */
  readonly recording = new StreamingIndicator('recording-indicator', 'Recording', 'recording');
  /** "Live" while at least one live stream runs. */
  readonly live = new StreamingIndicator('live-indicator', 'Live', 'live');
  readonly chat: ChatPanel;
  readonly levels = new AudioLevels((id) => this.grid.meter(id));
  private readonly people: PeoplePanel;
  private readonly controls: Controls;
  private readonly banner = el(
    'div',
    { 'data-testid': 'connection-banner', class: 'banner', role: 'alert', hidden: true },
    'Reconnecting…',
  );
  private last: CallSnapshot | undefined;
  private unread = 0;

  constructor(root: HTMLElement, roomName: string, actions: CallViewActions) {
    this.chat = new ChatPanel((text) => actions.sendChat(text));
    this.people = new PeoplePanel(actions);
    this.controls = new Controls(
      {
        ...actions,
        togglePeople: () => this.togglePanel(this.people.element),
        toggleChat: () => {
          this.togglePanel(this.chat.element);
          if (!this.chat.element.hidden) this.chat.focus();
        },
      },
      this.network.element,
    );
    const title = el('h1', { class: 'room-name' }, roomName);
    const indicators = [this.recording.element, this.live.element, this.captions.indicator];
    const header = el('header', { class: 'topbar' }, title, ...indicators);
    const media = el('div', { class: 'media' }, this.stage.element, this.grid.element, this.captions.element);
    const main = el('div', { class: 'call-main' }, media, this.people.element, this.chat.element);
    root.replaceChildren(
      el('div', { class: 'call' }, header, this.banner, main, this.controls.element, this.audio.element),
    );
  }

  /** Shows the call as it is now. */
  render(s: CallSnapshot): void {
    this.last = s;
    this.grid.update(s.tiles);
    this.stage.update(s.screens);
    this.people.update(s.people, s.localId, s.admin);
    this.audio.update(s.remoteTracks);
    this.levels.update(s.microphones);
    this.controls.update({
      ...s.controls,
      peopleOpen: !this.people.element.hidden,
      chatOpen: !this.chat.element.hidden,
      unreadChat: this.unread,
    });
  }

  /** A chat message arrived (counted as unread while the chat is closed). */
  chatMessage(from: string, text: string, date: string | undefined, local: boolean): void {
    this.chat.add(from, text, date, local);
    if (this.chat.element.hidden && !local) this.unread++;
    if (this.last) this.render(this.last);
  }

  /** Shows or hides the reconnecting banner. */
  reconnecting(on: boolean): void {
    this.banner.hidden = !on;
  }

  stop(): void {
    this.levels.stop();
    this.network.stop();
  }

  private togglePanel(panel: HTMLElement): void {
    const open = panel.hidden;
    this.people.element.hidden = true;
    this.chat.element.hidden = true;
    panel.hidden = !open;
    if (panel === this.chat.element && open) this.unread = 0;
    if (this.last) this.render(this.last);
  }
}
