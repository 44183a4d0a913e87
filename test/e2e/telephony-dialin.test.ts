/**
 * Dial-in end to end: sipp calls a room at the server's SIP listener
 * (`sip.port`); the listener has Janus's Sofia stack answer through a phone
 * leg, and the caller becomes a participant the bots hear. The caller's RTP is
 * the test's RtpPhone (sipp does its SIP).
 */
import * as dgram from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { fliteSpeech } from '../helpers/pcm-signals';
import { Bot } from './helpers/bot';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { RtpPhone } from './helpers/rtp-phone';
import { callingPhone, refusedCaller, Sipp } from './helpers/sipp';
import { Daily } from './helpers/sdk';
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
