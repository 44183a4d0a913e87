/**
 * A dial-in leg with a scripted Janus SIP handle and a stand-in media engine:
 * the listener forwards the caller's INVITE the moment the leg's REGISTER
 * reaches it, so Janus's `registered` and `incomingcall` events can reach the
 * server in one WebSocket read, which ws delivers in one turn of the event
 * loop, before `register` has resolved. The leg must answer that call; it
 * used to drop it (state still idle) and the caller rang until it gave up,
 * seen only in loaded full test runs.
 */
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';

import type { Jsep, PluginReply } from '../../src/janus/janus-messages';
import type { JanusSession } from '../../src/janus/janus-session';
import type { ServiceCall } from '../../src/services/service';
import {
  PhoneLeg,
  type CallerInfo,
  type DialinTarget,
  type PhoneLegSink,
} from '../../src/services/telephony/phone-leg';
import { until } from './fakes/fake-janus';

// The engine boundary: the leg's peer connection and mixers answer at once.
vi.mock('daily-node/engine-bridge', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakePeerConnection extends Emitter {
    static async create(): Promise<FakePeerConnection> {
      return new FakePeerConnection();
    }
    async setRemoteDescription(): Promise<void> {}
    async addTrack(): Promise<{ transceiverId: string }> {
      return { transceiverId: 't0' };
    }
    async setLocalDescription(): Promise<{ type: string; sdp: string }> {
      return { type: 'answer', sdp: 'v=0\r\nm=audio 9 RTP/AVP 0\r\n' };
    }
    async close(): Promise<void> {}
  }
  let mixers = 0;
  class FakeAudioMixer {
    readonly id = `mixer-${++mixers}`;
    static async create(): Promise<FakeAudioMixer> {
      return new FakeAudioMixer();
    }
    async setInputs(): Promise<void> {}
    async release(): Promise<void> {}
  }
  return { PeerConnection: FakePeerConnection, AudioMixer: FakeAudioMixer, peerConfig: () => ({}) };
});

const CALLER_OFFER: Jsep = { type: 'offer', sdp: 'v=0\r\nm=audio 4000 RTP/AVP 0\r\n' };

/** A Janus SIP plugin handle that answers each request with the plugin's first event for it. */
class ScriptedSipHandle extends EventEmitter {
  isDetached = false;
  readonly requests: string[] = [];

  constructor(
    private readonly afterRegister: (handle: ScriptedSipHandle) => void,
    private readonly onAccept: (handle: ScriptedSipHandle) => void = () => undefined,
  ) {
    super();
  }

  async requestAsync(body: Record<string, unknown>): Promise<PluginReply> {
    const request = String(body.request);
    this.requests.push(request);
    if (request === 'register') {
      setImmediate(() => this.afterRegister(this));
      return reply('registering');
    }
    if (request === 'accept') {
      this.onAccept(this);
      return reply('accepted');
    }
    return reply(`${request}-done`);
  }

  /** Emits a plugin event as the Janus connection does for each WebSocket message. */
  event(name: string, extra: Record<string, unknown> = {}, jsep?: Jsep): void {
    this.emit('event', { data: { result: { event: name, ...extra } }, ...(jsep ? { jsep } : {}) });
  }

  async detach(): Promise<void> {
    this.isDetached = true;
    this.emit('detached');
  }
}

function reply(event: string): PluginReply {
  return { data: { result: { event } } };
}

function incomingCall(handle: ScriptedSipHandle): void {
  handle.event(
    'incomingcall',
    { username: 'sip:+15550001@127.0.0.1', displayname: '"PSTN Caller"', headers: { 'X-Account': '42' } },
    CALLER_OFFER,
  );
}

function serviceCall(): ServiceCall {
  const client = { watchReceivedTracks: () => () => undefined, updateInputs: async () => undefined };
  return {
    client: client as unknown as ServiceCall['client'],
    roomName: 'hotline',
    participantId: 'leg-1',
    log: pino({ level: 'silent' }),
  };
}

/** Starts a dial-in leg on `handle`; resolves with what its room heard once it answered (or failed). */
async function dialinLeg(handle: ScriptedSipHandle): Promise<{ answered: CallerInfo[]; failures: string[] }> {
  const answered: CallerInfo[] = [];
  const failures: string[] = [];
  const sink: PhoneLegSink = {
    connected: () => undefined,
    answered: (caller) => answered.push(caller!),
    stopped: () => undefined,
    failed: (message) => failures.push(message),
    dtmf: () => undefined,
    warning: () => undefined,
  };
  const session = { attach: async () => handle } as unknown as JanusSession;
  const target: DialinTarget = {
    kind: 'dialin',
    registerUri: 'sip:dn-leg-1@127.0.0.1:5999',
    displayName: 'Hotline caller',
    ringTimeoutMs: 60_000,
  };
  const leg = new PhoneLeg({ userName: 'Hotline caller' }, () => session, target, sink);
  await leg.start(serviceCall());
  await until(() => answered.length + failures.length > 0, 'the leg answered or failed');
  await leg.stop();
  return { answered, failures };
}

describe('a dial-in leg answers the forwarded INVITE', () => {
  it('when `registered` and `incomingcall` arrive in one turn of the event loop', async () => {
    const handle = new ScriptedSipHandle((h) => {
      h.event('registered', { username: 'sip:dn-leg-1@127.0.0.1:5999' });
      incomingCall(h);
    });
    const { answered, failures } = await dialinLeg(handle);
    expect(failures).toEqual([]);
    expect(answered).toEqual([
      { sipFrom: 'sip:+15550001@127.0.0.1', displayName: 'PSTN Caller', sipHeaders: { 'X-Account': '42' } },
    ]);
    expect(handle.requests).toEqual(['register', 'accept', 'hangup']);
  });

  it('when `incomingcall` comes in a later turn', async () => {
    const handle = new ScriptedSipHandle((h) => {
      h.event('registered', { username: 'sip:dn-leg-1@127.0.0.1:5999' });
      setImmediate(() => incomingCall(h));
    });
    const { answered } = await dialinLeg(handle);
    expect(answered.map((c) => c.sipFrom)).toEqual(['sip:+15550001@127.0.0.1']);
  });

  it('and reports a caller who hangs up while it answers as gone, never as answered', async () => {
    const handle = new ScriptedSipHandle(
      (h) => {
        h.event('registered', { username: 'sip:dn-leg-1@127.0.0.1:5999' });
        incomingCall(h);
      },
      (h) => h.event('hangup', { code: 487, reason: 'Request Terminated' }),
    );
    const { answered, failures } = await dialinLeg(handle);
    expect(answered).toEqual([]);
    expect(failures).toEqual(['487 Request Terminated']);
  });
});
