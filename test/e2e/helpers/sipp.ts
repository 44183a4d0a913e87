/**
 * sipp (Debian `sip-tester`) as the test phone's SIP side: runs one scenario
 * for one call (`-m 1`) on 127.0.0.1 with its own SIP and control ports,
 * from a temporary folder (sipp writes its logs to the cwd). `done` settles
 * with sipp's exit code: 0 once the scenario ran to its end.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { listening } from '../../helpers/daemon';
import { waitFor } from '../../helpers/process';

export interface SippOptions {
  /** The scenario XML. */
  scenario: string;
  /** SIP port sipp listens on. */
  port: number;
  /** `[key]` values for the scenario (`-key name value`). */
  keys?: Record<string, string | number>;
  /** For a UAC: where to send the first request (`host:port`). */
  remote?: string;
  /** The Request-URI user of a UAC (`-s`, the scenario's `[service]`). */
  service?: string;
  /** Give up after this long (`-timeout`), seconds. */
  timeoutS?: number;
}

/** Control ports are per instance (sipp binds 8888 by default). */
let nextControlPort = 18_890;

export class Sipp {
  readonly done: Promise<number>;
  private readonly dir: string;
  private readonly child: ReturnType<typeof spawn>;
  private output = '';

  private constructor(readonly options: SippOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipp-'));
    fs.writeFileSync(path.join(this.dir, 'scenario.xml'), options.scenario);
    const keys = Object.entries(options.keys ?? {}).flatMap(([k, v]) => ['-key', k, String(v)]);
    const args = [
      ...(options.remote ? [options.remote] : []),
      ...(options.service ? ['-s', options.service] : []),
      '-sf',
      'scenario.xml',
      '-i',
      '127.0.0.1',
      '-p',
      String(options.port),
      '-cp',
      String(nextControlPort++),
      '-m',
      '1',
      '-nostdin',
      '-trace_err',
      '-timeout',
      `${options.timeoutS ?? 40}s`,
      '-timeout_error',
      ...keys,
      ...(process.env.SIPP_TRACE === '1' ? ['-trace_msg'] : []),
    ];
    this.child = spawn('sipp', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000)));
    this.child.stderr!.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000)));
    this.done = new Promise((resolve) => this.child.once('exit', (code) => resolve(code ?? -1)));
  }

  /** Starts sipp; a UAS resolves once its SIP port listens. */
  static async start(options: SippOptions): Promise<Sipp> {
    const sipp = new Sipp(options);
    if (!options.remote) await waitFor(`sipp on udp ${options.port}`, () => listening('udp', options.port), 5000);
    return sipp;
  }

  /** The error log (and last output), for assertion messages. */
  get log(): string {
    const errors = fs.readdirSync(this.dir).filter((f) => /_(errors|messages)\.log$/.test(f));
    return [this.output, ...errors.map((f) => fs.readFileSync(path.join(this.dir, f), 'utf8'))].join('\n');
  }

  /** Stops sipp if it still runs and removes its folder. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.done;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** SIP response headers copied from the request (sipp's last_* keywords), with our To tag. */
const REPLY_HEADERS = `[last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]`;

/** A response `code reason` without a body. */
function reply(code: number, reason: string): string {
  return `<send><![CDATA[
      SIP/2.0 ${code} ${reason}
      ${REPLY_HEADERS}
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]></send>`;
}

/**
 * A phone that rings, answers with PCMU + telephone-event media at
 * `127.0.0.1:[mport]` (the test's RtpPhone; telephone-event with the offer's
 * payload type, as phones do), and waits for our BYE.
 */
export function answeringPhone(): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="answering phone">
  <recv request="INVITE" crlf="true" rrs="true">
    <action>
      <ereg regexp="a=rtpmap:([0-9]+) telephone-event/8000" search_in="body" check_it="true" assign_to="teline,tept"/>
    </action>
  </recv>
  ${reply(180, 'Ringing')}
  <pause milliseconds="200"/>
  <send retrans="500"><![CDATA[
      SIP/2.0 200 OK
      ${REPLY_HEADERS}
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=phone 1 1 IN IP4 127.0.0.1
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio [mport] RTP/AVP 0 [$tept]
      a=rtpmap:0 PCMU/8000
      a=rtpmap:[$tept] telephone-event/8000
      a=fmtp:[$tept] 0-15
      a=sendrecv
    ]]></send>
  <recv request="ACK" crlf="true"/>
  <recv request="BYE"/>
  ${reply(200, 'OK')}
  <timewait milliseconds="300"/>
  <Reference variables="teline"/>
</scenario>`;
}

/** A phone that refuses the call with `code reason` (486 Busy Here, 404 Not Found). */
export function refusingPhone(code: number, reason: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="refusing phone">
  <recv request="INVITE" crlf="true"/>
  ${reply(code, reason)}
  <recv request="ACK"/>
  <timewait milliseconds="300"/>
</scenario>`;
}

/** A phone that rings and never answers; our CANCEL ends it (200 to the CANCEL, 487 to the INVITE). */
export function unansweredPhone(): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="unanswered phone">
  <recv request="INVITE" crlf="true">
    <action><ereg regexp="CSeq: ([0-9]+)" search_in="msg" assign_to="cseqline,invitecseq"/></action>
  </recv>
  ${reply(180, 'Ringing')}
  <recv request="CANCEL"/>
  ${reply(200, 'OK')}
  <send><![CDATA[
      SIP/2.0 487 Request Terminated
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      CSeq: [$invitecseq] INVITE
      Content-Length: 0

    ]]></send>
  <recv request="ACK"/>
  <timewait milliseconds="300"/>
  <Reference variables="cseqline"/>
</scenario>`;
}

/** In-dialog request headers of a UAC (after the 200 with rrs). */
const UAC_DIALOG = `Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "PSTN Caller" <sip:+15550001@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      Contact: <sip:caller@[local_ip]:[local_port]>
      [routes]
      Max-Forwards: 70`;

/**
 * A caller: INVITEs `[service]` (the room) with PCMU media at `127.0.0.1:[mport]`
 * and an X-Account header, and hangs up (BYE) `byeAfterMs` after the answer.
 */
export function callingPhone(byeAfterMs: number): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="calling phone">
  <send retrans="500"><![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "PSTN Caller" <sip:+15550001@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:caller@[local_ip]:[local_port]>
      Max-Forwards: 70
      X-Account: 42
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=caller 1 1 IN IP4 127.0.0.1
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio [mport] RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
      a=sendrecv
    ]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rrs="true"/>
  <send><![CDATA[
      ACK [next_url] SIP/2.0
      ${UAC_DIALOG}
      CSeq: 1 ACK
      Content-Length: 0

    ]]></send>
  <pause milliseconds="${byeAfterMs}"/>
  <send retrans="500"><![CDATA[
      BYE [next_url] SIP/2.0
      ${UAC_DIALOG}
      CSeq: 3 BYE
      Content-Length: 0

    ]]></send>
  <recv response="200"/>
</scenario>`;
}

/** A caller whose INVITE must be refused with `code` (404 unknown room, 486 full). */
export function refusedCaller(code: number): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="refused caller">
  <send retrans="500"><![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "PSTN Caller" <sip:+15550002@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:caller@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0

    ]]></send>
  <recv response="100" optional="true"/>
  <recv response="${code}"/>
  <send><![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "PSTN Caller" <sip:+15550002@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Content-Length: 0

    ]]></send>
</scenario>`;
}

/** The 200 OK with PCMU media at `127.0.0.1:[mport]` of an answering phone or trunk. */
const ANSWER_200 = `<send retrans="500"><![CDATA[
      SIP/2.0 200 OK
      ${REPLY_HEADERS}
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=phone 1 1 IN IP4 127.0.0.1
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio [mport] RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
      a=sendrecv
    ]]></send>`;

/**
 * A SIP trunk: the INVITE's Request-URI must be `sip:<number>@...` (else the
 * call fails), it is challenged (401) and must come back with digest
 * credentials `user`/`password` (else 403); then it answers and waits for BYE.
 */
export function sipTrunk(number: string, user: string, password: string): string {
  const escaped = number.replace(/\+/g, '\\+');
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="sip trunk">
  <recv request="INVITE" crlf="true">
    <action><ereg regexp="^INVITE sip:${escaped}@" search_in="msg" check_it="true" assign_to="ruri"/></action>
  </recv>
  <send><![CDATA[
      SIP/2.0 401 Unauthorized
      ${REPLY_HEADERS}
      WWW-Authenticate: Digest realm="trunk.test", nonce="4f1e2d3c", algorithm=MD5
      Content-Length: 0

    ]]></send>
  <recv request="ACK"/>
  <recv request="INVITE" crlf="true">
    <action><verifyauth assign_to="authvalid" username="${user}" password="${password}"/></action>
  </recv>
  <nop test="authvalid" next="good"/>
  ${reply(403, 'Forbidden')}
  <recv request="ACK" next="end"/>
  <label id="good"/>
  ${ANSWER_200}
  <recv request="ACK" crlf="true"/>
  <recv request="BYE"/>
  ${reply(200, 'OK')}
  <label id="end"/>
  <timewait milliseconds="300"/>
  <Reference variables="ruri"/>
</scenario>`;
}

/** A phone that answers, then must receive a REFER whose Refer-To is `target` (202), then our BYE. */
export function referredPhone(target: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="referred phone">
  <recv request="INVITE" crlf="true"/>
  ${ANSWER_200}
  <recv request="ACK" crlf="true"/>
  <recv request="REFER">
    <action><ereg regexp="Refer-To: *&lt;?${target}" search_in="msg" check_it="true" assign_to="referto"/></action>
  </recv>
  ${reply(202, 'Accepted')}
  <recv request="BYE"/>
  ${reply(200, 'OK')}
  <timewait milliseconds="300"/>
  <Reference variables="referto"/>
</scenario>`;
}

/**
 * A phone that answers, takes our REFER (202) and reports its call to the
 * Refer-To target in a NOTIFY whose message/sipfrag body is `sipfrag`
 * ("SIP/2.0 200 OK"), as RFC 3515 asks; then waits for our BYE.
 */
export function notifyingPhone(sipfrag: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="notifying phone">
  <recv request="INVITE" crlf="true"/>
  ${ANSWER_200}
  <recv request="ACK" crlf="true"/>
  <recv request="REFER" rrs="true">
    <action>
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="referfrom"/>
      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="referto"/>
    </action>
  </recv>
  ${reply(202, 'Accepted')}
  <send retrans="500"><![CDATA[
      NOTIFY [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: [$referto]
      To: [$referfrom]
      [last_Call-ID:]
      CSeq: 1 NOTIFY
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Event: refer
      Subscription-State: terminated;reason=noresource
      Content-Type: message/sipfrag
      Content-Length: [len]

      ${sipfrag}
    ]]></send>
  <recv response="200"/>
  <recv request="BYE"/>
  ${reply(200, 'OK')}
  <timewait milliseconds="300"/>
</scenario>`;
}

/** A phone that answers and refuses our REFER with `code reason` (no NOTIFY follows); then our BYE. */
export function referRefusingPhone(code: number, reason: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="refer refusing phone">
  <recv request="INVITE" crlf="true"/>
  ${ANSWER_200}
  <recv request="ACK" crlf="true"/>
  <recv request="REFER"/>
  ${reply(code, reason)}
  <recv request="BYE"/>
  ${reply(200, 'OK')}
  <timewait milliseconds="300"/>
</scenario>`;
}

/** A caller (like {@link callingPhone}) that stays on the line until the other side hangs up (BYE). */
export function patientCaller(): string {
  const calling = callingPhone(0);
  const invite = calling.slice(0, calling.indexOf('  <pause milliseconds="0"/>'));
  return `${invite}
  <recv request="BYE"/>
  ${reply(200, 'OK')}
  <timewait milliseconds="300"/>
</scenario>`;
}
