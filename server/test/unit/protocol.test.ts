import { describe, expect, it } from 'vitest';
import { parseClientRequest, parseMeetingUrl, SignalingProtocolError, canReceiveTrack } from 'daily-node/protocol';

function errorOf(text: string): Pick<SignalingProtocolError, 'code' | 'field' | 'id' | 'message'> {
  try {
    parseClientRequest(text);
  } catch (e) {
    const err = e as SignalingProtocolError;
    return { code: err.code, field: err.field, id: err.id, message: err.message };
  }
  throw new Error('accepted');
}

describe('parseClientRequest', () => {
  it('accepts a valid join and fills defaults', () => {
    const req = parseClientRequest(
      JSON.stringify({ id: 1, method: 'join', params: { protocolVersion: 1, roomName: 'r1', userName: 'bot' } }),
    );
    expect(req).toEqual({ id: 1, method: 'join', params: { protocolVersion: 1, roomName: 'r1', userName: 'bot' } });
    expect(parseClientRequest('{"id":2,"method":"leave"}')).toEqual({ id: 2, method: 'leave', params: {} });
  });

  it('names the problem, the field and the id', () => {
    expect(errorOf('{nope')).toMatchObject({ code: 'bad-json' });
    expect(errorOf('[1]')).toMatchObject({ code: 'bad-request' });
    expect(errorOf('{"id":"x","method":"leave"}')).toMatchObject({ code: 'bad-request', field: 'id' });
    expect(errorOf('{"id":3,"method":"fly"}')).toMatchObject({ code: 'unknown-method', field: 'method', id: 3 });
    expect(errorOf('{"id":4,"method":"join","params":{"protocolVersion":1,"roomName":"a b"}}')).toMatchObject({
      code: 'bad-request',
      field: 'params.roomName',
      id: 4,
    });
    expect(
      errorOf('{"id":5,"method":"publish","params":{"jsep":{"type":"answer","sdp":"v=0"},"tracks":[]}}'),
    ).toMatchObject({
      field: 'params.jsep.type',
    });
    expect(errorOf('{"id":6,"method":"sendAppMessage","params":{"data":1,"to":"not-a-uuid"}}')).toMatchObject({
      field: 'params.to',
    });
    expect(errorOf('{"id":7,"method":"leave","params":{"x":1}}')).toMatchObject({
      field: 'params.x',
      message: 'params.x: is not a known field',
    });
    expect(errorOf('{"id":8,"method":"leave","extra":1}')).toMatchObject({ field: 'extra', id: 8 });
    expect(
      errorOf(
        '{"id":9,"method":"updateSubscriptions","params":{"defaults":{"camera":{"subscribed":true,"substream":5}}}}',
      ),
    ).toMatchObject({
      field: 'params.defaults.camera.substream',
    });
    expect(errorOf('{"id":10,"method":"toString"}')).toMatchObject({ code: 'unknown-method' });
  });
});

describe('parseMeetingUrl', () => {
  it('derives the signaling endpoint', () => {
    expect(parseMeetingUrl('http://127.0.0.1:7880/my-room')).toEqual({
      roomName: 'my-room',
      signalingUrl: 'ws://127.0.0.1:7880/v1/signaling',
      serverUrl: 'http://127.0.0.1:7880',
      token: undefined,
    });
    expect(parseMeetingUrl('https://meet.example.com/r?t=abc')).toMatchObject({
      signalingUrl: 'wss://meet.example.com/v1/signaling',
      token: 'abc',
    });
  });

  it('refuses other shapes with the reason', () => {
    expect(() => parseMeetingUrl('ftp://x/r')).toThrow('meetingUrl: must start with http:// or https://');
    expect(() => parseMeetingUrl('http://x/')).toThrow('exactly one path segment');
    expect(() => parseMeetingUrl('http://x/a/b')).toThrow('exactly one path segment');
    expect(() => parseMeetingUrl('http://x/a%20b')).toThrow('may only contain');
    expect(() => parseMeetingUrl('no url')).toThrow('is not a URL');
  });
});

describe('canReceiveTrack', () => {
  it('uses the most specific rule', () => {
    const rule = { base: { video: false }, byUserId: { boss: true }, byParticipantId: { p1: { audio: false } } };
    expect(canReceiveTrack(rule, 'p0', 'u', 'camera', 'video')).toBe(false);
    expect(canReceiveTrack(rule, 'p0', 'u', 'microphone', 'audio')).toBe(true);
    expect(canReceiveTrack(rule, 'p0', 'boss', 'camera', 'video')).toBe(true);
    expect(canReceiveTrack(rule, 'p1', 'boss', 'camera', 'video')).toBe(true);
    expect(canReceiveTrack(rule, 'p1', 'boss', 'microphone', 'audio')).toBe(false);
    expect(canReceiveTrack({ base: { customAudio: { '*': false, music: true } } }, 'p', 'u', 'music', 'audio')).toBe(
      true,
    );
    expect(canReceiveTrack({ base: { customAudio: { '*': false, music: true } } }, 'p', 'u', 'tts', 'audio')).toBe(
      false,
    );
  });
});
