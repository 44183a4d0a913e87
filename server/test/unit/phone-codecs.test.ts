import { describe, expect, it } from 'vitest';

import { phoneCodecs, restrictAudioCodecs } from '../../src/services/telephony/phone-codecs';

const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('phone codecs', () => {
  it('defaults to G.711 µ-law then A-law, always with telephone-event', () => {
    expect(phoneCodecs(undefined)).toEqual(['PCMU', 'PCMA', 'telephone-event']);
    expect(phoneCodecs(['OPUS', 'G722'])).toEqual(['opus', 'G722', 'telephone-event']);
  });

  it('keeps only the asked codecs in the audio m-line, in the asked order, and their attribute lines', () => {
    const { sdp, kept } = restrictAudioCodecs(OFFER, ['PCMA', 'PCMU', 'telephone-event']);
    expect(kept).toEqual(['pcma', 'pcmu', 'telephone-event']);
    expect(sdp).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 8 0 110 126\r\n');
    expect(sdp).not.toMatch(/opus|G722|red\/|CN\/|rtcp-fb:111|fmtp:111/);
    expect(sdp).toContain('m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000');
  });

  it('reports a codec the engine does not offer as not kept', () => {
    expect(restrictAudioCodecs(OFFER, ['AMR', 'PCMU']).kept).toEqual(['pcmu']);
  });
});
