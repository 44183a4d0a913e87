/**
 * The server's link to one Janus node: a connection, a session and an admin
 * VideoRoom handle, re-established whenever they are lost. `up` fires after
 * each (re)connection with a new generation number; `down` when lost.
 * Everything made on a previous generation (rooms, handles) is gone.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../log';
import { JanusConnection } from './janus-connection';
import type { JanusHandle } from './janus-handle';
import { JanusSession } from './janus-session';

/** How to reach a Janus node. */
export interface JanusNodeConfig {
  /** A name for logs and room assignment. */
  id: string;
  /** `ws://host:port` of its Janus API (WebSockets transport). */
  url: string;
  apiSecret?: string;
  /** The VideoRoom plugin's `admin_key`, if it has one. */
  adminKey?: string;
}

export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';
const RECONNECT_DELAYS_MS = [50, 100, 250, 500, 1000, 2000];

export interface JanusNodeLinkEvents {
  up: [number];
  down: [string];
}

export class JanusNodeLink extends EventEmitter<JanusNodeLinkEvents> {
  private connection: JanusConnection | undefined;
  private currentSession: JanusSession | undefined;
  private adminHandle: JanusHandle | undefined;
  private gen = 0;
  private closed = false;
  private connecting = false;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;

  constructor(
    private readonly getConfig: () => JanusNodeConfig,
    private readonly log: Logger,
  ) {
    super();
    // Every live room on this node listens for `down`.
    this.setMaxListeners(0);
  }

  get id(): string {
    return this.getConfig().id;
  }

  get config(): JanusNodeConfig {
    return this.getConfig();
  }

  get isUp(): boolean {
    return this.adminHandle !== undefined && !this.closed;
  }

  /** Increases with every (re)connection. */
  get generation(): number {
    return this.gen;
  }

  /** The session of the current generation. */
  get session(): JanusSession {
    if (!this.currentSession || !this.isUp) throw new Error(`Janus node ${this.id} is not connected`);
    return this.currentSession;
  }

  /** The VideoRoom handle used for room management. */
  get admin(): JanusHandle {
    if (!this.adminHandle || !this.isUp) throw new Error(`Janus node ${this.id} is not connected`);
    return this.adminHandle;
  }

  /** Starts connecting (and keeps reconnecting); resolves once up or rejects after `timeoutMs`. */
  start(timeoutMs = 10_000): Promise<void> {
    this.connectSoon(0);
    return this.waitUp(timeoutMs);
  }

  /** Resolves when the link is up. */
  waitUp(timeoutMs: number): Promise<void> {
    if (this.isUp) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('up', onUp);
        reject(new Error(`Janus node ${this.id} not reachable within ${timeoutMs} ms`));
      }, timeoutMs);
      const onUp = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.once('up', onUp);
    });
  }

  /** Tries to connect now (used when the embedded Janus reports it restarted). */
  reconnectNow(): void {
    if (!this.isUp) this.connectSoon(0);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.currentSession?.destroy();
    this.connection?.close();
  }

  private connectSoon(delayMs: number): void {
    if (this.closed || this.connecting) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delayMs);
  }

  private async connect(): Promise<void> {
    if (this.closed || this.connecting || this.isUp) return;
    this.connecting = true;
    const config = this.getConfig();
    try {
      const connection = await JanusConnection.open(config.url, config.apiSecret);
      const session = await JanusSession.create(connection);
      const admin = await session.attach(VIDEOROOM_PLUGIN);
      if (this.closed) {
        connection.close();
        return;
      }
      this.connection = connection;
      this.currentSession = session;
      this.adminHandle = admin;
      this.attempt = 0;
      this.gen++;
      session.once('lost', (reason) => this.onLost(session, reason));
      this.log.info({ node: config.id, generation: this.gen }, 'janus node connected');
      this.emit('up', this.gen);
    } catch (e) {
      this.log.debug({ node: config.id, err: (e as Error).message }, 'janus node connect failed');
      this.connecting = false;
      this.connectSoon(RECONNECT_DELAYS_MS[Math.min(this.attempt++, RECONNECT_DELAYS_MS.length - 1)]!);
      return;
    }
    this.connecting = false;
  }

  private onLost(session: JanusSession, reason: string): void {
    if (session !== this.currentSession) return;
    this.adminHandle = undefined;
    this.currentSession = undefined;
    this.connection?.close();
    this.connection = undefined;
    if (this.closed) return;
    this.log.warn({ node: this.id, reason }, 'janus node lost');
    this.emit('down', reason);
    this.connectSoon(RECONNECT_DELAYS_MS[0]!);
  }
}
