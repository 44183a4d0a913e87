import { describe, expect, it } from 'vitest';

import { asDtlsServer } from '../../src/call/sfu-media/sdp-dtls-role';

describe('asDtlsServer', () => {
  it('turns every active setup line into passive, with CRLF or LF line ends, and leaves the rest alone', () => {
    const sdp = [
      'v=0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=setup:active',
      'a=mid:0',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=setup:active',
      'a=mid:1',
      '',
    ];
    expect(asDtlsServer(sdp.join('\r\n'))).toBe(sdp.join('\r\n').replaceAll('a=setup:active', 'a=setup:passive'));
    expect(asDtlsServer(sdp.join('\n'))).toBe(sdp.join('\n').replaceAll('a=setup:active', 'a=setup:passive'));
    expect(asDtlsServer('a=setup:actpass\r\na=x-setup:active\r\n')).toBe('a=setup:actpass\r\na=x-setup:active\r\n');
  });
});
