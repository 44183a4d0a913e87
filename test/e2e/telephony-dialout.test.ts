/**
 * Dial-out end to end: a bot asks the real server to call a phone; the
 * server's phone leg (a participant of its own engine plus a peer connection
 * to a Janus SIP handle) places the call through Janus's Sofia stack to sipp.
 * sipp does the phone's SIP; the phone's RTP is the test's RtpPhone (sipp
 * cannot record what it receives). One server for the file; each test its own
 * sipp on its own port.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { fliteSpeech } from '../helpers/pcm-signals';
import { waitFor } from '../helpers/process';
import { Bot } from './helpers/bot';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { RtpPhone, speechMs } from './helpers/rtp-phone';
import {
  answeringPhone,
  notifyingPhone,
  referredPhone,
  referRefusingPhone,
  refusingPhone,
  Sipp,
  sipTrunk,
  unansweredPhone,
} from './helpers/sipp';
import { Daily, type VirtualMicrophoneDevice } from './helpers/sdk';
import { SpeechListener } from './helpers/speech-listener';

const ROOM = 'phones';
const RATE = 16000;
const RING_TIMEOUT_MS = 3000;
const TRUNK_PORT = 15_060;

let server: TestServer;
let url: string;
let owner: Bot;
let guest: Bot;
let mic: VirtualMicrophoneDevice;
let nextSipPort = 15_070;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer({
    sip: {
      ringTimeoutMs: RING_TIMEOUT_MS,
      trunk: { uri: `sip:127.0.0.1:${TRUNK_PORT}`, username: 'trunkuser', password: 'trunkpass' },
    },
  });
  url = await createRoom(server, ROOM, { enable_dialout: true });
  mic = Daily.createMicrophoneDevice('dialout-mic', { sampleRate: RATE, channels: 1 });
  owner = new Bot('owner');
  await owner.client.join(url, {
    meetingToken: await meetingToken(server, { room_name: ROOM, is_owner: true }),
    clientSettings: {
      inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'dialout-mic' } } },
    },
  });
  guest = new Bot('guest');
  await guest.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
});

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

afterAll(async () => {
  await guest?.client.leave();
  await owner?.client.leave();
  guest?.client.release();
  owner?.client.release();
  await server?.close();
  await Daily.deinit();
});

async function phone(scenario: string, rtp?: RtpPhone, port = nextSipPort++): Promise<{ sipp: Sipp; uri: string }> {
  const sipp = await Sipp.start({ scenario, port, keys: { mport: rtp?.port ?? 9 } });
  cleanups.push(() => sipp.stop());
  return { sipp, uri: `sip:alice@127.0.0.1:${port}` };
}

describe('dial-out to a phone that answers', () => {
  it('bridges both ways: the bot hears the phone, the phone hears the bot; stopDialout sends BYE', async () => {
    const rtp = await RtpPhone.open();
    cleanups.push(() => rtp.close());
    const { sipp, uri } = await phone(answeringPhone(), rtp);
    const from = owner.mark;
    const sessionId = await owner.client.startDialout({ sipUri: uri, displayName: 'Alice phone' })!;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await owner.waitEvent('dialout-connected', (e) => e.sessionId === sessionId, 15_000, from);
    await owner.waitEvent('dialout-answered', (e) => e.sessionId === sessionId, 15_000, from);
    const [joined] = await guest.waitEvent('participant-joined', (p) => p.id === sessionId, 15_000);
    expect(joined.info.userName).toBe('Alice phone');

    // Phone → room: speech sent as PCMU reaches a bot's renderer as speech.
    await rtp.waitMedia();
    const listener = new SpeechListener(guest.client, sessionId);
    void rtp.play(fliteSpeech('hello this is the phone calling the meeting', 8000));
    await listener.waitSpeech(600, 20_000);

    // Room → phone: the owner's speech reaches the phone's RTP as speech.
    const before = rtp.audio.length;
    const speech = fliteSpeech('the quick brown fox jumps over the lazy dog', RATE);
    await mic.writeFrames(new Int16Array(speech.buffer, speech.byteOffset, speech.length / 2));
    await waitFor("the owner's speech at the phone", () => speechMs(rtp.audio.subarray(before)) > 600, 5000);

    // DTMF to the phone: RFC 2833 telephone-events, in order.
    await owner.client.sendDtmf({ sessionId, tones: '123#' });
    await waitFor('4 digits at the phone', () => rtp.digits.length >= 4, 5000);
    expect(rtp.digits).toEqual(['1', '2', '3', '#']);

    // DTMF from the phone: RFC 2833 digits become dtmf-event, once per press, in order (sent with
    // the telephone-event payload type the phone learnt from our digits).
    const dtmfFrom = owner.mark;
    await rtp.pressDigit('1');
    await rtp.pressDigit('#');
    await owner.waitEvent('dtmf-event', (e) => e.tone === '#', 10_000, dtmfFrom);
    const pressed = owner.all('dtmf-event').slice(-2);
    expect(pressed.map(([e]) => [e.sessionId, e.tone, e.method])).toEqual([
      [sessionId, '1', 'telephone-event'],
      [sessionId, '#', 'telephone-event'],
    ]);

    await owner.client.stopDialout(sessionId);
    await owner.waitEvent('dialout-stopped', (e) => e.sessionId === sessionId, 15_000, from);
    await guest.waitEvent('participant-left', (p) => p.id === sessionId, 15_000);
    expect(await sipp.done, sipp.log).toBe(0); // the scenario ends only after our BYE
  });
});

describe('dial-out to an extension', () => {
  it('dials the extension as RFC 2833 digits once the phone answered and the wait passed', async () => {
    const rtp = await RtpPhone.open();
    cleanups.push(() => rtp.close());
    const { sipp, uri } = await phone(answeringPhone(), rtp);
    const from = owner.mark;
    const sessionId = await owner.client.startDialout({
      sipUri: uri,
      extension: '42w#',
      waitBeforeExtensionDialSec: 1,
    })!;
    await owner.waitEvent('dialout-answered', (e) => e.sessionId === sessionId, 15_000, from);
    const answeredAt = Date.now();
    await waitFor('3 digits of the extension at the phone', () => rtp.digits.length >= 3, 10_000);
    expect(rtp.digits).toEqual(['4', '2', '#']);
    // 1 s of wait, two digits, then the pause (`w`, 2 s in libwebrtc) before '#'.
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(3000);
    expect(owner.all('dialout-warning').filter(([e]) => e.sessionId === sessionId)).toEqual([]);
    await owner.client.stopDialout(sessionId);
    await owner.waitEvent('dialout-stopped', (e) => e.sessionId === sessionId, 15_000, from);
    expect(await sipp.done, sipp.log).toBe(0);
  });
});

describe('dial-out by phone number, and REFER', () => {
  it('goes through the configured trunk: E.164 number in the Request-URI, digest auth answered', async () => {
    const rtp = await RtpPhone.open();
    cleanups.push(() => rtp.close());
    const { sipp } = await phone(sipTrunk('+15551234567', 'trunkuser', 'trunkpass'), rtp, TRUNK_PORT);
    const from = owner.mark;
    const sessionId = await owner.client.startDialout({ phoneNumber: '+15551234567' })!;
    await owner.waitEvent('dialout-answered', (e) => e.sessionId === sessionId, 15_000, from);
    await owner.client.stopDialout(sessionId);
    await owner.waitEvent('dialout-stopped', (e) => e.sessionId === sessionId, 15_000, from);
    expect(await sipp.done, sipp.log).toBe(0); // Request-URI and credentials checked by the trunk
  });

  it('sipRefer sends the phone a REFER with the asked Refer-To', async () => {
    const rtp = await RtpPhone.open();
    cleanups.push(() => rtp.close());
    const target = 'sip:desk@example.com';
    const { sipp, uri } = await phone(referredPhone(target), rtp);
    const from = owner.mark;
    const sessionId = await owner.client.startDialout({ sipUri: uri })!;
    await owner.waitEvent('dialout-answered', (e) => e.sessionId === sessionId, 15_000, from);
    await owner.client.sipRefer({ sessionId, toEndPoint: target });
    await owner.client.stopDialout(sessionId);
    expect(await sipp.done, sipp.log).toBe(0); // the REFER's Refer-To was checked by the phone
  });
});

describe('REFER progress', () => {
  async function referAnsweredCall(scenario: string): Promise<{ sipp: Sipp; sessionId: string; from: number }> {
    const rtp = await RtpPhone.open();
    cleanups.push(() => rtp.close());
    const { sipp, uri } = await phone(scenario, rtp);
    const from = owner.mark;
    const sessionId = await owner.client.startDialout({ sipUri: uri })!;
    await owner.waitEvent('dialout-answered', (e) => e.sessionId === sessionId, 15_000, from);
    await owner.client.sipRefer({ sessionId, toEndPoint: 'sip:desk@example.com' });
    return { sipp, sessionId, from };
  }

  it("the phone's NOTIFY 200 OK reaches the asker as dialout-warning naming the target", async () => {
    const { sipp, sessionId, from } = await referAnsweredCall(notifyingPhone('SIP/2.0 200 OK'));
    const [step] = await owner.waitEvent('dialout-warning', (e) => e.sessionId === sessionId, 10_000, from);
    expect(step.message).toBe('REFER to sip:desk@example.com: 200 OK (transferred)');
    expect(owner.all('dialout-error').some(([e]) => e.sessionId === sessionId)).toBe(false);
    await owner.client.stopDialout(sessionId);
    expect(await sipp.done, sipp.log).toBe(0); // NOTIFY answered 200, then our BYE
  });

  it('a NOTIFY 486 is a failed transfer: dialout-error with the code, the call stays up', async () => {
    const { sipp, sessionId, from } = await referAnsweredCall(notifyingPhone('SIP/2.0 486 Busy Here'));
    const [error] = await owner.waitEvent('dialout-error', (e) => e.sessionId === sessionId, 10_000, from);
    expect(error.message).toBe('REFER to sip:desk@example.com failed: 486 Busy Here');
    expect(owner.events.slice(from).some((e) => e.event === 'dialout-stopped')).toBe(false);
    expect(owner.client.participants()[sessionId]).toBeDefined(); // the phone is still in the call
    await owner.client.sendDtmf({ sessionId, tones: '1' }); // right after the answer: waits for the media
    await owner.client.stopDialout(sessionId);
    await owner.waitEvent('dialout-stopped', (e) => e.sessionId === sessionId, 15_000, from);
    expect(await sipp.done, sipp.log).toBe(0);
  });

  it('a REFER the phone refuses (603, no NOTIFY) gives dialout-error once the NOTIFY deadline passes', async () => {
    const { sipp, sessionId, from } = await referAnsweredCall(referRefusingPhone(603, 'Decline'));
    const [error] = await owner.waitEvent('dialout-error', (e) => e.sessionId === sessionId, 15_000, from);
    expect(error.message).toMatch(/^REFER to sip:desk@example\.com failed: no NOTIFY within 8 s/);
    await owner.client.stopDialout(sessionId);
    expect(await sipp.done, sipp.log).toBe(0);
  });
});

describe('dial-out failures', () => {
  it.each([
    [486, 'Busy Here'],
    [404, 'Not Found'],
  ])('a phone answering %i gives dialout-error with the code; the participant never appears', async (code, reason) => {
    const { sipp, uri } = await phone(refusingPhone(code, reason));
    const from = owner.mark;
    const guestFrom = guest.mark;
    const sessionId = await owner.client.startDialout({ sipUri: uri })!;
    const [error] = await owner.waitEvent('dialout-error', (e) => e.sessionId === sessionId, 15_000, from);
    expect(error.message).toMatch(new RegExp(`^${code}\\b`));
    expect(await sipp.done, sipp.log).toBe(0);
    expect(
      guest
        .all('participant-joined')
        .slice(0)
        .some(([p]) => p.id === sessionId),
    ).toBe(false);
    expect(guest.events.slice(guestFrom).some((e) => e.event === 'participant-joined')).toBe(false);
  });

  it('a phone that never answers is cancelled after the ring timeout: dialout-error 408', async () => {
    const { sipp, uri } = await phone(unansweredPhone());
    const from = owner.mark;
    const sessionId = await owner.client.startDialout({ sipUri: uri })!;
    await owner.waitEvent('dialout-connected', (e) => e.sessionId === sessionId, 10_000, from);
    const [error] = await owner.waitEvent('dialout-error', (e) => e.sessionId === sessionId, 15_000, from);
    expect(error.message).toMatch(/^408\b/);
    expect(await sipp.done, sipp.log).toBe(0); // CANCEL seen, 487 acknowledged
  });
});

describe('who may dial out, and bad settings', () => {
  it('a participant without admin rights is refused, naming why', async () => {
    const err = await guest.client.startDialout({ sipUri: 'sip:bob@127.0.0.1:5999' })!.catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'forbidden' });
    expect((err as Error).message).toMatch(/owner token or canAdmin "participants"/);
  });

  it('settings are checked before anything is sent, naming the field', () => {
    expect(() => owner.client.startDialout({})).toThrow(/settings\.sipUri: is required/);
    expect(() => owner.client.startDialout({ sipUri: 'not a uri' })).toThrow(/settings\.sipUri/);
    expect(() => owner.client.sendDtmf({ sessionId: 'x', tones: '12x' })).toThrow(/settings\.tones/);
  });

  it('an unknown session is refused by the server, naming the field', async () => {
    const err = await owner.client.sendDtmf({ sessionId: 'nope', tones: '1' })!.catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'bad-request', field: 'params.settings.sessionId' });
  });
});
