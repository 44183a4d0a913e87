/**
 * Dial-in end to end: sipp calls a room at the server's SIP listener
 * (`sip.port`); the listener has Janus's Sofia stack answer through a phone
 * leg, and the caller becomes a participant the bots hear. The caller's RTP is
 * the test's RtpPhone (sipp does its SIP).
 */
import * as dgram from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { fliteSpeech } from '../helpers/pcm-signals';
import { waitFor } from '../helpers/process';
import { Bot } from './helpers/bot';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { RtpPhone, speechMs } from './helpers/rtp-phone';
import { callingPhone, patientCaller, refusedCaller, Sipp } from './helpers/sipp';
import { Daily, type VirtualMicrophoneDevice } from './helpers/sdk';
import { SpeechListener } from './helpers/speech-listener';

const ROOM = 'hotline';

let server: TestServer;
let sipPort: number;
let owner: Bot;
let nextSipPort = 15_170;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer({ sip: { port: 0 } });
  sipPort = server.sipListener!.address.port;
  const url = await createRoom(server, ROOM, { sip: { display_name: 'Hotline caller', sip_mode: 'dial-in' } });
  owner = new Bot('owner');
  await owner.client.join(url, {
    meetingToken: await meetingToken(server, { room_name: ROOM, is_owner: true }),
    clientSettings: { inputs: { camera: false, microphone: false } },
  });
});

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

afterAll(async () => {
  await owner?.client.leave();
  owner?.client.release();
  await server?.close();
  await Daily.deinit();
});

async function caller(scenario: string, room: string, rtp?: RtpPhone): Promise<Sipp> {
  const sipp = await Sipp.start({
    scenario,
    port: nextSipPort++,
    remote: `127.0.0.1:${sipPort}`,
    service: room,
    keys: { mport: rtp?.port ?? 9 },
  });
  cleanups.push(() => sipp.stop());
  return sipp;
}

/** Datagrams a broken or hostile peer might send to the listener. */
function malformedDatagrams(): Buffer[] {
  const junk = [
    '',
    'hello',
    'INVITE\r\n\r\n',
    'INVITE sip:hotline@127.0.0.1 SIP/2.0\r\n\r\n',
    'INVITE sip:hotline@127.0.0.1 SIP/2.0\r\nVia: x\r\n\r\n',
    'REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: a\r\nFrom: b\r\nTo: <sip:dn-leg-x@h>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n\r\n',
    'SIP/2.0 200 OK\r\n\r\n',
    'BYE sip:x@y SIP/2.0\r\nNoColonHeader\r\n\r\n',
    'INVITE sip:' + 'a'.repeat(300) + '@h SIP/2.0\r\n\r\n',
    'X'.repeat(9000),
  ];
  return [...junk, ...junk.map((j) => Buffer.from(j).reverse().toString('latin1'))].map((t) =>
    Buffer.from(t, 'latin1'),
  );
}

describe('dial-in', () => {
  it('owners learn the endpoint; a caller joins, is heard, hangs up; junk does not disturb it', async () => {
    const [endpoint] = await owner.waitEvent('dialin-ready');
    expect(endpoint).toBe(`sip:${ROOM}@127.0.0.1:${sipPort}`);

    const rtp = await RtpPhone.open();
    cleanups.push(() => rtp.close());
    const from = owner.mark;
    const sipp = await caller(callingPhone(8000), ROOM, rtp);
    const [connected] = await owner.waitEvent('dialin-connected', () => true, 15_000, from);
    expect(connected.sipFrom).toMatch(/^sip:\+15550001@127\.0\.0\.1/);
    expect(connected.sipHeaders).toMatchObject({ 'X-Account': '42' });
    const [joined] = await owner.waitEvent('participant-joined', (p) => p.id === connected.sessionId, 15_000, from);
    expect(joined.info.userName).toBe('PSTN Caller');
    expect(joined.info.userId).toBe(connected.sipFrom); // the call page's phone badge reads this

    const junk = dgram.createSocket('udp4');
    cleanups.push(() => void junk.close());
    for (const d of malformedDatagrams()) junk.send(d, sipPort, '127.0.0.1');

    const listener = new SpeechListener(owner.client, connected.sessionId);
    await rtp.waitMedia();
    void rtp.play(fliteSpeech('hello I am calling the hotline about my order', 8000));
    await listener.waitSpeech(600, 20_000);

    const [stopped] = await owner.waitEvent('dialin-stopped', () => true, 20_000, from);
    expect(stopped).toMatchObject({ sessionId: connected.sessionId, sipFrom: connected.sipFrom });
    await owner.waitEvent('participant-left', (p) => p.id === connected.sessionId, 15_000, from);
    expect(await sipp.done, sipp.log).toBe(0);
  });

  it('a second caller while the room takes one (sip.num_endpoints 1) is refused with 486', async () => {
    const rtp = await RtpPhone.open();
    cleanups.push(() => rtp.close());
    const from = owner.mark;
    const first = await caller(callingPhone(4000), ROOM, rtp);
    const [connected] = await owner.waitEvent('dialin-connected', () => true, 15_000, from);
    const second = await caller(refusedCaller(486), ROOM);
    expect(await second.done, second.log).toBe(0);
    // The first call goes on undisturbed until its own hangup.
    expect(await first.done, first.log).toBe(0);
    await owner.waitEvent('dialin-stopped', (e) => e.sessionId === connected.sessionId, 15_000, from);
  });

  it('a call to a room that does not exist (or takes no calls) is refused with 404', async () => {
    const sipp = await caller(refusedCaller(404), 'no-such-room');
    expect(await sipp.done, sipp.log).toBe(0);
  });
});

describe('sipCallTransfer of a dial-in caller', () => {
  const ROOM2 = 'sales';

  async function agentInRoom2(): Promise<{ agent: Bot; mic: VirtualMicrophoneDevice; url2: string }> {
    const url2 = await createRoom(server, ROOM2, {});
    const mic = Daily.createMicrophoneDevice('agent-mic', { sampleRate: 16_000, channels: 1 });
    const agent = new Bot('agent');
    cleanups.push(() => agent.client.release().catch(() => undefined));
    await agent.client.join(url2, {
      meetingToken: await meetingToken(server, { room_name: ROOM2, is_owner: true }),
      clientSettings: {
        inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'agent-mic' } } },
      },
    });
    return { agent, mic, url2 };
  }

  it('moves the caller to room 2 without hanging up: room 1 sees it leave, room 2 hears it and is heard', async () => {
    const { agent, mic, url2 } = await agentInRoom2();
    const rtp = await RtpPhone.open();
    cleanups.push(() => rtp.close());
    const from = owner.mark;
    const sipp = await caller(patientCaller(), ROOM, rtp);
    const [connected] = await owner.waitEvent('dialin-connected', () => true, 15_000, from);
    await owner.waitEvent('participant-joined', (p) => p.id === connected.sessionId, 15_000, from);

    // A room that does not exist (here by meeting URL) is refused, naming the field; the call goes on.
    const toNowhere = { sessionId: connected.sessionId, toEndPoint: url2.replace(/sales$/, 'no-such-room') };
    const err = await owner.client.sipCallTransfer(toNowhere)!.catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'bad-request', field: 'params.settings.toEndPoint' });
    expect((err as Error).message).toMatch(/room "no-such-room" does not exist/);

    const agentFrom = agent.mark;
    const toEndPoint = `sip:${ROOM2}@127.0.0.1:${sipPort}`;
    await owner.client.sipCallTransfer({ sessionId: connected.sessionId, toEndPoint });
    await owner.waitEvent('participant-left', (p) => p.id === connected.sessionId, 15_000, from);
    const [moved] = await agent.waitEvent('dialin-connected', () => true, 15_000, agentFrom);
    expect(moved.sipFrom).toBe(connected.sipFrom);
    const [joined] = await agent.waitEvent('participant-joined', (p) => p.id === moved.sessionId, 15_000, agentFrom);
    expect(joined.info).toMatchObject({ userName: 'PSTN Caller', userId: connected.sipFrom });

    // Caller → room 2.
    await rtp.waitMedia();
    const listener = new SpeechListener(agent.client, moved.sessionId);
    void rtp.play(fliteSpeech('I would like to talk to sales please', 8000));
    await listener.waitSpeech(600, 20_000);

    // Room 2 → caller.
    const before = rtp.audio.length;
    const speech = fliteSpeech('hello this is sales how can I help', 16_000);
    await mic.writeFrames(new Int16Array(speech.buffer, speech.byteOffset, speech.length / 2));
    await waitFor("the agent's speech at the phone", () => speechMs(rtp.audio.subarray(before)) > 600, 8000);

    // Never hung up on the way: the phone's only BYE comes when room 2 ends the call.
    expect(owner.events.slice(from).some((e) => e.event === 'dialin-stopped')).toBe(false);
    await agent.client.stopDialout(moved.sessionId);
    await agent.waitEvent('dialin-stopped', (e) => e.sessionId === moved.sessionId, 15_000, agentFrom);
    expect(await sipp.done, sipp.log).toBe(0);
  });
});
