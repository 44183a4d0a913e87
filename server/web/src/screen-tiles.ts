/**
 * Screen shares, shown as large tiles above the grid:
 * `[data-testid="screen-tile"][data-participant-id]` with the video inside.
 */
import { el, setText } from './dom';
import { videoFor } from './tiles';

export interface ScreenInfo {
  participantId: string;
  name: string;
  track: MediaStreamTrack;
}

export class ScreenStage {
  readonly element = el('section', { class: 'stage', 'aria-label': 'Screen shares', hidden: true });
  private readonly shown = new Map<string, { root: HTMLElement; track: MediaStreamTrack; label: HTMLElement }>();

  update(screens: ScreenInfo[]): void {
    const keep = new Set(screens.map((s) => s.participantId));
    for (const [id, entry] of this.shown) {
      if (keep.has(id)) continue;
      entry.root.remove();
      this.shown.delete(id);
    }
    for (const s of screens) {
      let entry = this.shown.get(s.participantId);
      if (entry && entry.track !== s.track) {
        entry.root.remove();
        entry = undefined;
      }
      if (!entry) {
        const label = el('span', { class: 'tile-name' });
        const root = el(
          'article',
          { class: 'screen-tile', 'data-testid': 'screen-tile', 'data-participant-id': s.participantId },
          videoFor(s.track),
          label,
        );
        entry = { root, track: s.track, label };
        this.shown.set(s.participantId, entry);
        this.element.append(root);
      }
      setText(entry.label, `${s.name || 'Guest'}'s screen`);
    }
    this.element.hidden = screens.length === 0;
  }
}
