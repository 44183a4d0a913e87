/**
 * SubscriberConnection with a scripted Janus and a fake client: the
 * orderings the engine-kill test meets only now and then under load, replayed
 * step by step. A reset while Janus works, an answer to a replaced offer, a
 * reset while an offer waits, an answer that never comes (then comes late),
 * and a client that never answers: every time the participant ends up with a
 * working connection, or is told it has none.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';

import { JanusPluginError } from '../../src/janus/janus-errors';
import type { ParticipantSession } from '../../src/rooms/participant-session';
import { SubscriberConnection, type SubscriberHost, type WantedStream } from '../../src/media/subscriber-connection';
import { FakeRoom, subscribedReply, until, type FakeHandle } from './fakes/fake-janus';

const A_MIC: WantedStream = {
  key: 'a/microphone',
  participantId: 'a',
  track: 'microphone',
  kind: 'audio',
  feed: 7,
  feedMid: '0',
  substream: undefined,
};

/** A second sender, whose publisher leaves while Janus works in the tests below. */
const C_MIC: WantedStream = { ...A_MIC, key: 'c/microphone', participantId: 'c', feed: 9 };

interface SentEvent {
  name: string;
  data: Record<string, unknown>;
}

function setup(timings: { answerTimeoutMs?: number; retryDelayMs?: number } = {}) {
  const room = new FakeRoom();
  const sent: SentEvent[] = [];
  const viewer = {
    id: 'b',
    connection: { event: (name: string, data: Record<string, unknown>) => sent.push({ name, data }) },
  } as unknown as ParticipantSession;
  let ids = 0;
  let wanted: WantedStream[] = [A_MIC];
  const host: SubscriberHost = {
    janusRoom: async () => room,
    wanted: () => wanted,
    resolveFeed: (feed, mid) =>
      feed === 7 && mid === '0' ? { participantId: 'a', track: 'microphone', kind: 'audio' } : undefined,
    changed: () => undefined,
    nextConnectionId: () => ++ids,
  };
  const sub = new SubscriberConnection(viewer, host, pino({ level: 'silent' }), timings);
  const offers = () => sent.filter((e) => e.name === 'subscriber-offer').map((e) => e.data.connectionId as number);
  /** The `n`th offer sent to the client (from 1), once it is. */
  const offer = async (n: number) => {
    await until(() => offers().length >= n, `offer ${n}`);
    return offers()[n - 1]!;
  };
  const answerSdp = { type: 'answer' as const, sdp: 'answer' };
  return {
    room,
    sub,
    sent,
    offers,
    offer,
    answer: (connectionId?: number) => sub.answer(answerSdp, connectionId),
    /** The `error` events the client was sent. */
    errors: () => sent.filter((e) => e.name === 'error'),
    setWanted: (w: WantedStream[]) => (wanted = w),
  };
}

/** Janus answers the subscriber join on `h` with an offer, then the client's `start`. */
async function joinAndOffer(h: FakeHandle, subMid = '0'): Promise<void> {
  const join = await h.next();
  expect(join.body).toMatchObject({ request: 'join', ptype: 'subscriber', room: 1234 });
  join.reply(subscribedReply(subMid));
}

async function started(h: FakeHandle): Promise<void> {
  const start = await h.next();
  expect(start.body).toEqual({ request: 'start' });
  expect(start.jsep).toMatchObject({ type: 'answer', sdp: 'answer' });
  start.reply({ data: {} });
}

/** The first connection offered, answered and started; returns its handle. */
async function firstConnectionUp(t: ReturnType<typeof setup>): Promise<FakeHandle> {
  t.sub.reconcile();
  const h1 = await t.room.handle(1);
  await joinAndOffer(h1);
  t.answer(await t.offer(1));
  await started(h1);
  return h1;
}

describe('SubscriberConnection (scripted Janus)', () => {
  it('offers what the viewer wants, starts on its answer, and reports flowing once ICE is up', async () => {
    const t = setup();
    t.sub.reconcile();
    const h = await t.room.handle(1);
    await joinAndOffer(h);
    expect(await t.offer(1)).toBe(1);
    t.answer(1);
    await started(h);
    h.up();
    await until(() => t.sub.progress('a/microphone') === 'flowing', 'flowing');
  });

  it('a reset while Janus answers an update: the stale offer is never sent; the new connection is offered', async () => {
    const t = setup();
    const h1 = await firstConnectionUp(t);
    // A unpublishes: B's connection is updated; Janus is slow to answer.
    t.setWanted([]);
    t.sub.reconcile();
    const update = await h1.next();
    expect(update.body).toMatchObject({ request: 'update', unsubscribe: [{ sub_mid: '0' }] });
    // B's engine died: it asks for a new receive connection before Janus answered.
    t.setWanted([A_MIC]);
    const min = t.sub.restart();
    expect(min).toBe(2);
    update.reply({ data: { streams: [] }, jsep: { type: 'offer', sdp: 'stale' } });
    const h2 = await t.room.handle(2);
    expect(h1.isDetached).toBe(true);
    await joinAndOffer(h2);
    expect(await t.offer(2)).toBe(2);
    expect(t.offers()).toEqual([1, 2]); // nothing was offered for the dropped connection after the reset
    t.answer(2);
    await started(h2);
    expect(t.errors()).toEqual([]);
  });

  it('a reset while Janus never answers an update: the new connection is offered at once, not after a timeout', async () => {
    const t = setup();
    const h1 = await firstConnectionUp(t);
    t.setWanted([]);
    t.sub.reconcile();
    expect((await h1.next()).body).toMatchObject({ request: 'update' });
    // The engine died; the old handle is detached and Janus never answers the update on it.
    t.setWanted([A_MIC]);
    expect(t.sub.restart()).toBe(2);
    const h2 = await t.room.handle(2);
    await joinAndOffer(h2);
    expect(await t.offer(2)).toBe(2);
    t.answer(2);
    await started(h2);
    expect(t.errors()).toEqual([]);
  });

  it('an answer to a replaced offer is refused, naming connectionId; the waiting offer takes its own', async () => {
    const t = setup();
    t.sub.reconcile();
    const h1 = await t.room.handle(1);
    await joinAndOffer(h1);
    await t.offer(1);
    t.sub.restart();
    const h2 = await t.room.handle(2);
    await joinAndOffer(h2);
    expect(await t.offer(2)).toBe(2);
    expect(() => t.answer(1)).toThrow(/the offer of connection 1 was replaced; the waiting offer is connection 2/);
    expect(() => t.answer(1)).toThrow(expect.objectContaining({ code: 'bad-request', field: 'params.connectionId' }));
    t.answer(2);
    await started(h2);
    expect(h1.requests.map((r) => r.body.request)).toEqual(['join']); // the old handle never started
  });

  it('a reset while an offer waits for its answer: one new connection, numbered at least as promised', async () => {
    const t = setup();
    t.sub.reconcile();
    const h1 = await t.room.handle(1);
    await joinAndOffer(h1);
    await t.offer(1);
    const min = t.sub.restart();
    const again = t.sub.restart(); // the client asks twice (two recoveries in a row)
    expect(again).toBe(min);
    const h2 = await t.room.handle(2);
    await joinAndOffer(h2);
    const second = await t.offer(2);
    expect(second).toBeGreaterThanOrEqual(min);
    t.answer(second);
    await started(h2);
    expect(t.room.handles).toHaveLength(2);
    expect(t.errors()).toEqual([]);
  });

  it('no answer in time: the connection is replaced at once; the late answer is refused, the new one works', async () => {
    const t = setup({ answerTimeoutMs: 30 });
    t.sub.reconcile();
    const h1 = await t.room.handle(1);
    await joinAndOffer(h1);
    await t.offer(1);
    const h2 = await t.room.handle(2); // after the timeout, without anybody asking
    expect(h1.isDetached).toBe(true);
    expect(() => t.answer(1)).toThrow(expect.objectContaining({ code: 'bad-request' }));
    await joinAndOffer(h2);
    t.answer(await t.offer(2));
    await started(h2);
    h2.up();
    await until(() => t.sub.progress('a/microphone') === 'flowing', 'flowing');
    expect(t.errors()).toEqual([]);
  });

  it('a client that never answers is told, after 3 attempts, with an error event; a reset starts over', async () => {
    const t = setup({ answerTimeoutMs: 20, retryDelayMs: 10 });
    t.sub.reconcile();
    for (let n = 1; n <= 3; n++) await joinAndOffer(await t.room.handle(n));
    await until(() => t.sent.some((e) => e.name === 'error'), 'an error event');
    const errors = t.errors();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.data).toMatchObject({ code: 'media-error' });
    expect(errors[0]!.data.message).toMatch(/receiving media failed 3 times in a row .*no answer.*resetSubscriber/);
    await new Promise((r) => setTimeout(r, 100));
    expect(t.room.handles).toHaveLength(3); // gave up: no endless retries
    expect(t.room.handles.every((h) => h.isDetached)).toBe(true);
    t.sub.restart();
    const h4 = await t.room.handle(4);
    await joinAndOffer(h4);
    t.answer(await t.offer(4));
    await started(h4);
  });

  it('Janus refusing an update replaces the connection once, without telling the client', async () => {
    const t = setup();
    const h1 = await firstConnectionUp(t);
    t.setWanted([{ ...A_MIC, feedMid: '1', key: 'a/camera', track: 'camera', kind: 'video' }, A_MIC]);
    t.sub.reconcile();
    (await h1.next()).fail(new Error('Janus: no such feed'));
    const h2 = await t.room.handle(2);
    expect(h1.isDetached).toBe(true);
    await joinAndOffer(h2);
    t.answer(await t.offer(2));
    await started(h2);
    expect(t.errors()).toEqual([]);
  });

  it('an update refused because a publisher left meanwhile is sent again without it, on the same connection', async () => {
    const t = setup();
    const h1 = await firstConnectionUp(t);
    // C publishes; B's update asks for C's feed, and C leaves before Janus handles it.
    t.setWanted([A_MIC, C_MIC]);
    t.sub.reconcile();
    const update = await h1.next();
    expect(update.body).toMatchObject({ request: 'update', subscribe: [{ feed: 9, mid: '0' }] });
    t.setWanted([A_MIC]);
    update.fail(new JanusPluginError(428, 'No such feed (9)'));
    // Nothing to add or remove any more: no new request, no new handle, no error, still flowing.
    h1.up();
    await until(() => t.sub.progress('a/microphone') === 'flowing', 'flowing');
    await new Promise((r) => setTimeout(r, 20));
    expect(h1.isDetached).toBe(false);
    expect(t.room.handles).toHaveLength(1);
    expect(h1.requests.map((r) => r.body.request)).toEqual(['join', 'start', 'update']);
    expect(t.errors()).toEqual([]);
  });

  it('a join refused because a publisher left meanwhile joins again without it, and never tells the client', async () => {
    const t = setup();
    t.setWanted([A_MIC, C_MIC]);
    t.sub.reconcile();
    const h1 = await t.room.handle(1);
    const join = await h1.next();
    expect(join.body).toMatchObject({ streams: [{ feed: 7 }, { feed: 9 }] });
    t.setWanted([A_MIC]);
    join.fail(new JanusPluginError(428, 'No such feed (9)'));
    const h2 = await t.room.handle(2);
    expect(h1.isDetached).toBe(true);
    const again = await h2.next();
    expect(again.body).toMatchObject({ request: 'join', streams: [{ feed: 7, mid: '0' }] });
    again.reply(subscribedReply('0'));
    t.answer(await t.offer(1));
    expect(t.offers()).toHaveLength(1); // the dropped handle never reached the client
    await started(h2);
    expect(t.errors()).toEqual([]);
  });

  it('"no such feed" for a feed the room still lists as publishing is a failure: the connection is replaced', async () => {
    const t = setup();
    const h1 = await firstConnectionUp(t);
    t.setWanted([A_MIC, C_MIC]);
    t.sub.reconcile();
    (await h1.next()).fail(new JanusPluginError(428, 'No such feed (9)'));
    const h2 = await t.room.handle(2);
    expect(h1.isDetached).toBe(true);
    const join = await h2.next();
    expect(join.body).toMatchObject({ request: 'join', streams: [{ feed: 7 }, { feed: 9 }] });
  });

  it('publishers leaving one after another never add up to an error event', async () => {
    const t = setup({ retryDelayMs: 10 });
    const h1 = await firstConnectionUp(t);
    const leaving = [9, 10, 11, 12, 13].map((feed) => ({ ...C_MIC, key: `c${feed}/microphone`, feed }));
    t.setWanted([A_MIC, ...leaving]);
    t.sub.reconcile();
    for (const gone of leaving) {
      const update = await h1.next();
      expect(update.body.request).toBe('update');
      expect((update.body.subscribe as { feed: number }[])[0]).toMatchObject({ feed: gone.feed });
      t.setWanted([A_MIC, ...leaving.filter((w) => w.feed > gone.feed)]);
      update.fail(new JanusPluginError(428, `No such feed (${gone.feed})`));
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(t.room.handles).toHaveLength(1);
    expect(h1.isDetached).toBe(false);
    expect(t.errors()).toEqual([]);
  });

  it('closing while an offer waits ends quietly: no retry, no error event', async () => {
    const t = setup();
    t.sub.reconcile();
    const h1 = await t.room.handle(1);
    await joinAndOffer(h1);
    await t.offer(1);
    await t.sub.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(t.room.handles).toHaveLength(1);
    expect(h1.isDetached).toBe(true);
    expect(t.errors()).toEqual([]);
  });
});
