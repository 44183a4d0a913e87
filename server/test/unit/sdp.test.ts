/** The publisher-offer parsing the server relies on. */
import { describe, expect, it } from 'vitest';
import { mediaSections } from '../../src/media/sdp';

describe('mediaSections', () => {
  it('reads kind, mid, inactive and the simulcast layer count', () => {
    const sdp = [
      'v=0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=mid:0',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=mid:1',
      'a=rid:l send',
      'a=rid:h send',
      'a=simulcast:send l;h',
      'm=video 0 UDP/TLS/RTP/SAVPF 96',
      'a=mid:2',
      'a=inactive',
      '',
    ].join('\r\n');
    expect(mediaSections(sdp)).toEqual([
      { kind: 'audio', mid: '0', inactive: false, layers: 1 },
      { kind: 'video', mid: '1', inactive: false, layers: 2 },
      { kind: 'video', mid: '2', inactive: true, layers: 1 },
    ]);
  });
});
