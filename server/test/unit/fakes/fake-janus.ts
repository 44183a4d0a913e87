/**
 * A scripted Janus for the media layer's unit tests: a VideoRoom whose
 * handles record every request and answer it only when the test says so, so
 * a test decides exactly what happens between a request and its reply (a
 * reset, an answer from the client, a timeout).
 */
import { EventEmitter } from 'node:events';
import type { Jsep, PluginReply } from '../../../src/janus/janus-messages';
import type { MediaHandle, MediaRoom } from '../../../src/media/media-handle';

/** A request a fake handle received, with the means to answer it. */
export interface FakeRequest {
  body: Record<string, unknown>;
  jsep: Jsep | undefined;
  reply(reply: PluginReply): void;
  fail(error: Error): void;
}

export class FakeHandle extends EventEmitter implements MediaHandle {
  isDetached = false;
  readonly requests: FakeRequest[] = [];
  private answered = 0;

  constructor(readonly id: number) {
    super();
  }

  requestAsync<T = Record<string, unknown>>(body: Record<string, unknown>, jsep?: Jsep): Promise<PluginReply<T>> {
    return new Promise((resolve, reject) => {
      this.requests.push({ body, jsep, reply: (r) => resolve(r as PluginReply<T>), fail: reject });
    });
  }

  async trickle(): Promise<void> {}

  /** Like `JanusHandle`: requests still waiting reject (settled ones ignore it). */
  async detach(): Promise<void> {
    this.isDetached = true;
    for (const r of this.requests) r.fail(new Error(`handle ${this.id} detached`));
  }

  /** The oldest request not yet taken by {@link next} (waits for it, bounded). */
  async next(): Promise<FakeRequest> {
    await until(() => this.requests.length > this.answered, `handle ${this.id}: a request`);
    return this.requests[this.answered++]!;
  }

  /** Emits ICE/DTLS up. */
  up(): void {
    this.emit('webrtcup');
  }
}

export class FakeRoom implements MediaRoom {
  readonly id = 1234;
  readonly handles: FakeHandle[] = [];

  async attach(): Promise<MediaHandle> {
    const h = new FakeHandle(this.handles.length + 1);
    this.handles.push(h);
    return h;
  }

  /** The `n`th handle attached (from 1), once it is (waits, bounded). */
  async handle(n: number): Promise<FakeHandle> {
    await until(() => this.handles.length >= n, `handle ${n} attached`);
    return this.handles[n - 1]!;
  }
}

/** What Janus answers to a subscriber `join`/`update` subscribing feed 7's mid "0" as mid `subMid`. */
export function subscribedReply(subMid: string, sdp = `offer for ${subMid}`): PluginReply {
  return {
    data: { streams: [{ type: 'audio', active: true, mindex: 0, mid: subMid, feed_id: 7, feed_mid: '0' }] },
    jsep: { type: 'offer', sdp },
  };
}

/** Resolves once `pred` holds, checking after each turn of the event loop (at most 2 s). */
export async function until(pred: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 2000;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}
