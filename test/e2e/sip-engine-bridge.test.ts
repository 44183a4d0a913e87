/**
 * The engine half of a phone leg against real parts: an engine peer connection
 * offers only G.711 and telephone-event to a Janus SIP handle, which calls a
 * sipp UAS. sipp answers, plays flite speech as µ-law and then RFC 4733 DTMF
 * "1" and "#". A mixer source over the leg's remote track carries the speech
 * (heard by NativeVad), and the leg reports the digits as `dtmf` events.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AudioRenderer, Daily } from '../../src';
import type { AudioData } from '../../src';
import type { EngineChannel } from '../../src/engine/engine-channel';
import { engineHost } from '../../src/engine/engine-host';
import { PeerConnection } from '../../src/media/peer/peer-connection';
import { EmbeddedJanus } from '../../server/src/janus/embedded-janus';
import { JanusConnection } from '../../server/src/janus/janus-connection';
import type { JanusHandle } from '../../server/src/janus/janus-handle';
import type { PluginReply } from '../../server/src/janus/janus-messages';
import { JanusSession } from '../../server/src/janus/janus-session';
import { createLogger } from '../../server/src/log';
import { fliteSpeech } from '../helpers/pcm-signals';
import { waitFor } from '../helpers/process';

const SIPP_PORT = 15070;
const SIPP_MEDIA_PORT = 16000;
const SIPP_CONTROL_PORT = 18888;
// sipp replays its DTMF pcaps with payload type 101 whatever was negotiated.
const DTMF_PT = 101;

function uasScenario(speechFile: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="UAS: answers PCMU, plays speech, then RFC 4733 1 and #">
  <recv request="INVITE" crlf="true"/>
  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [rtpstream_audio_port] RTP/AVP 0 ${DTMF_PT}
a=rtpmap:0 PCMU/8000
a=rtpmap:${DTMF_PT} telephone-event/8000
a=fmtp:${DTMF_PT} 0-15
]]></send>
  <recv request="ACK" crlf="true"/>
  <nop><action><exec rtp_stream="${speechFile},1,0"/></action></nop>
  <pause milliseconds="4500"/>
  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_1.pcap"/></action></nop>
  <pause milliseconds="1000"/>
  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_pound.pcap"/></action></nop>
  <recv request="BYE"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0
]]></send>
  <timewait milliseconds="500"/>
</scenario>
`;
}

/** Gives telephone-event/8000 the payload type sipp's pcaps use (swapping with a codec that had it). */
function withDtmfPayloadType(sdp: string, pt: number): string {
  const current = /^a=rtpmap:(\d+) telephone-event\/8000/m.exec(sdp)?.[1];
  if (!current || Number(current) === pt) return sdp;
  const swap = (text: string, a: string, b: string) =>
    text.replace(new RegExp(`\\b(${a}|${b})\\b`, 'g'), (m) => (m === a ? b : a));
  return sdp
    .split('\r\n')
    .map((line) => (/^(m=audio|a=rtpmap:|a=fmtp:|a=rtcp-fb:)/.test(line) ? swap(line, current, String(pt)) : line))
    .join('\r\n');
}

function waitForEvent(handle: JanusHandle, name: string, timeoutMs: number): Promise<PluginReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${name}" SIP event within ${timeoutMs} ms`)), timeoutMs);
    const onEvent = (reply: PluginReply) => {
      const result = (reply.data as { result?: { event?: string } }).result;
      if (result?.event !== name) return;
      clearTimeout(timer);
      handle.off('event', onEvent);
      resolve(reply);
    };
    handle.on('event', onEvent);
  });
}

describe('a phone leg through Janus SIP to sipp', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-sip-'));
  const janus = new EmbeddedJanus({}, createLogger('silent'));
  let connection: JanusConnection;
  let handle: JanusHandle;
  let sipp: ChildProcess;
  let sippExit: Promise<number | null>;
  let channel: EngineChannel;
  let leg: PeerConnection;
  let answerSdp = '';
  const digits: { tone: string; durationMs: number }[] = [];
  let legTrackId = '';

  beforeAll(async () => {
    const speech = fliteSpeech('hello, this is the phone speaking. please record this call.', 8000);
    fs.writeFileSync(path.join(work, 'speech.raw'), speech);
    execFileSync(
      'sox',
      ['-t', 'raw', '-r', '8000', '-e', 'signed', '-b', '16', '-c', '1', 'speech.raw', '-t', 'ul', 'speech.ul'],
      { cwd: work },
    );
    fs.writeFileSync(path.join(work, 'uas.xml'), uasScenario(path.join(work, 'speech.ul')));
    sipp = spawn(
      'sipp',
      [
        '-sf',
        'uas.xml',
        '-i',
        '127.0.0.1',
        '-p',
        String(SIPP_PORT),
        '-mi',
        '127.0.0.1',
        '-mp',
        String(SIPP_MEDIA_PORT),
        '-cp',
        String(SIPP_CONTROL_PORT),
        '-m',
        '1',
        '-nostdin',
        '-trace_err',
      ],
      { cwd: work, stdio: 'ignore' },
    );
    sippExit = new Promise((resolve) => sipp.once('exit', (code) => resolve(code)));

    const node = await janus.start();
    connection = await JanusConnection.open(node.url, node.apiSecret);
    const session = await JanusSession.create(connection);
    handle = await session.attach('janus.plugin.sip');
    await handle.requestAsync({ request: 'register', type: 'guest', username: 'sip:bot@127.0.0.1' });

    await Daily.init();
    channel = await engineHost.ensure();
    await channel.request('audio.mixer.create', {
      mixerId: 'room-to-phone',
      sampleRate: 8000,
      channels: 1,
      inputs: [],
    });
    await channel.request('audio.track.create', { trackId: 'room-to-phone-track', sourceId: 'room-to-phone' });
    leg = await PeerConnection.create();
    leg.on('dtmf', (e) => digits.push({ tone: e.tone, durationMs: e.durationMs }));
    leg.on('track', (e) => (legTrackId = e.trackId));
    const { transceiverId } = await leg.addTrack('room-to-phone-track');
    await leg.setCodecPreferences(transceiverId, ['PCMU', 'PCMA', 'telephone-event']);
    const offer = await leg.createOffer();
    const local = await leg.setLocalDescription(
      { type: 'offer', sdp: withDtmfPayloadType(offer.sdp, DTMF_PT) },
      { waitForGathering: true },
    );
    const accepted = waitForEvent(handle, 'accepted', 10_000);
    await handle.requestAsync(
      { request: 'call', uri: `sip:phone@127.0.0.1:${SIPP_PORT}` },
      {
        type: 'offer',
        sdp: local.sdp,
      },
    );
    const answer = (await accepted).jsep!;
    answerSdp = answer.sdp;
    await leg.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    await leg.waitForConnectionState('connected', 10_000);
  }, 60_000);

  afterAll(async () => {
    sipp?.kill('SIGKILL');
    await Daily.deinit();
    connection?.close();
    await janus.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('negotiates only PCMU and telephone-event with the phone', () => {
    const mline = /^m=audio \d+ \S+ ([\d ]+)$/m.exec(answerSdp)![1].split(' ');
    expect(mline).toEqual(['0', String(DTMF_PT)]);
  });

  it("hears the phone's speech through a mixer over the leg's remote track", async () => {
    await waitFor('the leg track', () => legTrackId, 5000);
    await channel.request('audio.mixer.create', {
      mixerId: 'phone-to-room',
      sampleRate: 16000,
      channels: 1,
      inputs: [legTrackId],
    });
    await channel.request('audio.track.create', { trackId: 'phone-to-room-track', sourceId: 'phone-to-room' });
    const renderer = await AudioRenderer.start('phone-to-room-track', { sampleRate: 16000, callbackIntervalMs: 10 });
    const vad = Daily.createNativeVad({ sampleRate: 16000, channels: 1 });
    let speechFrames = 0;
    let frames = 0;
    for await (const data of renderer as AsyncIterable<AudioData>) {
      if (vad.analyzeFrames(data.audioFrames) > 0.5) speechFrames++;
      if (++frames >= 300 || speechFrames >= 50) break;
    }
    await renderer.stop();
    expect(speechFrames).toBeGreaterThanOrEqual(50);
    expect((await channel.request('audio.mixer.stats', { mixerId: 'phone-to-room' })).inputs).toBe(1);
  });

  it('reports the digits the phone sends as RFC 4733 events: 1 then #', async () => {
    await waitFor('two digits', () => digits.length >= 2, 15_000);
    await new Promise((r) => setTimeout(r, 500)); // repeated end packets would add more
    expect(digits.map((d) => d.tone)).toEqual(['1', '#']);
    for (const d of digits) expect(d.durationMs).toBeGreaterThan(0);
  });

  it('sends the room mix to the phone as PCMU and hangs up with a BYE', async () => {
    const stats = await leg.getStats();
    expect(stats.outbound[0]?.packetsSent ?? 0).toBeGreaterThan(50);
    await handle.requestAsync({ request: 'hangup' });
    expect(await sippExit).toBe(0);
  });
});
