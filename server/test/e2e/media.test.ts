/**
 * Media through the server and Janus with real WebRTC peers (@roamhq/wrtc),
 * inside the private network namespace: publish, subscribe, what arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/helpers/process';
import { TestClient } from '../helpers/signaling-client';
import { startTestServer, type TestServer } from '../helpers/server-fixture';
import { EmbeddedJanus } from '../../src/janus/embedded-janus';
import { createLogger } from '../../src/log';
import { allHandleInfo } from '../helpers/janus-admin';
import { MediaPeer, rms, toneFrequency } from '../helpers/wrtc-peer';

let server: TestServer;
const peers: MediaPeer[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const p of peers) p.close();
  await server?.close();
});

async function peer(url: string, opts: Parameters<typeof TestClient.join>[1] = {}): Promise<MediaPeer> {
  const p = new MediaPeer(await TestClient.join(url, opts));
  peers.push(p);
  return p;
}

describe('publish and subscribe', () => {
  it('relays a microphone tone, a named custom audio track and a camera', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-1' });
    const url = server.meetingUrl('media-1');
    const a = await peer(url, { userName: 'A' });
    const b = await peer(url, { userName: 'B', subscriptions: { '*': { subscribed: true } } });
    await a.publish([
      { name: 'microphone', kind: 'audio', frequency: 440 },
      { name: 'music', kind: 'audio', frequency: 1000 },
      { name: 'camera', kind: 'video' },
    ]);
    const mic = `${a.client.id}/microphone`;
    const music = `${a.client.id}/music`;
    const cam = `${a.client.id}/camera`;
    await waitFor(
      'audio and video at B',
      () =>
        (b.received.get(mic)?.recent.length ?? 0) >= 24_000 &&
        (b.received.get(music)?.recent.length ?? 0) >= 24_000 &&
        (b.received.get(cam)?.count ?? 0) > 5,
      15_000,
    );
    const m = b.received.get(mic)!;
    expect(toneFrequency(m.recent.slice(-9600), m.sampleRate)).toBeGreaterThan(420);
    expect(toneFrequency(m.recent.slice(-9600), m.sampleRate)).toBeLessThan(460);
    const u = b.received.get(music)!;
    expect(Math.abs(toneFrequency(u.recent.slice(-9600), u.sampleRate) - 1000)).toBeLessThan(30);
    expect(b.received.get(cam)).toMatchObject({ width: 320, height: 240 });
    expect(b.errors).toEqual([]);

    const seen = await b.client.waitEvent(
      'participant-updated',
      (d) => d.participant.id === a.client.id && d.participant.media.microphone.state === 'playable',
    );
    expect(seen.participant.media.customAudio.music).toEqual({
      state: 'playable',
      offReasons: [],
      subscribed: 'subscribed',
    });
    expect(seen.participant.media.camera.state).toBe('playable');
    expect(seen.participant.media.screenVideo).toEqual({
      state: 'off',
      offReasons: ['user'],
      subscribed: 'subscribed',
    });
    const speaker = await b.client.waitEvent(
      'active-speaker-changed',
      (d) => d.participant?.id === a.client.id,
      10_000,
    );
    expect(speaker.participant?.info.userName).toBe('A');
  });
});

/** Waits until the last 200 ms of `key` at `p` are silent (nothing relayed) or stop arriving. */
async function waitSilent(p: MediaPeer, key: string): Promise<void> {
  await waitFor(
    `silence on ${key}`,
    () => {
      const r = p.received.get(key);
      if (!r) return true;
      return Date.now() - r.lastAt > 300 || rms(r.recent.slice(-9600)) < 200;
    },
    10_000,
  );
}

/** Waits until `key` at `p` carries a tone near `frequency` again (fresh samples). */
async function waitTone(p: MediaPeer, key: string, frequency: number): Promise<void> {
  p.resetReceived(key);
  await waitFor(
    `tone ${frequency} Hz on ${key}`,
    () => {
      const r = p.received.get(key);
      if (!r || r.recent.length < 9600) return false;
      const last = r.recent.slice(-9600);
      return rms(last) > 1000 && Math.abs(toneFrequency(last, r.sampleRate) - frequency) < 25;
    },
    15_000,
  );
}

describe('active speaker', () => {
  it('custom audio tracks count like microphones; one published with ignoreAudioLevel never does', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-speaker' });
    const url = server.meetingUrl('media-speaker');
    const player = await peer(url, { userName: 'Player' });
    const b = await peer(url, { userName: 'B', subscriptions: { '*': { subscribed: true } } });
    await player.publish([{ name: 'music', kind: 'audio', frequency: 1000, ignoreAudioLevel: true }]);
    // 2 s of loud music relayed: four times Janus's talking window (25 packets).
    await waitFor('2 s of music at B', () => (b.received.get(`${player.client.id}/music`)?.count ?? 0) >= 200, 15_000);
    const talker = await peer(url, { userName: 'Talker' });
    await talker.publish([{ name: 'microphone', kind: 'audio', frequency: 440 }]);
    // The first speaker B is ever told about is the one with a microphone.
    const first = await b.client.waitEvent('active-speaker-changed', (d) => d.participant !== null, 15_000);
    expect(first.participant?.id).toBe(talker.client.id);
    expect(b.received.get(`${player.client.id}/music`)?.count ?? 0).toBeGreaterThan(200);

    // A custom track without the flag takes the active speaker from the talker.
    const dj = await peer(url, { userName: 'DJ' });
    await dj.publish([{ name: 'tts', kind: 'audio', frequency: 700 }]);
    const notTalker = (d: { participant: { id: string } | null }): boolean =>
      d.participant !== null && d.participant.id !== talker.client.id;
    const next = await b.client.waitEvent('active-speaker-changed', notTalker, 15_000);
    expect(next.participant?.id).toBe(dj.client.id);
  });
});

describe('server-side control of media', () => {
  let url: string;
  let owner: MediaPeer;
  let a: MediaPeer;
  let b: MediaPeer;
  let micA: string;

  beforeAll(async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-2' });
    url = server.meetingUrl('media-2');
    const ownerToken = (
      await server.rest('POST', '/v1/meeting-tokens', { properties: { room_name: 'media-2', is_owner: true } })
    ).body.token;
    owner = await peer(url, { token: ownerToken, userName: 'Owner' });
    a = await peer(url, { userName: 'A' });
    b = await peer(url, { userName: 'B', subscriptions: { microphone: { subscribed: true } } });
    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 600 }]);
    micA = `${a.client.id}/microphone`;
    await waitTone(b, micA, 600);
  });

  it('an owner mutes a microphone through Janus moderation; the user turns it back on', async () => {
    await owner.client.request('updateRemoteParticipants', {
      updates: { [a.client.id]: { inputsEnabled: { microphone: false } } },
    });
    const update = await b.client.waitEvent(
      'participant-updated',
      (d) => d.participant.id === a.client.id && d.participant.media.microphone.offReasons.includes('remoteMute'),
    );
    expect(update.participant.media.microphone.state).toBe('off');
    await a.client.waitEvent(
      'participant-updated',
      (d) => d.participant.info.isLocal && d.participant.media.microphone.offReasons.includes('remoteMute'),
    );
    await waitSilent(b, micA);
    await a.client.request('updateTracks', { tracks: { microphone: { enabled: true } } });
    await waitTone(b, micA, 600);
  });

  it('the user switches its own track off and on', async () => {
    await a.client.request('updateTracks', { tracks: { microphone: { enabled: false } } });
    const off = await b.client.waitEvent(
      'participant-updated',
      (d) => d.participant.id === a.client.id && d.participant.media.microphone.offReasons.includes('user'),
    );
    expect(off.participant.media.microphone.state).toBe('off');
    await waitSilent(b, micA);
    await a.client.request('updateTracks', { tracks: { microphone: { enabled: true } } });
    await waitTone(b, micA, 600);
  });

  it('revoking canReceive stops reception (receivePermission); restoring resumes it', async () => {
    const from = b.client.events.length;
    await owner.client.request('updateRemoteParticipants', {
      updates: { [b.client.id]: { permissions: { canReceive: { base: false } } } },
    });
    const v = await b.client.waitEvent(
      'participant-updated',
      (d) =>
        d.participant.id === a.client.id && d.participant.media.microphone.offReasons.includes('receivePermission'),
      5000,
      from,
    );
    expect(v.participant.media.microphone.state).toBe('off');
    const offer = await b.client.waitEvent('subscriber-offer', () => true, 5000, from);
    expect(offer.streams).toEqual([]);
    await waitSilent(b, micA);
    await owner.client.request('updateRemoteParticipants', {
      updates: { [b.client.id]: { permissions: { canReceive: { base: true } } } },
    });
    await waitTone(b, micA, 600);
  });

  it('revoking canSend mutes the track (sendPermission) and refuses publishing it again', async () => {
    await owner.client.request('updateRemoteParticipants', {
      updates: { [a.client.id]: { permissions: { canSend: ['camera'] } } },
    });
    await b.client.waitEvent(
      'participant-updated',
      (d) => d.participant.id === a.client.id && d.participant.media.microphone.offReasons.includes('sendPermission'),
    );
    await waitSilent(b, micA);
    const refused = await a.publish([{ name: 'microphone', kind: 'audio' }]).then(
      () => 'published',
      (e: Error) => e.message,
    );
    expect(refused).toBe('forbidden: no permission to send microphone (canSend) (params.tracks[0].name)');
    await owner.client.request('updateRemoteParticipants', {
      updates: { [a.client.id]: { permissions: { canSend: true } } },
    });
    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 600 }]);
    await waitTone(b, micA, 600);
  });

  it('unsubscribing removes the stream; a participant leaving removes theirs', async () => {
    const from = b.client.events.length;
    await b.client.request('updateSubscriptions', {
      participants: { [a.client.id]: { microphone: { subscribed: false } } },
    });
    expect((await b.client.waitEvent('subscriber-offer', () => true, 5000, from)).streams).toEqual([]);
    const view = await b.client.waitEvent(
      'participant-updated',
      (d) => d.participant.id === a.client.id && d.participant.media.microphone.state === 'receivable',
      5000,
      from,
    );
    expect(view.participant.media.microphone.subscribed).toBe('unsubscribed');
    await b.client.request('updateSubscriptions', { participants: { [a.client.id]: null } });
    await waitTone(b, micA, 600);
    const before = b.client.events.length;
    await a.client.request('leave', {});
    expect((await b.client.waitEvent('subscriber-offer', () => true, 5000, before)).streams).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});

describe('Janus dies mid-call', () => {
  it('restarts it, tells clients (media-reset), and media flows again after re-publishing', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-3' });
    const url = server.meetingUrl('media-3');
    const a = await peer(url);
    const b = await peer(url, { subscriptions: { '*': { subscribed: true } } });
    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 700 }]);
    const mic = `${a.client.id}/microphone`;
    await waitTone(b, mic, 700);

    const pid = server.janus.embedded!.pid!;
    process.kill(pid, 'SIGKILL');
    expect(await a.client.waitEvent('media-reset', () => true, 10_000)).toMatchObject({ reason: 'sfu-restarted' });
    await b.client.waitEvent('media-reset', () => true, 10_000);
    const off = await b.client.waitEvent(
      'participant-updated',
      (d) => d.participant.id === a.client.id && d.participant.media.microphone.state === 'off',
    );
    expect(off.participant.media.microphone.offReasons).toEqual(['user']);
    await waitFor('janus back', () => server.janus.links[0]!.isUp && server.janus.embedded!.pid !== pid, 10_000);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true, janus: 'up' });

    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 700 }]);
    await waitTone(b, mic, 700);
    // Signaling carried on throughout.
    await a.client.request('sendAppMessage', { data: 'after restart', to: b.client.id });
    await b.client.waitEvent('app-message', (d) => d.data === 'after restart');
  });
});

describe('renegotiation', () => {
  it('adds a named track to a running publisher connection; receivers get it too', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-reneg' });
    const url = server.meetingUrl('media-reneg');
    const a = await peer(url);
    const b = await peer(url, { subscriptions: { '*': { subscribed: true } } });
    const mic = { name: 'microphone', kind: 'audio' as const, frequency: 500 };
    await a.publish([mic]);
    await waitTone(b, `${a.client.id}/microphone`, 500);
    const from = b.client.events.length;
    await a.addTracks([mic], [{ name: 'tts', kind: 'audio', frequency: 1200 }]);
    await waitTone(b, `${a.client.id}/tts`, 1200);
    await waitTone(b, `${a.client.id}/microphone`, 500);
    const view = await b.client.waitEvent(
      'participant-updated',
      (d) => d.participant.media.customAudio.tts?.state === 'playable',
      5000,
      from,
    );
    expect(view.participant.media.microphone.state).toBe('playable');
    expect(b.errors).toEqual([]);
  });
});

describe('reconnect with media', () => {
  it('keeps media flowing while a client resumes on a new socket', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-resume' });
    const url = server.meetingUrl('media-resume');
    const a = await peer(url);
    const b = await peer(url, { subscriptions: { microphone: { subscribed: true } } });
    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 660 }]);
    const mic = `${a.client.id}/microphone`;
    await waitTone(b, mic, 660);
    const resumeToken = a.client.joined!.resumeToken;
    a.client.drop();
    const again = await TestClient.connect(url);
    const res = await again.request('resume', { protocolVersion: 1, resumeToken, roomName: 'media-resume' });
    expect(res.participantId).toBe(a.client.id);
    expect(res.joinData.participants.local.media.microphone.state).toBe('playable');
    await waitTone(b, mic, 660);
    expect(b.client.eventsOf('participant-left')).toEqual([]);
    again.close();
  });
});

describe('other ways in', () => {
  it('accepts a trickling publisher', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-trickle' });
    const url = server.meetingUrl('media-trickle');
    const a = await peer(url);
    const b = await peer(url, { subscriptions: { microphone: { subscribed: true } } });
    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 520 }], { trickle: true });
    await waitTone(b, `${a.client.id}/microphone`, 520);
    // ICE could also connect through peer-reflexive candidates: check that Janus got the trickles.
    const infos = await allHandleInfo(server.janus.embedded!.admin());
    expect(
      infos.some((i) => i.flags?.trickle === true && i.flags?.['all-trickles'] === true && i.flags?.ready === true),
    ).toBe(true);
  });

  it('relays media through an external Janus node', async () => {
    const janus = new EmbeddedJanus({}, createLogger('silent'));
    const node = await janus.start();
    const external = await startTestServer({ janus: { nodes: [{ ...node, id: 'node-x' }] } });
    try {
      await external.rest('POST', '/v1/rooms', { name: 'ext' });
      const url = external.meetingUrl('ext');
      const a = await peer(url);
      const b = await peer(url, { subscriptions: { '*': { subscribed: true } } });
      await a.publish([{ name: 'microphone', kind: 'audio', frequency: 880 }]);
      await waitTone(b, `${a.client.id}/microphone`, 880);
    } finally {
      await external.close();
      await janus.stop();
    }
  });
});

describe('hidden participants', () => {
  it('receive but may not send', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-hidden' });
    const url = server.meetingUrl('media-hidden');
    const hiddenToken = (
      await server.rest('POST', '/v1/meeting-tokens', {
        properties: { room_name: 'media-hidden', permissions: { hasPresence: false } },
      })
    ).body.token;
    const a = await peer(url);
    const h = await peer(url, { token: hiddenToken, subscriptions: { microphone: { subscribed: true } } });
    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 750 }]);
    await waitTone(h, `${a.client.id}/microphone`, 750);
    const refused = await h.publish([{ name: 'microphone', kind: 'audio' }]).then(
      () => 'published',
      (e: Error) => e.message,
    );
    expect(refused).toBe('forbidden: hidden participants (hasPresence: false) cannot send media (params.tracks)');
    expect(a.client.eventsOf('participant-joined')).toEqual([]);
  });
});

describe('subscriptions by kind and a client-side receive reset', () => {
  it('"*audio" / "*video" pick custom tracks by kind', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-kinds' });
    const url = server.meetingUrl('media-kinds');
    const a = await peer(url);
    const b = await peer(url, { subscriptions: { '*audio': { subscribed: true }, '*video': { subscribed: false } } });
    await a.publish([
      { name: 'music', kind: 'audio', frequency: 900 },
      { name: 'slides', kind: 'video' },
    ]);
    await waitTone(b, `${a.client.id}/music`, 900);
    const seen = await b.client.waitEvent(
      'participant-updated',
      (d) => d.participant.id === a.client.id && d.participant.media.customAudio.music?.state === 'playable',
    );
    expect(seen.participant.media.customVideo.slides).toEqual({
      state: 'receivable',
      offReasons: [],
      subscribed: 'unsubscribed',
    });
    expect(b.received.has(`${a.client.id}/slides`)).toBe(false);
    // A name wins over the kind wildcard.
    await b.client.request('updateSubscriptions', { defaults: { slides: { subscribed: true } } });
    await waitFor('slides at B', () => (b.received.get(`${a.client.id}/slides`)?.count ?? 0) > 3, 10_000);
  });

  it("unpublish then publish at once: the old connection's late hangup does not end the new one", async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-republish' });
    const url = server.meetingUrl('media-republish');
    const a = await peer(url);
    const b = await peer(url, { subscriptions: { microphone: { subscribed: true } } });
    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 560 }]);
    const mic = `${a.client.id}/microphone`;
    await waitTone(b, mic, 560);
    await a.client.request('unpublish', {});
    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 560 }]);
    await waitTone(b, mic, 560);
    // Still flowing 2 s later: a fresh second of tone keeps arriving.
    const start = Date.now();
    await waitFor(
      'tone for 2 s more',
      () => Date.now() - start > 2000 && Date.now() - (b.received.get(mic)?.lastAt ?? 0) < 200,
      10_000,
    );
    const last = a.client
      .eventsOf('participant-updated')
      .filter((d) => d.participant.info.isLocal)
      .at(-1);
    expect(last?.participant.media.microphone.state).toBe('playable');
  });

  it('resetSubscriber makes a new receive connection carrying the same streams', async () => {
    await server.rest('POST', '/v1/rooms', { name: 'media-reset-sub' });
    const url = server.meetingUrl('media-reset-sub');
    const a = await peer(url);
    const b = await peer(url, { subscriptions: { microphone: { subscribed: true } } });
    await a.publish([{ name: 'microphone', kind: 'audio', frequency: 520 }]);
    const mic = `${a.client.id}/microphone`;
    await waitTone(b, mic, 520);
    const first = b.client.eventsOf('subscriber-offer').at(-1)!.connectionId;
    const from = b.client.events.length;
    const { minConnectionId } = await b.client.request('resetSubscriber', {});
    expect(minConnectionId).toBeGreaterThan(first);
    const offer = await b.client.waitEvent('subscriber-offer', () => true, 10_000, from);
    // Offers below minConnectionId were made for the dropped connection; this one is for the new one.
    expect(offer.connectionId).toBeGreaterThanOrEqual(minConnectionId);
    expect(offer.streams.map((s) => `${s.participantId}/${s.track}`)).toEqual([mic]);
    await waitTone(b, mic, 520);
  });
});
