/**
 * A VideoRoom on one Janus node for one live room, on one generation of the
 * node link: created with a random id and secret, plus an observer handle (a
 * publisher that never publishes) that receives the room's talking events.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { JanusHandle } from '../janus/janus-handle';
import type { PluginReply } from '../janus/janus-messages';
import { VIDEOROOM_PLUGIN, type JanusNodeLink } from '../janus/janus-node-link';
import { createRoom, destroyRoom, moderate } from '../janus/videoroom';
import type { MediaHandle, OwnedMediaRoom } from './media-handle';

export class JanusRoom implements OwnedMediaRoom {
  private constructor(
    readonly node: JanusNodeLink,
    readonly generation: number,
    readonly id: number,
    readonly secret: string,
    private readonly observer: JanusHandle,
  ) {}

  /** Creates the room and its observer; `onEvent` gets the observer's room events. */
  static async create(
    node: JanusNodeLink,
    description: string,
    maxPublishers: number,
    onEvent: (e: PluginReply) => void,
  ): Promise<JanusRoom> {
    const generation = node.generation;
    const id = randomInt(1, 2 ** 47);
    const secret = randomBytes(18).toString('base64url');
    await createRoom(node.admin, node.config.adminKey, { room: id, secret, description, publishers: maxPublishers });
    const observer = await node.session.attach(VIDEOROOM_PLUGIN);
    observer.on('event', onEvent);
    await observer.requestAsync({ request: 'join', ptype: 'publisher', room: id, display: 'observer' });
    return new JanusRoom(node, generation, id, secret, observer);
  }

  /** True while the node link is still on the generation this room was made on. */
  get alive(): boolean {
    return this.node.isUp && this.node.generation === this.generation;
  }

  /** A new VideoRoom handle on this room's node (a publisher or a subscriber, once it joins). */
  attach(): Promise<MediaHandle> {
    return this.node.session.attach(VIDEOROOM_PLUGIN);
  }

  moderate(janusId: number, mid: string, mute: boolean): Promise<void> {
    return moderate(this.node.admin, this.id, this.secret, janusId, mid, mute);
  }

  /** Destroys the room (best effort). */
  async destroy(): Promise<void> {
    if (!this.alive) return;
    await this.observer.detach();
    await destroyRoom(this.node.admin, this.id, this.secret);
  }
}
