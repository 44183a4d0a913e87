/**
 * RoomMedia with a scripted Janus (fake pool, node and VideoRoom): a publish
 * becomes a publisher handle whose ICE-up makes the viewer an offer on a
 * subscriber handle of the same room; `resetSubscriber` promises the new
 * connection's number; and when the node is lost, the viewer's waiting offer
 * is withdrawn, tracks are cleared at once, and `media-reset` goes out only
 * once a node is up again (clients publishing into a restarting Janus would
 * fail with nothing to retry).
 */
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { describe, expect, it } from 'vitest';

import type { JanusPool } from '../../src/janus/janus-pool';
import type { OwnedMediaRoom } from '../../src/media/media-handle';
import { RoomMedia, type RoomMediaHost } from '../../src/media/room-media';
import type { ParticipantSession } from '../../src/rooms/participant-session';
import type { RoomRecord } from '../../src/storage/storage';
import { FakeRoom, subscribedReply, until } from './fakes/fake-janus';

const OFFER = 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\n';

class FakeNode extends EventEmitter {
  readonly id = 'node-1';
  isUp = true;
  generation = 1;
}

class OwnedFakeRoom extends FakeRoom implements OwnedMediaRoom {
  alive = true;
  async moderate(): Promise<void> {}
  async destroy(): Promise<void> {}
}

function participant(id: string) {
  const events: Array<{ name: string; data: Record<string, unknown> }> = [];
  const p = {
    id,
    userId: id,
    hasPresence: true,
    token: undefined,
    tracks: new Map(),
    remoteMuted: new Set(),
    permissions: { canSend: ['microphone'], canReceive: { base: true } },
    subscriptionDefaults: {},
    subscriptionOverrides: new Map(),
    subscriptionFor: () => ({ subscribed: true }),
    connection: { event: (name: string, data: Record<string, unknown>) => events.push({ name, data }) },
  };
  return { p: p as unknown as ParticipantSession, events };
}

function setup() {
  const node = new FakeNode();
  const pool = { embedded: true, anyUp: true, assignRoom: () => node, releaseRoom: () => undefined };
  const rooms: OwnedFakeRoom[] = [];
  const a = participant('a');
  const b = participant('b');
  const updated: string[] = [];
  const host: RoomMediaHost = {
    name: 'room',
    record: { properties: {} } as RoomRecord,
    participants: new Map([
      ['a', a.p],
      ['b', b.p],
    ]),
    speakerStarted: () => undefined,
    participantUpdated: (p) => updated.push(p.id),
    participantUpdatedFor: () => undefined,
    identityChanged: () => undefined,
  };
  const media = new RoomMedia(host, pool as unknown as JanusPool, pino({ level: 'silent' }), async () => {
    const room = new OwnedFakeRoom();
    rooms.push(room);
    return room;
  });
  return { node, pool, rooms, a, b, updated, media };
}

/** A publishes its microphone; Janus answers; A's PeerConnection comes up. */
async function publishA(t: ReturnType<typeof setup>): Promise<void> {
  const published = t.media.publish(t.a.p, {
    tracks: [{ name: 'microphone', mid: '0' }],
    jsep: { type: 'offer', sdp: OFFER },
  } as never);
  await until(() => t.rooms.length === 1, 'the VideoRoom');
  const pub = await t.rooms[0]!.handle(1);
  const join = await pub.next();
  expect(join.body).toMatchObject({ request: 'join', ptype: 'publisher', display: 'a' });
  join.reply({ data: { id: 7 } });
  const publish = await pub.next();
  expect(publish.body).toMatchObject({ request: 'publish', descriptions: [{ mid: '0', description: 'microphone' }] });
  publish.reply({ data: {}, jsep: { type: 'answer', sdp: 'answer' } });
  await expect(published).resolves.toEqual({ jsep: { type: 'answer', sdp: 'answer' } });
  pub.up();
}

describe('RoomMedia (scripted Janus)', () => {
  it('a publisher coming up makes the viewer an offer on the same room; resetSubscriber promises the next number', async () => {
    const t = setup();
    await publishA(t);
    const sub = await t.rooms[0]!.handle(2);
    const join = await sub.next();
    expect(join.body).toMatchObject({ request: 'join', ptype: 'subscriber', streams: [{ feed: 7, mid: '0' }] });
    join.reply(subscribedReply('0'));
    await until(() => t.b.events.some((e) => e.name === 'subscriber-offer'), "B's offer");
    const first = t.b.events.find((e) => e.name === 'subscriber-offer')!.data;
    expect(first).toMatchObject({ connectionId: 1, streams: [{ participantId: 'a', track: 'microphone' }] });
    expect(t.media.resetSubscriber(t.b.p)).toBe(2);
    const again = await t.rooms[0]!.handle(3);
    (await again.next()).reply(subscribedReply('0'));
    await until(() => t.b.events.filter((e) => e.name === 'subscriber-offer').length === 2, 'the new offer');
    expect(t.b.events.filter((e) => e.name === 'subscriber-offer')[1]!.data.connectionId).toBe(2);
  });

  it('the node lost: the waiting offer is withdrawn, tracks cleared now, media-reset once a node is up', async () => {
    const t = setup();
    await publishA(t);
    const sub = await t.rooms[0]!.handle(2);
    (await sub.next()).reply(subscribedReply('0'));
    await until(() => t.b.events.some((e) => e.name === 'subscriber-offer'), "B's offer");
    t.pool.anyUp = false;
    t.node.isUp = false;
    t.rooms[0]!.alive = false;
    t.node.emit('down');
    expect(t.a.p.tracks.size).toBe(0);
    expect(t.updated.at(-1)).toBe('a');
    expect(() => t.media.subscriberAnswer(t.b.p, { type: 'answer', sdp: 'late' }, 1)).toThrow(
      /no subscriber offer is waiting/,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect([...t.a.events, ...t.b.events].filter((e) => e.name === 'media-reset')).toEqual([]);
    t.pool.anyUp = true;
    t.node.isUp = true;
    t.node.emit('up');
    for (const who of [t.a, t.b]) {
      expect(who.events.filter((e) => e.name === 'media-reset').map((e) => e.data.reason)).toEqual(['sfu-restarted']);
    }
  });
});
