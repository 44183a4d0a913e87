/**
 * The Janus nodes this server uses: the embedded one (default) or a list of
 * external nodes. Rooms are assigned to the connected node with the fewest
 * live rooms; that is the scale-out boundary (more nodes = more rooms).
 */
import type { Logger } from '../log';
import { EmbeddedJanus, type EmbeddedJanusOptions } from './embedded-janus';
import { JanusNodeLink, type JanusNodeConfig } from './janus-node-link';
import type { JanusSession } from './janus-session';

/** `"embedded"` (default), embedded with options, or external nodes. */
export type JanusOption =
  | 'embedded'
  | ({ mode: 'embedded' } & EmbeddedJanusOptions)
  | {
      nodes: JanusNodeConfig[];
      /** How long to wait for the first node at start (default 10000 ms). */ connectTimeoutMs?: number;
    };

export class JanusPool {
  readonly links: JanusNodeLink[] = [];
  /** The embedded Janus, when there is one. */
  readonly embedded: EmbeddedJanus | undefined;
  private readonly roomCounts = new Map<JanusNodeLink, number>();

  private constructor(embedded: EmbeddedJanus | undefined) {
    this.embedded = embedded;
  }

  /** Starts the embedded Janus or connects to the external nodes (waits for at least one). */
  static async start(option: JanusOption, log: Logger): Promise<JanusPool> {
    if (option !== 'embedded' && 'nodes' in option) {
      if (option.nodes.length === 0) throw new Error('janus.nodes: at least one node is required');
      const pool = new JanusPool(undefined);
      for (const node of option.nodes) pool.add(new JanusNodeLink(() => node, log.child({ janusNode: node.id })));
      await Promise.any(pool.links.map((l) => l.start(option.connectTimeoutMs ?? 10_000))).catch(() => {
        throw new Error(`no Janus node reachable: ${option.nodes.map((n) => n.url).join(', ')}`);
      });
      return pool;
    }
    const embeddedOptions = option === 'embedded' ? {} : option;
    const embedded = new EmbeddedJanus(embeddedOptions, log.child({ janusNode: 'embedded' }));
    await embedded.start();
    const pool = new JanusPool(embedded);
    const link = new JanusNodeLink(() => embedded.node(), log.child({ janusNode: 'embedded' }));
    embedded.on('ready', () => link.reconnectNow());
    pool.add(link);
    await link.start();
    return pool;
  }

  private add(link: JanusNodeLink): void {
    this.links.push(link);
    this.roomCounts.set(link, 0);
  }

  /** True when at least one node is connected. */
  get anyUp(): boolean {
    return this.links.some((l) => l.isUp);
  }

  /** A session on a connected node, for SIP plugin handles (any node can bridge a phone call). */
  sipSession(): JanusSession {
    const link = this.links.find((l) => l.isUp);
    if (!link) throw new Error('no Janus node is connected');
    return link.session;
  }

  /** Picks the connected node with the fewest rooms and counts the room on it. */
  assignRoom(): JanusNodeLink | undefined {
    let best: JanusNodeLink | undefined;
    for (const link of this.links) {
      if (!link.isUp) continue;
      if (!best || this.roomCounts.get(link)! < this.roomCounts.get(best)!) best = link;
    }
    if (best) this.roomCounts.set(best, this.roomCounts.get(best)! + 1);
    return best;
  }

  /** Un-counts a room assigned with {@link assignRoom}. */
  releaseRoom(link: JanusNodeLink): void {
    this.roomCounts.set(link, Math.max(0, (this.roomCounts.get(link) ?? 1) - 1));
  }

  /** Disconnects from every node and stops the embedded Janus. */
  async close(): Promise<void> {
    await Promise.all(this.links.map((l) => l.close()));
    await this.embedded?.stop();
  }
}
