/**
 * `CustomVideoTrack`: a video track that sends a {@link CustomVideoSource}.
 * @module
 */
import { randomUUID } from 'node:crypto';

import { InvalidArgumentError } from '../../errors';
import type { EngineChannel } from '../../engine/engine-channel';
import { EngineObject } from '../../engine/engine-object';
import { registerLocalTrack } from '../local-track-registry';
import { CustomVideoSource } from './custom-video-source';

/**
 * A local video track fed by a {@link CustomVideoSource}. Use it as the camera
 * (`inputs.camera.settings.customTrack.id`), as screen video, or as a named
 * custom track (`CallClient.addCustomVideoTrack`).
 */
export class CustomVideoTrack extends EngineObject {
  /** The track's id, as used in `customTrack: { id }` settings. */
  readonly id = randomUUID();
  /** @internal */
  readonly source: CustomVideoSource;

  /**
   * @throws InvalidArgumentError `videoSource` if it is not a CustomVideoSource
   * @throws InvalidStateError before `Daily.init()` or if the source was released
   */
  constructor(videoSource: CustomVideoSource) {
    super('CustomVideoTrack');
    if (!(videoSource instanceof CustomVideoSource)) {
      throw new InvalidArgumentError('videoSource', 'must be a CustomVideoSource');
    }
    if (videoSource.isReleased) throw new InvalidArgumentError('videoSource', 'has been released');
    this.source = videoSource;
    this.start();
    registerLocalTrack(this, 'video', (t) => t.isReleased);
  }

  /** @internal */
  protected createIn(channel: EngineChannel): Promise<void> {
    return channel
      .request('video.createTrack', { trackId: this.id, sourceId: this.source.sourceId })
      .then(() => undefined);
  }

  /** @internal */
  protected releaseIn(channel: EngineChannel): Promise<void> {
    return channel.request('video.releaseTrack', { trackId: this.id }).then(() => undefined);
  }
}
