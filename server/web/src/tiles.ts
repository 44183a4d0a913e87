/**
 * The participant grid: one tile per participant (the local one first), with
 * the camera when it is on, else a name tile; the name as text; a speaking
 * outline for the active speaker; an audio level meter. Tiles are updated in
 * place so that playing videos are not restarted.
 */
import { el, setAttr, setText } from './dom';

/** What a tile shows. */
export interface TileInfo {
  id: string;
  name: string;
  local: boolean;
  /** The camera track when it is on and arriving; otherwise a name tile. */
  camera: MediaStreamTrack | undefined;
  speaking: boolean;
  /** Microphone off (shown as an icon-like label). */
  micOff: boolean;
  /** A phone participant (dial-in caller, dial-out callee): shows a phone badge. */
  phone: boolean;
}

interface Tile {
  root: HTMLElement;
  name: HTMLElement;
  initial: HTMLElement;
  meter: HTMLMeterElement;
  micState: HTMLElement;
  phoneBadge: HTMLElement;
  video: HTMLVideoElement | undefined;
  track: MediaStreamTrack | undefined;
}

export class TileGrid {
  readonly element = el('section', { class: 'grid', 'aria-label': 'Participants' });
  private readonly tiles = new Map<string, Tile>();

  /** Shows exactly these participants, in this order. */
  update(infos: TileInfo[]): void {
    const seen = new Set<string>();
    for (const info of infos) {
      seen.add(info.id);
      const tile = this.tiles.get(info.id) ?? this.create(info);
      this.apply(tile, info);
    }
    for (const [id, tile] of this.tiles) {
      if (seen.has(id)) continue;
      tile.root.remove();
      this.tiles.delete(id);
    }
    const order = infos.map((i) => this.tiles.get(i.id)!.root);
    if (order.some((node, i) => this.element.children[i] !== node)) this.element.replaceChildren(...order);
    setAttr(this.element, 'data-count', String(Math.min(infos.length, 9)));
  }

  /** The level meter of a participant's tile (for the audio level loop). */
  meter(id: string): HTMLMeterElement | undefined {
    return this.tiles.get(id)?.meter;
  }

  private create(info: TileInfo): Tile {
    const name = el('span', { 'data-testid': 'tile-name', class: 'tile-name' });
    const initial = el('span', { class: 'tile-initial', 'aria-hidden': 'true' });
    const meter = el('meter', {
      'data-testid': 'audio-level',
      class: 'audio-level',
      min: 0,
      max: 1,
      value: 0,
      'aria-label': 'Audio level',
    });
    const micState = el('span', { class: 'mic-state' });
    const phoneBadge = el(
      'span',
      { 'data-testid': 'phone-badge', class: 'phone-badge', title: 'On the phone', hidden: true },
      'Phone',
    );
    const root = el(
      'article',
      { class: 'tile', 'data-testid': 'tile', 'data-participant-id': info.id },
      initial,
      el('div', { class: 'tile-footer' }, phoneBadge, micState, name, meter),
    );
    const tile: Tile = { root, name, initial, meter, micState, phoneBadge, video: undefined, track: undefined };
    this.tiles.set(info.id, tile);
    return tile;
  }

  private apply(tile: Tile, info: TileInfo): void {
    const label = info.name || (info.local ? 'You' : 'Guest');
    setText(tile.name, info.local ? `${label} (you)` : label);
    setText(tile.initial, Array.from(label)[0]?.toUpperCase() ?? '?');
    setAttr(tile.root, 'data-local', String(info.local));
    setAttr(tile.root, 'data-speaking', String(info.speaking));
    setAttr(tile.root, 'aria-label', label);
    setText(tile.micState, info.micOff ? 'Muted' : '');
    tile.phoneBadge.hidden = !info.phone;
    if (info.camera !== tile.track) {
      tile.video?.remove();
      tile.video = info.camera ? videoFor(info.camera, info.local) : undefined;
      tile.track = info.camera;
      if (tile.video) tile.root.prepend(tile.video);
    }
  }
}

/** A muted, inline, autoplaying video of one track (sound plays through the audio elements). */
export function videoFor(track: MediaStreamTrack, mirror = false): HTMLVideoElement {
  const video = el('video', { autoplay: true, playsinline: true, class: mirror ? 'mirror' : undefined });
  video.muted = true;
  video.srcObject = new MediaStream([track]);
  return video;
}
