/**
 * A two-way voice bot on this SDK: a CustomAudioSource + CustomAudioTrack as
 * its microphone (paced by the engine), an audio renderer on the other bot.
 * All talking bots of the process share one 20 ms top-up timer, as a bot
 * farm streaming TTS would.
 */
import { CallClient, CustomAudioSource, CustomAudioTrack } from '../../src';
import type { PeerStats } from '../../src/media/peer/peer-connection';
import {
  inboundAudioCounters,
  MIC_RATE,
  RENDER_RATE,
  type Agent,
  type AgentCounters,
  type RenderCallback,
} from './agent';

/** Audio kept written ahead of the engine's pacer: what a blocked event loop can survive. */
const HEADROOM_MS = 80;
/** Render hops kept per bot (latency runs need a few thousand). */
const MAX_HOPS = 20_000;
const TOP_UP_MS = 20;

const talkers = new Set<OurAgent>();
let topUpTimer: NodeJS.Timeout | undefined;

function topUpAll(): void {
  for (const agent of talkers) agent.topUp();
}

/** The receive connection, which the SDK keeps private (benchmark-only access). */
interface MediaInternals {
  media: { subscriber: { connection?: { closed: boolean; getStats(o: { raw: boolean }): Promise<PeerStats> } } };
}

export class OurAgent implements Agent {
  id = '';
  private readonly source = new CustomAudioSource(MIC_RATE, 1);
  private readonly track = new CustomAudioTrack(this.source);
  private readonly client = new CallClient();
  private callbacks = 0;
  readonly renderHopsMs: number[] = [];
  private underrunsAtStart = 0;
  private speech: Int16Array | undefined;
  private chunks: Int16Array[] = [];
  private next = 0;

  /** `frameDurationMs`: the Opus frame duration to publish with (undefined: the SDK's default). */
  constructor(private readonly frameDurationMs?: 10 | 20 | 40 | 60) {}

  async join(url: string): Promise<void> {
    await this.client.updateSubscriptionProfiles({ base: { camera: 'unsubscribed', microphone: 'subscribed' } });
    await this.client.join(url, {
      clientSettings: {
        inputs: { camera: false, microphone: { isEnabled: true, settings: { customTrack: { id: this.track.id } } } },
        ...(this.frameDurationMs
          ? { publishing: { microphone: { sendSettings: { frameDurationMs: this.frameDurationMs } } } }
          : {}),
      },
    });
    this.id = this.client.participants().local.id;
    this.underrunsAtStart = (await this.source.pacingStats()).underruns;
  }

  listenTo(peerId: string, onAudio: RenderCallback): void {
    this.client.setAudioRenderer(
      peerId,
      (_id, data) => {
        this.callbacks++;
        // timestampUs is the engine's wall-clock time of the block's first 10 ms; its second came 10 ms later.
        const nowMs = performance.timeOrigin + performance.now();
        if (this.renderHopsMs.length < MAX_HOPS) this.renderHopsMs.push(nowMs - data.timestampUs / 1000 - 10);
        const bytes = data.audioFrames;
        onAudio(new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2), performance.now());
      },
      { sampleRate: RENDER_RATE, callbackIntervalMs: 20 },
    );
  }

  startTalking(speech: Int16Array): void {
    this.speech = speech;
    const frames = (MIC_RATE * TOP_UP_MS) / 1000;
    this.chunks = [];
    for (let i = 0; i + frames <= speech.length; i += frames) this.chunks.push(speech.subarray(i, i + frames));
    talkers.add(this);
    topUpTimer ??= setInterval(topUpAll, TOP_UP_MS);
    this.topUp();
  }

  /** Keeps HEADROOM_MS written ahead (one request per 20 ms chunk). */
  topUp(): void {
    if (!this.speech || this.source.released) return;
    while (this.source.queuedDurationMs < HEADROOM_MS) {
      this.source.writeFrames(this.chunks[this.next]!, () => undefined);
      this.next = (this.next + 1) % this.chunks.length;
    }
  }

  click(frame: Int16Array): Promise<number> {
    const at = performance.now();
    this.source.writeFrames(frame, () => undefined);
    return Promise.resolve(at);
  }

  async underruns(): Promise<number> {
    return (await this.source.pacingStats()).underruns - this.underrunsAtStart;
  }

  async counters(): Promise<AgentCounters> {
    // Pacing first: parsing the raw stats of many connections blocks the event loop for a while,
    // and the underruns that may cause belong to the measuring, not to the window measured.
    const underruns = await this.underruns();
    const pc = (this.client as unknown as MediaInternals).media.subscriber.connection;
    const stats = pc && !pc.closed ? await pc.getStats({ raw: true }) : undefined;
    return {
      ...inboundAudioCounters(stats?.raw ?? []),
      underruns,
      callbacks: this.callbacks,
    };
  }

  async close(): Promise<void> {
    talkers.delete(this);
    if (talkers.size === 0 && topUpTimer) {
      clearInterval(topUpTimer);
      topUpTimer = undefined;
    }
    await this.client.release().catch(() => undefined);
    await this.source.release().catch(() => undefined);
  }
}
