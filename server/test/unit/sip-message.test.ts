import { describe, expect, it } from 'vitest';

import {
  contactAddress,
  parseSipMessage,
  parseSipRequest,
  sipResponse,
  uriUser,
} from '../../src/services/telephony/sip-message';

const INVITE = [
  'INVITE sip:hotline@127.0.0.1:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.1:15170;branch=z9hG4bK-1',
  'From: "PSTN Caller" <sip:+15550001@127.0.0.1:15170>;tag=1',
  'To: <sip:hotline@127.0.0.1:5060>',
  'i: abc@127.0.0.1',
  'CSeq: 1 INVITE',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('SIP messages (dial-in listener)', () => {
  it('parses a request: method, Request-URI, headers (compact names expanded)', () => {
    const req = parseSipRequest(Buffer.from(INVITE))!;
    expect(req.method).toBe('INVITE');
    expect(uriUser(req.uri)).toBe('hotline');
    expect(req.headers.get('call-id')).toEqual(['abc@127.0.0.1']);
  });

  it('parses a response, which is no request', () => {
    const res = sipResponse(parseSipRequest(Buffer.from(INVITE))!, 486, 'Busy Here');
    expect(res.toString()).toMatch(
      /^SIP\/2\.0 486 Busy Here\r\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:15170;branch=z9hG4bK-1\r\n/,
    );
    expect(res.toString()).toMatch(/\r\nTo: <sip:hotline@127\.0\.0\.1:5060>;tag=dn\w+\r\n/);
    expect(parseSipMessage(res)).toMatchObject({ status: 486 });
    expect(parseSipRequest(res)).toBeUndefined();
  });

  it('refuses malformed or oversized input', () => {
    for (const bad of ['', 'INVITE\r\n\r\n', INVITE.replace('CSeq: 1 INVITE\r\n', ''), INVITE + 'x'.repeat(9000)])
      expect(parseSipMessage(Buffer.from(bad))).toBeUndefined();
  });

  it('reads a Contact address', () => {
    expect(contactAddress('<sip:dn-leg-1@127.0.0.1:5062;transport=udp>')).toEqual({ host: '127.0.0.1', port: 5062 });
  });
});
