/**
 * A Janus session on one connection: creates plugin handles, keeps itself
 * alive, routes events to handles by `sender`. When the connection closes or
 * Janus times the session out, every handle is marked detached and `lost` fires.
 */
import { EventEmitter } from 'node:events';
import type { JanusConnection } from './janus-connection';
import { JanusHandle } from './janus-handle';
import type { JanusIncoming } from './janus-messages';

/** Keepalive period; Janus's session timeout is 60 s in our config. */
const KEEPALIVE_MS = 20_000;

export interface JanusSessionEvents {
  lost: [string];
}

export class JanusSession extends EventEmitter<JanusSessionEvents> {
  private readonly handles = new Map<number, JanusHandle>();
  private readonly keepalive: NodeJS.Timeout;
  private isLost = false;

  private constructor(
    private readonly connection: JanusConnection,
    readonly id: number,
  ) {
    super();
    this.keepalive = setInterval(() => {
      this.connection.request({ janus: 'keepalive', session_id: this.id }).catch(() => {});
    }, KEEPALIVE_MS);
    this.keepalive.unref();
    const onMessage = (msg: JanusIncoming): void => this.onMessage(msg);
    connection.on('message', onMessage);
    connection.once('close', () => {
      connection.off('message', onMessage);
      this.lose('connection to Janus closed');
    });
  }

  /** Creates a session on `connection`. */
  static async create(connection: JanusConnection): Promise<JanusSession> {
    const reply = await connection.request({ janus: 'create' });
    const id = reply.data?.id;
    if (typeof id !== 'number') throw new Error('Janus create: no session id in reply');
    return new JanusSession(connection, id);
  }

  get lost(): boolean {
    return this.isLost;
  }

  /** Attaches a handle to `plugin` (e.g. `janus.plugin.videoroom`). */
  async attach(plugin: string): Promise<JanusHandle> {
    const reply = await this.connection.request({ janus: 'attach', session_id: this.id, plugin });
    const id = reply.data?.id;
    if (typeof id !== 'number') throw new Error('Janus attach: no handle id in reply');
    const handle = new JanusHandle(this.connection, this.id, id, plugin);
    this.handles.set(id, handle);
    handle.once('detached', () => this.handles.delete(id));
    return handle;
  }

  /** Destroys the session (best effort) and stops the keepalive. */
  async destroy(): Promise<void> {
    if (this.isLost) return;
    try {
      await this.connection.request({ janus: 'destroy', session_id: this.id });
    } catch {
      // the session may already be gone
    }
    this.lose('destroyed');
  }

  private onMessage(msg: JanusIncoming): void {
    if (msg.session_id !== this.id) return;
    if (msg.janus === 'timeout') {
      this.lose('session timed out');
      return;
    }
    if (typeof msg.sender === 'number') this.handles.get(msg.sender)?.dispatch(msg);
  }

  private lose(reason: string): void {
    if (this.isLost) return;
    this.isLost = true;
    clearInterval(this.keepalive);
    for (const handle of [...this.handles.values()]) handle.markDetached();
    this.handles.clear();
    this.emit('lost', reason);
  }
}
