/**
 * `CustomAudioTrack`: an outgoing audio track fed by a {@link CustomAudioSource}.
 * @module
 */
import { randomUUID } from 'node:crypto';

import type { EngineChannel } from '../../engine/engine-channel';
import { EngineObject } from '../../engine/engine-object';
import { forgetWhenCollected, releaseWhenCollected } from '../../engine/release-when-collected';
import { InvalidArgumentError } from '../../errors';
import { registerLocalTrack } from '../local-track-registry';
import { CustomAudioSource } from './custom-audio-source';
import type { EngineAudioSource } from './engine-audio-source';

/**
 * A track made from a {@link CustomAudioSource}: add it to a call with
 * `addCustomAudioTrack(name, track)` or use it as the microphone
 * (`inputs.microphone.settings.customTrack.id = track.id`).
 *
 * Call {@link release} when done. A track that is dropped instead is freed
 * in the engine once garbage-collected; a call keeps the tracks it uses
 * alive, so dropping one that is published stops nothing.
 */
export class CustomAudioTrack {
  /** The track's id (a UUID); also its id in the engine's track registry. */
  readonly id: string = randomUUID();
  readonly source: CustomAudioSource;
  private readonly resident: EngineAudioTrack;

  constructor(audioSource: CustomAudioSource) {
    if (!(audioSource instanceof CustomAudioSource)) {
      throw new InvalidArgumentError('audioSource', 'must be a CustomAudioSource');
    }
    if (audioSource.released) throw new InvalidArgumentError('audioSource', 'the CustomAudioSource was released');
    this.source = audioSource;
    const resident = new EngineAudioTrack(this.id, audioSource.engineSource, () => audioSource.disownTrack(resident));
    this.resident = resident;
    registerLocalTrack(this, 'audio', (t) => t.released);
    // The source holds the engine half only, so this wrapper can be collected.
    audioSource.adoptTrack(resident);
    releaseWhenCollected(this, resident);
  }

  get released(): boolean {
    return this.resident.isReleased;
  }

  /** Resolves once the track exists in the engine (its source first). @internal */
  async ready(): Promise<void> {
    await this.source.engineSource.ready();
    await this.resident.ready();
  }

  /**
   * Frees the track in the engine (beyond daily-python); the source stays
   * usable. Releasing the source releases its tracks as well.
   */
  release(): Promise<void> {
    forgetWhenCollected(this);
    return this.resident.release();
  }
}

/** The engine half of a custom audio track. @internal */
class EngineAudioTrack extends EngineObject {
  constructor(
    private readonly trackId: string,
    private readonly source: EngineAudioSource,
    private readonly onRelease: () => void,
  ) {
    super(`custom audio track '${trackId}'`);
    this.start();
  }

  override release(): Promise<void> {
    this.onRelease();
    return super.release();
  }

  // The source was registered first, so it is made (and re-made after a
  // restart) before this track in every engine.
  protected async createIn(channel: EngineChannel): Promise<void> {
    await channel.request('audio.track.create', { trackId: this.trackId, sourceId: this.source.sourceId });
  }

  protected async releaseIn(channel: EngineChannel): Promise<void> {
    await channel.request('audio.track.release', { trackId: this.trackId });
  }
}
