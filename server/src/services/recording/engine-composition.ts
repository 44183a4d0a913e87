/**
 * The recording's composite made inside the media engine (`EngineCompositor`):
 * the engine draws the tiles and mixes the microphones of the tracks it
 * receives and writes both into two FIFOs the encoder reads, so no picture or
 * sample passes through this process. This class only keeps the engine's
 * layout in step with the service's tiles and the tracks received.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EngineCompositor, type CompositorStats } from 'daily-node/engine-bridge';
import type { ServiceCall } from '../service';
import type { Tile } from './layout';

/** Settings of the composite (null video: sound only). */
export interface CompositionSettings {
  video: { width: number; height: number; fps: number; backgroundColor: string } | null;
  pictureDelayMs: number;
}

type ReceivedTrack = Parameters<Parameters<ServiceCall['client']['watchReceivedTracks']>[0]>[0][number];

export class EngineComposition {
  private received: ReceivedTrack[] = [];
  private tiles: readonly Tile[] = [];
  private unwatch: (() => void) | undefined;
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    readonly paths: { videoPath: string | null; audioPath: string },
    private readonly compositor: EngineCompositor,
  ) {}

  /** Makes the FIFOs and starts the engine's compositor (it opens them when the encoder does). */
  static async create(settings: CompositionSettings): Promise<EngineComposition> {
    const dir = mkdtempSync(join(tmpdir(), 'dn-composite-'));
    const paths = { videoPath: settings.video ? join(dir, 'pictures.mkv') : null, audioPath: join(dir, 'sound.pcm') };
    const fifos = [paths.audioPath, ...(paths.videoPath ? [paths.videoPath] : [])];
    const made = spawnSync('mkfifo', fifos);
    if (made.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`mkfifo failed: ${made.stderr?.toString().trim() || made.error?.message}`);
    }
    const v = settings.video;
    const compositor = await EngineCompositor.create({
      width: v?.width ?? 2,
      height: v?.height ?? 2,
      fps: v?.fps ?? 1,
      backgroundColor: v?.backgroundColor ?? '#000000',
      pictureDelayMs: settings.pictureDelayMs,
      ...paths,
    });
    return new EngineComposition(dir, paths, compositor);
  }

  /** Follows the tracks the service participant receives. */
  watch(client: ServiceCall['client']): void {
    this.unwatch = client.watchReceivedTracks((tracks) => {
      this.received = tracks;
      this.push();
    });
  }

  /** The tiles now drawn (participant sources); sent to the engine with the tracks that carry them. */
  setTiles(tiles: readonly Tile[]): void {
    this.tiles = tiles;
    this.push();
  }

  stats(): Promise<CompositorStats | null> {
    return this.compositor.stats();
  }

  /** Stops the engine's compositor: it writes what is queued and closes the FIFOs, which ends the encoder's input. */
  async release(): Promise<void> {
    this.unwatch?.();
    await this.pending;
    await this.compositor.release();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Layout changes are sent one after another, so the engine ends with the latest. */
  private push(): void {
    const track = (participantId: string, source: string): string | undefined =>
      this.received.find((t) => t.participantId === participantId && t.source === source)?.trackId;
    const tiles = this.tiles.flatMap((t) => {
      const trackId = track(t.participantId, t.source);
      return trackId ? [{ trackId, x: t.x, y: t.y, width: t.width, height: t.height }] : [];
    });
    const audio = this.received.filter((t) => t.kind === 'audio' && t.source === 'microphone').map((t) => t.trackId);
    this.pending = this.pending.then(() => this.compositor.setLayout(tiles, audio)).catch(() => undefined);
  }
}
