/**
 * Where each participant's video goes on the recording canvas, for daily-js's
 * layout presets. Pure geometry: the compositor draws what this returns.
 */
import type { StreamingLayout } from 'daily-node';

/** A source on the canvas: a participant's camera or screen share. */
export interface TileSource {
  participantId: string;
  source: 'camera' | 'screenVideo';
}

export interface Tile extends TileSource {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the layout is computed from. */
export interface LayoutInput {
  width: number;
  height: number;
  /** Remote participants in the order they joined, with what they send. */
  participants: { id: string; camera: boolean; screenVideo: boolean }[];
  activeSpeakerId: string | null;
}

/** Cameras in the default grid unless `max_cam_streams` says otherwise (Daily's default). */
const DEFAULT_MAX_CAM_STREAMS = 9;

const even = (n: number): number => Math.max(2, Math.floor(n / 2) * 2);

/** `n` equal cells filling the rectangle, as square a grid as fits. */
function grid(sources: TileSource[], x0: number, y0: number, width: number, height: number): Tile[] {
  const n = sources.length;
  if (n === 0) return [];
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const w = even(width / cols);
  const h = even(height / rows);
  return sources.map((s, i) => ({
    ...s,
    x: x0 + (i % cols) * w,
    y: y0 + Math.floor(i / cols) * h,
    width: w,
    height: h,
  }));
}

function cameras(input: LayoutInput): TileSource[] {
  return input.participants.filter((p) => p.camera).map((p) => ({ participantId: p.id, source: 'camera' as const }));
}

/** The tiles of `layout` (an already validated preset). */
export function layoutTiles(layout: StreamingLayout, input: LayoutInput): Tile[] {
  const { width, height } = input;
  const full = (s: TileSource | undefined): Tile[] => (s ? [{ ...s, x: 0, y: 0, width, height }] : []);
  const share = input.participants.find((p) => p.screenVideo);
  switch (layout.preset) {
    case 'audio-only':
      return [];
    case 'single-participant': {
      const p = input.participants.find((q) => q.id === layout.session_id);
      if (!p) return [];
      return full(
        p.screenVideo ? { participantId: p.id, source: 'screenVideo' } : { participantId: p.id, source: 'camera' },
      );
    }
    case 'active-participant': {
      if (share) return full({ participantId: share.id, source: 'screenVideo' });
      const cams = cameras(input);
      return full(cams.find((c) => c.participantId === input.activeSpeakerId) ?? cams[0]);
    }
    case 'portrait': {
      const cams = cameras(input).slice(0, 2);
      if (layout.variant === 'inset' && cams.length === 2) {
        const w = even(width / 3);
        const h = even((w * height) / width);
        return [
          ...full(cams[0]),
          { ...cams[1]!, x: even(width - w - 16), y: even(height - h - 16), width: w, height: h },
        ];
      }
      return cams.map((c, i) => ({
        ...c,
        x: 0,
        y: i * even(height / cams.length),
        width,
        height: even(height / cams.length),
      }));
    }
    default: {
      const max = typeof layout.max_cam_streams === 'number' ? layout.max_cam_streams : DEFAULT_MAX_CAM_STREAMS;
      const cams = cameras(input).slice(0, max);
      if (!share) return grid(cams, 0, 0, width, height);
      // A screen share takes the main area; cameras go in a strip on the right.
      const strip = cams.length > 0 ? even(width / 5) : 0;
      const main: Tile = { participantId: share.id, source: 'screenVideo', x: 0, y: 0, width: width - strip, height };
      const side = cams
        .slice(0, 4)
        .map((c, i) => ({ ...c, x: width - strip, y: i * even(height / 4), width: strip, height: even(height / 4) }));
      return [main, ...side];
    }
  }
}
