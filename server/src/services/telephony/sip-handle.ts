/**
 * A typed client of one Janus SIP plugin handle (janus-notes §3): one SIP user
 * agent with its own Sofia stack and UDP port, one call at a time. Requests are
 * asynchronous in the plugin; each resolves with the event that answers it (or
 * rejects with the plugin's error). Later events of the call (ringing,
 * accepted, hangup, info, transfer, notify) are emitted as {@link SipEvent}s.
 */
import { EventEmitter } from 'node:events';
import type { JanusHandle } from '../../janus/janus-handle';
import type { Jsep, PluginReply } from '../../janus/janus-messages';
import type { JanusSession } from '../../janus/janus-session';

export const SIP_PLUGIN = 'janus.plugin.sip';
/** A REGISTER at a registrar (ours, on loopback) answers well within this. */
const REGISTER_TIMEOUT_MS = 10_000;

/** The `result` of a SIP plugin event, as far as we read it. */
export interface SipResult {
  event: string;
  code?: number;
  reason?: string;
  username?: string;
  displayname?: string;
  callee?: string;
  call_id?: string;
  headers?: Record<string, string>;
  /** `info` events. */
  type?: string;
  content?: string;
  /** `notify` events (REFER progress). */
  notify?: string;
  substate?: string;
  refer_to?: string;
  master_id?: number;
  [key: string]: unknown;
}

/** One event of the call, with the JSEP it carried. */
export interface SipEvent {
  result: SipResult;
  jsep?: Jsep;
}

export interface SipHandleEvents {
  event: [SipEvent];
  /** The handle is gone (detached, or its Janus session died). */
  detached: [];
}

/** Options of `register`: a guest (no REGISTER sent) or an account at a registrar. */
export interface SipRegistration {
  username: string;
  displayName?: string;
  secret?: string;
  authuser?: string;
  proxy?: string;
  /** Send no REGISTER (dial-out without a registrar; dial-in by our own forwarder). */
  guest: boolean;
}

/** Options of a call (INVITE). */
export interface SipCallOptions {
  uri: string;
  jsep: Jsep;
  headers?: Record<string, string>;
  secret?: string;
  authuser?: string;
}

export class SipHandle extends EventEmitter<SipHandleEvents> {
  private constructor(private readonly handle: JanusHandle) {
    super();
    handle.on('event', (reply) => this.onEvent(reply));
    handle.once('detached', () => this.emit('detached'));
  }

  /** Attaches a SIP plugin handle on `session`. */
  static async attach(session: JanusSession): Promise<SipHandle> {
    return new SipHandle(await session.attach(SIP_PLUGIN));
  }

  get isDetached(): boolean {
    return this.handle.isDetached;
  }

  /** Registers the handle's account; resolves with the `registered` event (its `username`, `master_id`). */
  async register(r: SipRegistration): Promise<SipResult> {
    const body: Record<string, unknown> = { request: 'register', username: r.username };
    if (r.guest) body.type = 'guest';
    if (r.displayName) body.display_name = r.displayName;
    if (r.secret) body.secret = r.secret;
    if (r.authuser) body.authuser = r.authuser;
    if (r.proxy) body.proxy = r.proxy;
    body.incoming_header_prefixes = ['X-'];
    const first = this.nextEvent(['registered', 'registration_failed'], REGISTER_TIMEOUT_MS);
    const reply = await this.until(body, undefined, ['registered', 'registering'], ['registration_failed']);
    if (reply.event === 'registered') {
      first.cancel();
      return reply;
    }
    const result = await first.promise;
    if (result.event !== 'registered') throw new Error(`SIP register: ${describeResult(result)}`);
    return result;
  }

  /** The next event named in `names` (armed before the request that causes it). */
  private nextEvent(names: string[], timeoutMs: number): { promise: Promise<SipResult>; cancel: () => void } {
    let cancel = (): void => undefined;
    const promise = new Promise<SipResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('event', onEvent);
        reject(new Error(`SIP: no ${names.join(' or ')} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onEvent = (e: SipEvent): void => {
        if (!names.includes(e.result.event)) return;
        clearTimeout(timer);
        this.off('event', onEvent);
        resolve(e.result);
      };
      cancel = () => {
        clearTimeout(timer);
        this.off('event', onEvent);
      };
      this.on('event', onEvent);
    });
    promise.catch(() => undefined);
    return { promise, cancel };
  }

  /** Sends the INVITE; resolves with `calling` (the answer arrives later as an event). */
  async call(o: SipCallOptions): Promise<SipResult> {
    const body: Record<string, unknown> = { request: 'call', uri: o.uri, autoaccept_reinvites: true };
    if (o.headers) body.headers = o.headers;
    if (o.secret) body.secret = o.secret;
    if (o.authuser) body.authuser = o.authuser;
    return this.until(body, o.jsep, ['calling']);
  }

  /** Accepts the incoming call with our answer. */
  async accept(jsep: Jsep): Promise<SipResult> {
    return this.until({ request: 'accept', autoaccept_reinvites: true }, jsep, ['accepted', 'accepting']);
  }

  /** Declines the incoming call with `code` (486 busy by default). */
  async decline(code = 486): Promise<void> {
    await this.until({ request: 'decline', code }, undefined, ['declining']).catch(() => undefined);
  }

  /** Sends a BYE (or CANCEL before the answer); the `hangup` event follows. */
  async hangup(): Promise<void> {
    await this.until({ request: 'hangup' }, undefined, ['hangingup']);
  }

  /** One digit by SIP INFO (application/dtmf-relay). */
  async dtmfInfo(digit: string, durationMs: number): Promise<void> {
    await this.until({ request: 'dtmf_info', digit, duration: durationMs }, undefined, ['dtmfsent']);
  }

  /** A blind transfer: SIP REFER with Refer-To `uri`; `notify` events report its progress. */
  async transfer(uri: string): Promise<void> {
    await this.until({ request: 'transfer', uri }, undefined, ['transferring']);
  }

  /** Detaches the handle (its call, if any, is hung up by Janus). */
  detach(): Promise<void> {
    return this.handle.detach();
  }

  /**
   * Sends `body` and waits for an event named in `done` (resolves) or `failed`
   * (rejects). Plugin errors reject through {@link JanusHandle.requestAsync}.
   */
  private async until(
    body: Record<string, unknown>,
    jsep: Jsep | undefined,
    done: string[],
    failed: string[] = [],
  ): Promise<SipResult> {
    const reply = await this.handle.requestAsync<{ result?: SipResult }>(body, jsep);
    const result = reply.data.result;
    if (!result) throw new Error(`SIP ${String(body.request)}: no result in the reply`);
    this.forward(reply);
    if (failed.includes(result.event)) throw new Error(`SIP ${String(body.request)}: ${describeResult(result)}`);
    if (!done.includes(result.event))
      throw new Error(`SIP ${String(body.request)}: unexpected event "${result.event}"`);
    return result;
  }

  private onEvent(reply: PluginReply): void {
    this.forward(reply as PluginReply<{ result?: SipResult }>);
  }

  private forward(reply: PluginReply<{ result?: SipResult; call_id?: string }>): void {
    const result = reply.data.result;
    if (!result || typeof result.event !== 'string') return;
    this.emit('event', { result, ...(reply.jsep ? { jsep: reply.jsep } : {}) });
  }
}

/** "486 Busy Here" from a result's code and reason. */
export function describeResult(r: SipResult): string {
  return [r.code, r.reason].filter((x) => x !== undefined && x !== '').join(' ') || r.event;
}
