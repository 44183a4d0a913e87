/**
 * `EngineCompositor`: a picture canvas and an audio mix made inside the media
 * engine from remote tracks (engine ids `remote:<pcId>:<mid>`) and written by
 * the engine straight into two paths an encoder reads (normally FIFOs): a
 * Matroska stream of raw I420 pictures stamped by the wall clock, and s16le
 * 48 kHz mono sound. No picture or sample crosses into Node. The meeting
 * server's recordings and live streams use it.
 * @internal
 * @module
 */
import { randomUUID } from 'node:crypto';

import type { EngineChannel } from '../../engine/engine-channel';
import { engineHost } from '../../engine/engine-host';
import type { CompositorStats, CompositorTile } from '../../engine/protocol/compositor';
import type { EngineParams } from '../../engine/protocol';
import { InvalidStateError } from '../../errors';

export type { CompositorStats, CompositorTile } from '../../engine/protocol/compositor';

/**
 * Options of {@link EngineCompositor.create}: the engine's `compositor.create`
 * parameters (see the engine protocol) less the id, tiles and audio inputs,
 * which it sets.
 */
export type EngineCompositorOptions = Omit<EngineParams<'compositor.create'>, 'compositorId' | 'tiles' | 'audioInputs'>;

export class EngineCompositor {
  /** The compositor's id in the engine. */
  readonly id = `compositor-${randomUUID()}`;
  private isReleased = false;

  private constructor(private readonly channel: EngineChannel) {}

  /** Starts the compositor with no tiles and no sound inputs (Daily.init must have run). */
  static async create(options: EngineCompositorOptions): Promise<EngineCompositor> {
    if (!engineHost.initialized) throw new InvalidStateError('call Daily.init() before creating a compositor');
    const compositor = new EngineCompositor(await engineHost.ensure());
    await compositor.channel.request('compositor.create', {
      compositorId: compositor.id,
      ...options,
      tiles: [],
      audioInputs: [],
    });
    return compositor;
  }

  /** Replaces the tiles and the mixed audio tracks from the next picture on. */
  async setLayout(tiles: CompositorTile[], audioInputs: string[]): Promise<void> {
    if (this.isReleased) return;
    await this.channel.request('compositor.setLayout', { compositorId: this.id, tiles, audioInputs });
  }

  /** The engine's counts (null once released or when the engine is gone). */
  async stats(): Promise<CompositorStats | null> {
    if (this.isReleased || !this.channel.alive) return null;
    return this.channel.request('compositor.stats', { compositorId: this.id });
  }

  /** Stops drawing and mixing; the engine writes what is queued and closes both paths. */
  async release(): Promise<void> {
    if (this.isReleased) return;
    this.isReleased = true;
    if (!this.channel.alive) return;
    await this.channel.request('compositor.release', { compositorId: this.id }).catch(() => undefined);
  }
}
