/**
 * `CustomVideoTrack`: a video track that sends a {@link CustomVideoSource}.
 * @module
 */
import { randomUUID } from 'node:crypto';

import { InvalidArgumentError } from '../../errors';
import type { EngineChannel } from '../../engine/engine-channel';
import { EngineObject } from '../../engine/engine-object';
import { forgetWhenCollected, releaseWhenCollected } from '../../engine/release-when-collected';
import { registerLocalTrack } from '../local-track-registry';
import { CustomVideoSource } from './custom-video-source';

/**
 * A local video track fed by a {@link CustomVideoSource}. Use it as the camera
 * (`inputs.camera.settings.customTrack.id`), as screen video, or as a named
 * custom track (`CallClient.addCustomVideoTrack`).
 *
 * Call {@link release} when done. A track that is dropped instead is freed
 * in the engine once garbage-collected; a call keeps the tracks it uses
 * alive, so dropping one that is published stops nothing.
 */
export class CustomVideoTrack {
  /** The track's id, as used in `customTrack: { id }` settings. */
  readonly id = randomUUID();
  /** @internal */
  readonly source: CustomVideoSource;
  private readonly resident: EngineVideoTrack;

  /**
   * @throws InvalidArgumentError `videoSource` if it is not a CustomVideoSource
   * @throws InvalidStateError before `Daily.init()` or if the source was released
   */
  constructor(videoSource: CustomVideoSource) {
    if (!(videoSource instanceof CustomVideoSource)) {
      throw new InvalidArgumentError('videoSource', 'must be a CustomVideoSource');
    }
    if (videoSource.isReleased) throw new InvalidArgumentError('videoSource', 'has been released');
    this.source = videoSource;
    this.resident = new EngineVideoTrack(this.id, videoSource.sourceId);
    registerLocalTrack(this, 'video', (t) => t.isReleased);
    releaseWhenCollected(this, this.resident);
  }

  /** True once {@link release} was called. */
  get isReleased(): boolean {
    return this.resident.isReleased;
  }

  /** Resolves once the track exists in the engine; rejects with the reason it could not be made. */
  ready(): Promise<void> {
    return this.resident.ready();
  }

  /** Removes the track from the engine. Later uses fail; a second call does nothing. */
  release(): Promise<void> {
    forgetWhenCollected(this);
    return this.resident.release();
  }
}

/** The engine half of a custom video track; it must not refer to the {@link CustomVideoTrack}. @internal */
class EngineVideoTrack extends EngineObject {
  constructor(
    private readonly trackId: string,
    private readonly sourceId: string,
  ) {
    super('CustomVideoTrack');
    this.start();
  }

  protected createIn(channel: EngineChannel): Promise<void> {
    return channel
      .request('video.createTrack', { trackId: this.trackId, sourceId: this.sourceId })
      .then(() => undefined);
  }

  protected releaseIn(channel: EngineChannel): Promise<void> {
    return channel.request('video.releaseTrack', { trackId: this.trackId }).then(() => undefined);
  }
}
