/**
 * The server-wide dial-in SIP endpoint (`--sip-port`, UDP): routes each
 * out-of-dialog INVITE by its Request-URI user (= room name) to a Janus SIP
 * handle made for that call. It is no SIP stack: Sofia (in Janus) answers the
 * call. The listener
 * - answers `404` for unknown rooms, `486` for full ones (no `100 Trying` of
 *   its own: Sofia's would be a second one; the caller retransmits the INVITE
 *   until the handle is ready, about a second, and Sofia sees the rest);
 * - is the registrar of the dial-in handles (each REGISTERs as
 *   `dn-leg-<key>`, which tells us its random Sofia port);
 * - forwards the INVITE to that port as a stateless proxy (our Via and
 *   Record-Route added, sip-proxy.ts), so the responses and the rest of the
 *   dialog (ACK, BYE, ...) pass through us both ways. Sofia only hears us:
 *   the port a handle registers from takes datagrams from its registrar only.
 * Everything else (ACKs of our refusals, malformed datagrams) is dropped.
 */
import { randomUUID } from 'node:crypto';
import * as dgram from 'node:dgram';
import type { Logger } from '../../log';
import { contactAddress, header, parseSipMessage, sipResponse, uriUser, type SipRequest } from './sip-message';
import { proxiedRequest, proxiedResponse, requestTarget } from './sip-proxy';

/** What the listener asks of the rooms for one incoming call. */
export interface DialinRouter {
  /**
   * Starts a dial-in leg in room `roomName` that will REGISTER as
   * `registerUser`; `not-found` and `busy` refuse the call.
   */
  dialin(roomName: string, registerUser: string, callId: string): Promise<'ok' | 'not-found' | 'busy'>;
}

interface PendingCall {
  invite: Buffer;
  from: { address: string; port: number };
  /** Where the call's handle listens, once it registered. */
  handle?: { host: string; port: number };
  /** Refused with this final response (retransmissions get it again). */
  refusal?: Buffer;
  /** The REGISTER user its handle will use, until it registers. */
  user?: string;
  expiry?: NodeJS.Timeout;
}

/** Pending call records are kept this long (INVITE retransmissions end within 32 s). */
const PENDING_TTL_MS = 40_000;
const LEG_USER_PREFIX = 'dn-leg-';
/** A forwarded call's record lives this long at most (its dialog's requests pass through us). */
const CALL_TTL_MS = 12 * 3600_000;
/** After a BYE, retransmissions and the 200 still pass for this long. */
const BYE_LINGER_MS = 32_000;
/** Calls (pending or forwarded) held at once; more INVITEs get 503. */
const MAX_CALLS = 10_000;

export class SipListener {
  private readonly socket = dgram.createSocket('udp4');
  private readonly calls = new Map<string, PendingCall>();
  /** Registered dial-in handles by user (`dn-leg-<key>`) → the Call-ID they serve. */
  private readonly legUsers = new Map<string, string>();

  private constructor(
    private readonly router: DialinRouter,
    private readonly log: Logger,
  ) {
    this.socket.on('message', (msg, rinfo) => {
      try {
        this.onDatagram(msg, { address: rinfo.address, port: rinfo.port });
      } catch (e) {
        this.log.warn({ err: (e as Error).message }, 'SIP datagram dropped');
      }
    });
    this.socket.on('error', (e) => this.log.warn({ err: e.message }, 'SIP listener socket error'));
  }

  /** Binds `host:port` (port 0 picks one). */
  static async start(host: string, port: number, router: DialinRouter, log: Logger): Promise<SipListener> {
    const listener = new SipListener(router, log);
    await new Promise<void>((resolve, reject) => {
      listener.socket.once('error', reject);
      listener.socket.bind(port, host, () => {
        listener.socket.off('error', reject);
        resolve();
      });
    });
    return listener;
  }

  get address(): { host: string; port: number } {
    const a = this.socket.address();
    return { host: a.address, port: a.port };
  }

  /** The SIP URI callers dial for `roomName`. */
  endpointFor(roomName: string): string {
    const { host, port } = this.address;
    return `sip:${roomName}@${host}:${port}`;
  }

  /** The REGISTER username a dial-in handle uses (so the listener learns its port). */
  registerUri(user: string): string {
    const { host, port } = this.address;
    return `sip:${user}@${host}:${port}`;
  }

  close(): void {
    this.socket.close();
  }

  private onDatagram(msg: Buffer, from: { address: string; port: number }): void {
    const req = parseSipMessage(msg);
    if (!req) return;
    if (!('method' in req)) {
      this.onResponse(msg);
      return;
    }
    if (req.method === 'REGISTER') this.onRegister(req, from);
    else if (req.method === 'INVITE' && !/;\s*tag=/i.test(header(req, 'to'))) this.onInvite(req, msg, from);
    else this.onDialogRequest(req, msg, from);
  }

  /** A request inside a forwarded call (ACK, BYE, INFO, re-INVITE...), either way. */
  private onDialogRequest(req: SipRequest, msg: Buffer, from: { address: string; port: number }): void {
    const callId = header(req, 'call-id');
    const call = this.calls.get(callId);
    if (!call?.handle) return;
    const fromHandle = from.port === call.handle.port && from.address === call.handle.host;
    const to = fromHandle ? requestTarget(req.uri) : call.handle;
    if (!to) return;
    this.send(proxiedRequest(msg, this.hostPort, fromHandle ? 'out' : 'in', false), {
      address: to.host,
      port: to.port,
    });
    if (req.method === 'BYE') this.forget(callId, BYE_LINGER_MS);
  }

  private get hostPort(): string {
    const { host, port } = this.address;
    return `${host}:${port}`;
  }

  /** Drops a call's record after `ms` (retransmissions until then still find it). */
  private forget(callId: string, ms: number): void {
    const call = this.calls.get(callId);
    if (!call) return;
    clearTimeout(call.expiry);
    call.expiry = setTimeout(() => this.calls.delete(callId), ms);
    call.expiry.unref();
  }

  private onInvite(req: SipRequest, msg: Buffer, from: { address: string; port: number }): void {
    const callId = header(req, 'call-id');
    const known = this.calls.get(callId);
    if (known) {
      // A retransmission: repeat what we did.
      if (known.refusal) this.send(known.refusal, from);
      else if (known.handle) this.forwardInvite(known);
      return;
    }
    if (this.calls.size >= MAX_CALLS) {
      this.send(sipResponse(req, 503, 'Service Unavailable'), from);
      return;
    }
    const call: PendingCall = { invite: msg, from };
    this.calls.set(callId, call);
    this.forget(callId, PENDING_TTL_MS);
    const room = uriUser(req.uri);
    if (!room) {
      this.refuse(call, req, 404, 'Not Found');
      return;
    }
    const user = `${LEG_USER_PREFIX}${randomUUID()}`;
    call.user = user;
    this.legUsers.set(user, callId);
    void this.router.dialin(room, user, callId).then(
      (outcome) => {
        if (outcome === 'not-found') this.refuse(call, req, 404, 'Not Found');
        else if (outcome === 'busy') this.refuse(call, req, 486, 'Busy Here');
      },
      (e: Error) => {
        this.log.warn({ room, err: e.message }, 'dial-in could not start');
        this.refuse(call, req, 503, 'Service Unavailable');
      },
    );
  }

  /** A response to a request we forwarded: our Via off, on to the next one. */
  private onResponse(msg: Buffer): void {
    const next = proxiedResponse(msg, this.hostPort);
    if (next) this.send(next.datagram, { address: next.to.host, port: next.to.port });
  }

  private forwardInvite(call: PendingCall): void {
    const to = { address: call.handle!.host, port: call.handle!.port };
    this.send(proxiedRequest(call.invite, this.hostPort, 'in', true), to);
  }

  private refuse(call: PendingCall, req: SipRequest, code: number, reason: string): void {
    if (call.handle) return;
    if (call.user) this.legUsers.delete(call.user);
    call.refusal = sipResponse(req, code, reason);
    this.send(call.refusal, call.from);
  }

  /** Our own dial-in handles register here; anyone else is refused. */
  private onRegister(req: SipRequest, from: { address: string; port: number }): void {
    const user = uriUser(header(req, 'to'));
    const callId = user ? this.legUsers.get(user) : undefined;
    const contact = contactAddress(header(req, 'contact'));
    if (!user || callId === undefined || !contact) {
      this.send(sipResponse(req, 403, 'Forbidden'), from);
      return;
    }
    this.send(sipResponse(req, 200, 'OK', [`Contact: ${header(req, 'contact')}`, 'Expires: 3600']), from);
    const call = this.calls.get(callId);
    if (!call || call.handle || call.refusal) return;
    call.handle = contact;
    this.legUsers.delete(user);
    this.forget(callId, CALL_TTL_MS);
    this.forwardInvite(call);
  }

  private send(datagram: Buffer, to: { address: string; port: number }): void {
    this.socket.send(datagram, to.port, to.address);
  }
}
