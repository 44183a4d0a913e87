/**
 * The phone calls of one room: who may dial out, send DTMF, transfer and
 * REFER (owners and `canAdmin: participants` holders, in rooms with
 * `enable_dialout`), the running phone legs by session id (= the phone
 * participant's id), and the dialout-* / dtmf-event events to the session's
 * starter and the room's admins.
 */
import {
  SignalingProtocolError,
  type DialoutSendDtmfSettings,
  type DialoutSettings,
  type SignalingEventName,
  type SignalingEvents,
} from 'daily-node/protocol';
import type { Logger } from '../../log';
import type { ParticipantSession } from '../../rooms/participant-session';
import type { RunningService, ServiceHost } from '../service-host';
import type { JanusSession } from '../../janus/janus-session';
import { PhoneLeg, type CallerInfo, type DialTarget, type PhoneLegSink } from './phone-leg';
import type { ReferStep } from './refer-progress';

/** Server-wide telephony settings (`sip` in the server options). */
export interface TelephonyConfig {
  /** A SIP trunk for `phoneNumber` dial-outs (the INVITE goes to `sip:<number>@<trunk host>`). */
  trunk?: { uri: string; username?: string; password?: string; callerId?: string };
  /** Unanswered dial-outs are hung up after this long (default 60 s). */
  ringTimeoutMs?: number;
}

export interface TelephonyDeps {
  host: ServiceHost;
  /** A Janus session on which SIP handles can be attached. */
  sipSession(): JanusSession;
  config: TelephonyConfig;
  /** The dial-in listener, when the server has one (`--sip-port`). */
  listener?: { endpointFor(roomName: string): string; registerUri(user: string): string };
  /** The server's rooms, where sipCallTransfer can move a dial-in caller. */
  rooms?: TransferRooms;
}

/** What sipCallTransfer needs of the server's other rooms. */
export interface TransferRooms {
  /** The meeting URL of a room on this server. */
  meetingUrl(roomName: string): string;
  exists(roomName: string): Promise<boolean>;
  /** The telephony of a room that is live (someone, or a leg, is in it). */
  telephony(roomName: string): RoomTelephony | undefined;
}

/** The room as telephony sees it. */
export interface TelephonyRoom {
  readonly name: string;
  readonly dialoutEnabled: boolean;
  readonly log: Logger;
  participant(id: string): ParticipantSession | undefined;
  /** Sends to these participants and to every admin in the room. */
  tellAdmins<E extends SignalingEventName>(also: string[], event: E, data: SignalingEvents[E]): void;
  /**
   * Makes a phone participant visible, allowed to send its microphone, with
   * the `userName` / `userId` given (each kept as it is when absent).
   */
  reveal(participantId: string, identity: { userName?: string | undefined; userId?: string | undefined }): void;
  /** The room's `sip` property (dial-in), if set. */
  readonly sip: { display_name?: string; num_endpoints?: number } | undefined;
}

interface Session {
  direction: 'dialout' | 'dialin';
  leg: PhoneLeg;
  running: RunningService | undefined;
  startedBy: string;
  ended: boolean;
  /** A dial-in caller, once answered. */
  caller?: CallerInfo | undefined;
}

const FIELD_SESSION = 'params.settings.sessionId';
const FIELD_TO = 'params.settings.toEndPoint';

const DEFAULT_RING_TIMEOUT_MS = 60_000;

function requirePhoneAdmin(caller: ParticipantSession, what: string): void {
  if (!caller.isOwner && !caller.permissions.canAdmin.includes('participants')) {
    throw new SignalingProtocolError('forbidden', `${what} needs an owner token or canAdmin "participants"`);
  }
}

export class RoomTelephony {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly room: TelephonyRoom,
    private readonly deps: TelephonyDeps,
  ) {}

  /** Whether `participantId` is a phone leg of this room. */
  isPhone(participantId: string): boolean {
    return this.sessions.has(participantId);
  }

  async startDialout(caller: ParticipantSession, settings: DialoutSettings): Promise<string> {
    requirePhoneAdmin(caller, 'startDialout');
    if (!this.room.dialoutEnabled)
      throw new SignalingProtocolError(
        'forbidden',
        `dial-out is disabled in room "${this.room.name}" (enable_dialout is not true)`,
      );
    const target = this.dialTarget(settings);
    const userName = settings.displayName || settings.phoneNumber || settings.sipUri!.replace(/^sips?:/, '');
    const session: Session = {
      direction: 'dialout',
      leg: undefined!,
      running: undefined,
      startedBy: caller.id,
      ended: false,
    };
    const sink = this.dialoutSink(session, () => session.leg.sessionId, settings);
    // The phone's SIP address is its user id unless one is asked for (the call page's phone badge reads it).
    session.leg = new PhoneLeg(
      { userName, userId: settings.userId ?? target.uri },
      () => this.deps.sipSession(),
      target,
      sink,
    );
    try {
      const sessionId = await this.launch(session);
      this.room.log.info({ sessionId, uri: target.uri }, 'dial-out started');
      return sessionId;
    } catch (e) {
      this.room.log.warn({ err: (e as Error).message }, 'dial-out failed to start');
      throw new SignalingProtocolError(
        'internal',
        `startDialout: the call could not be placed: ${(e as Error).message}`,
      );
    }
  }

  /** How many dial-in callers the room takes at once (its `sip.num_endpoints`, default 1). */
  get dialinFull(): boolean {
    const max = this.room.sip?.num_endpoints ?? 1;
    return [...this.sessions.values()].filter((s) => s.direction === 'dialin' && !s.ended).length >= max;
  }

  /**
   * A caller's INVITE reached the listener: starts a leg whose SIP handle
   * registers as `registerUser` (the listener then forwards the INVITE to it).
   */
  async startDialin(registerUser: string): Promise<string> {
    const listener = this.deps.listener;
    if (!listener) throw new Error('the server has no SIP listener');
    const displayName = this.room.sip?.display_name ?? 'Phone caller';
    const session: Session = { direction: 'dialin', leg: undefined!, running: undefined, startedBy: '', ended: false };
    const ringTimeoutMs = this.deps.config.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS;
    session.leg = new PhoneLeg(
      { userName: displayName },
      () => this.deps.sipSession(),
      { kind: 'dialin', registerUri: listener.registerUri(registerUser), displayName, ringTimeoutMs },
      this.dialinSink(session, () => session.leg.sessionId),
    );
    const sessionId = await this.launch(session);
    this.room.log.info({ sessionId }, 'dial-in leg waiting for the INVITE');
    return sessionId;
  }

  /** Tells a joining admin where callers reach the room. */
  joined(p: ParticipantSession): void {
    const listener = this.deps.listener;
    if (!listener || !this.room.sip || !(p.isOwner || p.permissions.canAdmin.includes('participants'))) return;
    p.connection?.event('dialin-ready', { sipEndpoint: listener.endpointFor(this.room.name) });
  }

  /** Joins the leg's participant; the session is known by its participant id. */
  private async launch(session: Session): Promise<string> {
    session.running = await this.deps.host.start(this.room.name, session.leg);
    const sessionId = session.running.call.participantId;
    this.sessions.set(sessionId, session);
    if (session.ended) await this.finish(sessionId);
    return sessionId;
  }

  async stopDialout(caller: ParticipantSession, participantId: string): Promise<void> {
    requirePhoneAdmin(caller, 'stopDialout');
    const session = this.session(participantId, 'params.participantId');
    await session.running?.stop();
  }

  async sendDtmf(caller: ParticipantSession, settings: DialoutSendDtmfSettings): Promise<void> {
    requirePhoneAdmin(caller, 'sendDtmf');
    const session = this.session(settings.sessionId, FIELD_SESSION);
    const method = settings.method === 'sip-info' ? 'sip-info' : 'telephone-event';
    try {
      await session.leg.sendDtmf(settings.tones, method, settings.digitDurationMs ?? 160);
    } catch (e) {
      throw new SignalingProtocolError('bad-request', `sendDtmf: ${(e as Error).message}`, FIELD_SESSION);
    }
  }

  async sipRefer(caller: ParticipantSession, sessionId: string, toEndPoint: string): Promise<void> {
    requirePhoneAdmin(caller, 'sipRefer');
    const session = this.session(sessionId, FIELD_SESSION);
    if (!/^sips?:/.test(toEndPoint))
      throw new SignalingProtocolError('bad-request', 'must be a SIP URI (sip:...)', FIELD_TO);
    try {
      await session.leg.refer(toEndPoint, (step) => this.referStep(session, caller.id, step));
    } catch (e) {
      throw new SignalingProtocolError('bad-request', `sipRefer: ${(e as Error).message}`, FIELD_SESSION);
    }
  }

  /**
   * daily-python has no REFER event: steps go as `<direction>-warning`, a failed
   * transfer as `<direction>-error` (the call itself stays up), to the asker and admins.
   */
  private referStep(session: Session, askedBy: string, step: ReferStep): void {
    const status = step.code ? `${step.code} ${step.reason}`.trim() : step.reason;
    const message = step.failed
      ? `REFER to ${step.uri} failed: ${status}`
      : `REFER to ${step.uri}: ${status}${step.final ? ' (transferred)' : ''}`;
    const kind = step.failed ? 'error' : 'warning';
    const data = { sessionId: session.leg.sessionId, message };
    if (session.direction === 'dialout') this.room.tellAdmins([askedBy], `dialout-${kind}`, data);
    else this.room.tellAdmins([askedBy], `dialin-${kind}`, data);
  }

  /**
   * daily-python `sip_call_transfer`: a dial-in caller moves to the room of
   * this server that `toEndPoint` names (its SIP URI at our listener, or its
   * meeting URL) without hanging up; anything else is a REFER (see sipRefer).
   */
  async sipCallTransfer(caller: ParticipantSession, sessionId: string, toEndPoint: string): Promise<void> {
    requirePhoneAdmin(caller, 'sipCallTransfer');
    const session = this.session(sessionId, FIELD_SESSION);
    const roomName = this.roomOfThisServer(toEndPoint);
    if (roomName === undefined || session.direction !== 'dialin') {
      await this.sipRefer(caller, sessionId, toEndPoint);
      return;
    }
    if (roomName === this.room.name)
      throw new SignalingProtocolError('bad-request', `the caller is in room "${roomName}" already`, FIELD_TO);
    const rooms = this.deps.rooms!;
    if (!(await rooms.exists(roomName)))
      throw new SignalingProtocolError('bad-request', `room "${roomName}" does not exist on this server`, FIELD_TO);
    await this.moveCaller(session, sessionId, roomName, rooms);
  }

  /** The room `toEndPoint` names when it is one of this server's (by SIP URI or meeting URL). */
  private roomOfThisServer(toEndPoint: string): string | undefined {
    const sipUser = /^sips?:([^@;>]+)@/.exec(toEndPoint)?.[1];
    if (sipUser !== undefined) return this.deps.listener?.endpointFor(sipUser) === toEndPoint ? sipUser : undefined;
    const rooms = this.deps.rooms;
    if (!rooms || !/^https?:\/\//.test(toEndPoint)) return undefined;
    const name =
      toEndPoint
        .replace(/[?#].*$/, '')
        .replace(/\/+$/, '')
        .split('/')
        .pop() ?? '';
    return name && rooms.meetingUrl(name) === toEndPoint.replace(/\/+$/, '') ? name : undefined;
  }

  private async moveCaller(session: Session, sessionId: string, roomName: string, rooms: TransferRooms): Promise<void> {
    const me = this.room.participant(sessionId);
    const identity = { userName: me?.userName ?? session.leg.identity.userName, userId: me?.userId ?? '' };
    // Forgotten first: the old participant leaving must not end the call.
    this.sessions.delete(sessionId);
    let running: RunningService;
    try {
      running = await this.deps.host.move(session.running!, session.leg, roomName, identity);
    } catch (e) {
      this.sessions.set(sessionId, session);
      throw new SignalingProtocolError('internal', `sipCallTransfer: ${(e as Error).message}`, FIELD_TO);
    }
    const target = rooms.telephony(roomName);
    if (!target) {
      await running.stop();
      throw new SignalingProtocolError('internal', `sipCallTransfer: room "${roomName}" closed`, FIELD_TO);
    }
    this.room.log.info({ sessionId, to: roomName, newSessionId: running.call.participantId }, 'caller transferred');
    target.adopt(session, running);
  }

  /** A dial-in caller moved here from another room: visible at once, known by its new participant id. */
  private adopt(moved: Session, running: RunningService): void {
    const session: Session = { ...moved, running, startedBy: '', ended: false };
    const sessionId = running.call.participantId;
    this.sessions.set(sessionId, session);
    const sink = this.dialinSink(session, () => sessionId);
    session.leg.reportTo(sink);
    sink.answered(moved.caller);
  }

  /** The last ordinary participant left or the room closes: every call is hung up. */
  async shutDown(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.running?.stop()));
  }

  private session(id: string, field: string): Session {
    const session = this.sessions.get(id);
    if (!session || session.ended)
      throw new SignalingProtocolError('bad-request', `no phone session ${id} in this room`, field);
    return session;
  }

  private dialTarget(settings: DialoutSettings): DialTarget {
    const ringTimeoutMs = this.deps.config.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS;
    const displayName = settings.displayName ?? '';
    const codecs = settings.codecs?.audio;
    const base = { displayName, ringTimeoutMs, ...(codecs ? { codecs } : {}) };
    if (settings.sipUri)
      return { ...base, kind: 'dialout', uri: settings.sipUri, fromUser: settings.callerId ?? 'daily-node' };
    const trunk = this.deps.config.trunk;
    if (!trunk)
      throw new SignalingProtocolError(
        'bad-request',
        'phoneNumber needs a SIP trunk in the server configuration (sip.trunk); give sipUri instead',
        'params.settings.phoneNumber',
      );
    const host = trunk.uri.replace(/^sips?:([^@]*@)?/, '');
    return {
      ...base,
      kind: 'dialout',
      uri: `sip:${settings.phoneNumber}@${host}`,
      fromUser: settings.callerId ?? trunk.callerId ?? trunk.username ?? 'daily-node',
      ...(trunk.username ? { authuser: trunk.username, secret: trunk.password ?? '' } : {}),
    };
  }

  private dialinSink(session: Session, sessionId: () => string): PhoneLegSink {
    const tell = this.room.tellAdmins.bind(this.room, []);
    return {
      connected: () => undefined,
      answered: (info) => {
        session.caller = info;
        this.room.reveal(sessionId(), { userName: info?.displayName, userId: info?.sipFrom || undefined });
        tell('dialin-connected', { sessionId: sessionId(), ...info });
      },
      stopped: () => {
        tell('dialin-stopped', {
          sessionId: sessionId(),
          ...(session.caller ? { sipFrom: session.caller.sipFrom, sipHeaders: session.caller.sipHeaders } : {}),
        });
        this.ended(session, sessionId());
      },
      failed: (message) => {
        tell('dialin-error', { sessionId: sessionId(), message });
        this.ended(session, sessionId());
      },
      dtmf: (tone, method) => tell('dtmf-event', { sessionId: sessionId(), tone, method }),
      warning: (message) => tell('dialin-warning', { sessionId: sessionId(), message }),
    };
  }

  private dialoutSink(
    session: Session,
    sessionId: () => string,
    settings: Pick<DialoutSettings, 'extension' | 'waitBeforeExtensionDialSec'>,
  ): PhoneLegSink {
    const tell = <
      E extends 'dialout-connected' | 'dialout-answered' | 'dialout-stopped' | 'dialout-error' | 'dialout-warning',
    >(
      event: E,
      message?: string,
    ): void => {
      const data = { sessionId: sessionId(), ...(message !== undefined ? { message } : {}) };
      this.room.tellAdmins([session.startedBy], event, data as SignalingEvents[E]);
    };
    return {
      connected: () => tell('dialout-connected'),
      answered: () => {
        this.room.reveal(sessionId(), {});
        tell('dialout-answered');
        if (settings.extension)
          this.dialExtension(session, settings.extension, settings.waitBeforeExtensionDialSec, tell);
      },
      stopped: () => {
        tell('dialout-stopped');
        this.ended(session, sessionId());
      },
      failed: (message) => {
        this.room.log.info({ sessionId: sessionId(), message }, 'dial-out failed');
        tell('dialout-error', message);
        this.ended(session, sessionId());
      },
      dtmf: (tone, method) =>
        this.room.tellAdmins([session.startedBy], 'dtmf-event', { sessionId: sessionId(), tone, method }),
      warning: (message) => tell('dialout-warning', message),
    };
  }

  /**
   * `extension`: DTMF sent once the phone answered, after
   * `waitBeforeExtensionDialSec` (default 0), as RFC 2833 events. `w` and `,`
   * are pauses (libwebrtc makes `,` two seconds). A failure is a
   * `dialout-warning`: the call itself is up.
   */
  private dialExtension(
    session: Session,
    extension: string,
    waitSec: number | undefined,
    tell: (event: 'dialout-warning', message: string) => void,
  ): void {
    const timer = setTimeout(
      () => {
        if (session.ended) return;
        session.leg
          .sendDtmf(extension.replace(/w/g, ','), 'telephone-event', 160)
          .catch((e: Error) => tell('dialout-warning', `dialling the extension ${extension} failed: ${e.message}`));
      },
      (waitSec ?? 0) * 1000,
    );
    timer.unref();
  }

  /** The leg ended by itself: its participant leaves (once the start has returned its id). */
  private ended(session: Session, sessionId: string): void {
    session.ended = true;
    if (sessionId) void this.finish(sessionId);
  }

  private async finish(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    await session?.running?.stop();
  }
}
