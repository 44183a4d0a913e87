/**
 * A plugin handle on a Janus session. Sync plugin requests resolve with the
 * plugin data; async ones with the event that answers them. Plugin errors
 * (which Janus sends inside `success` replies and events) reject with
 * {@link JanusPluginError}. Unsolicited events are emitted.
 */
import { EventEmitter } from 'node:events';
import type { JanusConnection } from './janus-connection';
import { JanusHandleDetachedError, JanusPluginError } from './janus-errors';
import type { JanusIncoming, Jsep, PluginReply } from './janus-messages';

export interface JanusHandleEvents {
  /** Unsolicited plugin event (room notifications, talking, ...). */
  event: [PluginReply];
  /** ICE + DTLS up on this handle's PeerConnection. */
  webrtcup: [];
  /** This handle's PeerConnection closed (reason from Janus). */
  hangup: [string];
  /** Media started/stopped arriving on one m-line (publishers only). */
  media: [{ mid: string; type: string; receiving: boolean }];
  /** The handle is gone (detached by us, by Janus, or the session died). */
  detached: [];
}

export class JanusHandle extends EventEmitter<JanusHandleEvents> {
  private gone = false;
  /** Set when detaching starts: no request may start, and none still waiting will be answered. */
  private leaving = false;
  /** Rejects each request still waiting on Janus. */
  private readonly waiting = new Set<(e: Error) => void>();

  constructor(
    private readonly connection: JanusConnection,
    readonly sessionId: number,
    readonly id: number,
    readonly plugin: string,
  ) {
    super();
  }

  get isDetached(): boolean {
    return this.gone;
  }

  /** A synchronous plugin request (create, moderate, kick, ...): resolves with the plugin data. */
  async request<T = Record<string, unknown>>(body: Record<string, unknown>): Promise<T> {
    const reply = await this.whileAttached(() =>
      this.connection.request({ janus: 'message', session_id: this.sessionId, handle_id: this.id, body }),
    );
    return checkPluginData(reply).data as T;
  }

  /** An asynchronous plugin request (join, publish, configure, start, ...): resolves with its event. */
  async requestAsync<T = Record<string, unknown>>(body: Record<string, unknown>, jsep?: Jsep): Promise<PluginReply<T>> {
    const message: Record<string, unknown> = { janus: 'message', session_id: this.sessionId, handle_id: this.id, body };
    if (jsep) message.jsep = jsep;
    const reply = await this.whileAttached(() => this.connection.request(message, true));
    return checkPluginData(reply) as PluginReply<T>;
  }

  /** Sends one trickled candidate, or end-of-candidates for `null`. */
  async trickle(
    candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null,
  ): Promise<void> {
    await this.whileAttached(() =>
      this.connection.request({
        janus: 'trickle',
        session_id: this.sessionId,
        handle_id: this.id,
        candidate: candidate ?? { completed: true },
      }),
    );
  }

  /** Closes this handle's PeerConnection (the handle stays). */
  async hangup(): Promise<void> {
    await this.whileAttached(() =>
      this.connection.request({ janus: 'hangup', session_id: this.sessionId, handle_id: this.id }),
    );
  }

  /** Detaches the handle; errors are ignored (it may already be gone with its session). */
  async detach(): Promise<void> {
    if (this.gone) return;
    this.abandonWaiting();
    try {
      await this.connection.request({ janus: 'detach', session_id: this.sessionId, handle_id: this.id });
    } catch {
      // already gone: nothing to undo
    }
    this.markDetached();
  }

  /** Called by the session for every message whose `sender` is this handle. */
  dispatch(msg: JanusIncoming): void {
    switch (msg.janus) {
      case 'event':
        if (msg.plugindata) this.emit('event', { data: msg.plugindata.data, ...(msg.jsep ? { jsep: msg.jsep } : {}) });
        break;
      case 'webrtcup':
        this.emit('webrtcup');
        break;
      case 'hangup':
        this.emit('hangup', typeof msg.reason === 'string' ? msg.reason : 'unknown');
        break;
      case 'media':
        this.emit('media', {
          mid: String(msg.mid ?? ''),
          type: String(msg.type ?? ''),
          receiving: msg.receiving === true,
        });
        break;
      case 'detached':
        this.markDetached();
        break;
      default:
        break;
    }
  }

  /** Marks the handle gone (its session died or it was detached). */
  markDetached(): void {
    if (this.gone) return;
    this.gone = true;
    this.abandonWaiting();
    this.emit('detached');
  }

  /**
   * Sends a request and waits for its answer, unless the handle goes first. Janus answers nothing on a handle
   * it detached: a reconciliation waiting on the old handle of a connection
   * just replaced held up the new one for the whole request timeout (15 s of
   * silence after an engine kill, issue 15).
   */
  private whileAttached<T>(send: () => Promise<T>): Promise<T> {
    if (this.leaving || this.gone) return Promise.reject(new JanusHandleDetachedError(this.id));
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      send()
        .then(resolve, reject)
        .finally(() => this.waiting.delete(reject));
    });
  }

  private abandonWaiting(): void {
    this.leaving = true;
    const error = new JanusHandleDetachedError(this.id);
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
  }
}

/** Extracts plugin data from a reply and turns `error_code` into a {@link JanusPluginError}. */
function checkPluginData(reply: JanusIncoming): PluginReply {
  const data = reply.plugindata?.data;
  if (!data) throw new JanusPluginError(0, `reply without plugin data (${reply.janus})`);
  if (typeof data.error_code === 'number') throw new JanusPluginError(data.error_code, String(data.error ?? 'unknown'));
  return { data, ...(reply.jsep ? { jsep: reply.jsep } : {}) };
}
