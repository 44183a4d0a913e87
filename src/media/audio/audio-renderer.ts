/**
 * `AudioRenderer`: receives the audio of one track (usually a remote one)
 * resampled to the rate you ask for, one {@link AudioData} per callback interval.
 * @module
 */
import { randomUUID } from 'node:crypto';

import type { EngineChannel } from '../../engine/engine-channel';
import { engineHost } from '../../engine/engine-host';
import type { AudioRenderHeader } from '../../engine/protocol';
import { EngineExitedError, InvalidArgumentError, InvalidStateError } from '../../errors';
import { checkOptionsObject } from '../../options-object';
import { AudioData } from './audio-data';
import { checkAudioFormat, checkCallback, checkName } from './pcm';

/** Options of {@link AudioRenderer.start}. */
export interface AudioRendererOptions {
  /** Rate to deliver (default 16000): any integer from 8000 to 96000 Hz. */
  sampleRate?: number;
  /** 1 (default; stereo is averaged) or 2. */
  channels?: number;
  /** Audio per callback, a multiple of 10 ms (default 20). */
  callbackIntervalMs?: number;
  /**
   * With a callback: blocks that would reach it more than this late (beyond
   * its interval) are dropped unseen and counted in {@link AudioRenderer.dropped}
   * (default 2000; `Infinity` keeps every block, however late).
   */
  maxLateMs?: number;
}

/** Why a renderer stopped. */
export type AudioRendererEndReason = 'stopped' | 'track-removed' | 'engine-exited';

/** Items an iterating consumer may fall behind by before the oldest are dropped. */
const MAX_BUFFERED = 500;
/**
 * How late (beyond its own interval) audio may reach a callback before it is
 * dropped unseen, by default: a callback slower than the audio gets current
 * audio, not an ever older backlog.
 */
const DEFAULT_MAX_LATE_MS = 2000;

/**
 * Audio of one track, delivered in the engine's real time. Use a callback, or
 * iterate:
 *
 * ```ts
 * const renderer = await AudioRenderer.start(trackId, { sampleRate: 16000, callbackIntervalMs: 20 });
 * for await (const data of renderer) vad.analyzeFrames(data.audioFrames);
 * ```
 *
 * The renderer ends when {@link stop} is called, when its track goes away, or
 * when the media engine exits (then iteration throws the EngineExitedError).
 */
export class AudioRenderer implements AsyncIterable<AudioData> {
  readonly id = `ar-${randomUUID()}`;
  readonly trackId: string;
  readonly sampleRate: number;
  readonly channels: number;
  readonly callbackIntervalMs: number;
  readonly maxLateMs: number;
  private readonly callback: ((data: AudioData) => void) | undefined;
  private channel: EngineChannel | undefined;
  private endReason: AudioRendererEndReason | undefined;
  private endError: Error | undefined;
  private readonly buffered: AudioData[] = [];
  private readonly waiters: { resolve: (r: IteratorResult<AudioData>) => void; reject: (e: Error) => void }[] = [];
  private readonly endListeners = new Set<(reason: AudioRendererEndReason, error?: Error) => void>();
  private cleanup: (() => void)[] = [];
  private droppedItems = 0;
  /** True while callbacks are being run from {@link buffered}, one per event-loop turn. */
  private calling = false;

  private constructor(trackId: string, options: Required<AudioRendererOptions>, callback?: (data: AudioData) => void) {
    this.trackId = trackId;
    this.sampleRate = options.sampleRate;
    this.channels = options.channels;
    this.callbackIntervalMs = options.callbackIntervalMs;
    this.maxLateMs = options.maxLateMs;
    this.callback = callback;
  }

  /**
   * Starts rendering the track with registry id `trackId` (a remote track id
   * from a peer connection, or a local track's id). Without `callback`, iterate
   * the renderer to get the data.
   */
  static async start(
    trackId: string,
    options: AudioRendererOptions = {},
    callback?: (data: AudioData) => void,
  ): Promise<AudioRenderer> {
    checkName(trackId, 'trackId');
    checkCallback(callback, 'callback');
    options = checkOptionsObject(
      options,
      ['sampleRate', 'channels', 'callbackIntervalMs', 'maxLateMs'],
      'AudioRenderer.start',
    );
    const resolved = {
      sampleRate: options.sampleRate ?? 16000,
      channels: options.channels ?? 1,
      callbackIntervalMs: options.callbackIntervalMs ?? 20,
      maxLateMs: options.maxLateMs ?? DEFAULT_MAX_LATE_MS,
    };
    if (typeof resolved.maxLateMs !== 'number' || Number.isNaN(resolved.maxLateMs) || resolved.maxLateMs < 0) {
      throw new InvalidArgumentError(
        'maxLateMs',
        `must be a number of milliseconds >= 0, got ${String(options.maxLateMs)}`,
      );
    }
    checkAudioFormat(resolved.sampleRate, resolved.channels);
    const interval = resolved.callbackIntervalMs;
    if (!Number.isInteger(interval) || interval < 10 || interval > 10_000 || interval % 10 !== 0) {
      throw new InvalidArgumentError(
        'callbackIntervalMs',
        `must be a multiple of 10 ms from 10 to 10000 (audio arrives in 10 ms blocks), got ${String(interval)}`,
      );
    }
    if (!engineHost.initialized) throw new InvalidStateError('call Daily.init() before starting an audio renderer');
    const renderer = new AudioRenderer(trackId, resolved, callback);
    await renderer.attach(await engineHost.ensure());
    return renderer;
  }

  /** True once the renderer has ended. */
  get ended(): boolean {
    return this.endReason !== undefined;
  }

  /**
   * Number of AudioData items dropped because the consumer fell behind: an
   * iterating one by more than 500 items, a callback by more than `maxLateMs`.
   */
  get dropped(): number {
    return this.droppedItems;
  }

  /** Runs `listener` once when the renderer ends. Returns a function that removes it. */
  onEnded(listener: (reason: AudioRendererEndReason, error?: Error) => void): () => void {
    if (this.endReason) {
      listener(this.endReason, this.endError);
      return () => undefined;
    }
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Stops the renderer; buffered data can still be iterated. */
  async stop(): Promise<void> {
    if (this.endReason) return;
    const channel = this.channel;
    this.end('stopped');
    if (channel?.alive) await channel.request('audio.renderer.stop', { rendererId: this.id }).catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<AudioData> {
    return {
      next: () => {
        const item = this.buffered.shift();
        if (item) return Promise.resolve({ value: item, done: false });
        if (this.endReason) {
          return this.endError ? Promise.reject(this.endError) : Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
      },
      return: async () => {
        await this.stop();
        return { value: undefined, done: true };
      },
    };
  }

  private async attach(channel: EngineChannel): Promise<void> {
    this.channel = channel;
    const routes = routesFor(channel);
    routes.set(this.id, this);
    this.cleanup.push(() => routes.delete(this.id));
    this.cleanup.push(
      channel.onNotification('pc.track-removed', (e) => {
        if (e.trackId === this.trackId) this.end('track-removed');
      }),
    );
    this.cleanup.push(
      channel.onExit(() => {
        // Daily.deinit() ends renderers quietly; a crash ends them with an error.
        if (!engineHost.initialized) return this.end('stopped');
        this.end(
          'engine-exited',
          new EngineExitedError(`the media engine exited; audio renderer on '${this.trackId}' ended`, null, null),
        );
      }),
    );
    const { id: rendererId, trackId, sampleRate, channels, callbackIntervalMs } = this;
    try {
      await channel.request('audio.renderer.start', { rendererId, trackId, sampleRate, channels, callbackIntervalMs });
    } catch (err) {
      this.end('stopped');
      throw err;
    }
  }

  /** @internal A data frame for this renderer arrived. */
  deliver(header: AudioRenderHeader, payload: Buffer): void {
    if (this.endReason) return;
    const data = new AudioData(
      header.bitsPerSample,
      header.sampleRate,
      header.numChannels,
      header.numAudioFrames,
      payload,
      header.timestampUs,
    );
    const waiter = this.waiters.shift();
    if (waiter) return waiter.resolve({ value: data, done: false });
    this.buffered.push(data);
    if (this.buffered.length > MAX_BUFFERED) {
      this.buffered.shift();
      this.droppedItems++;
    }
    if (this.callback && !this.calling) {
      this.calling = true;
      setImmediate(() => this.callNext());
    }
  }

  /**
   * Runs the callback on the oldest buffered block, then yields to the event
   * loop before the next. Why not call it from {@link deliver}: Node hands a
   * native queue's items to JS up to a thousand at a time, so a callback
   * that blocks would starve every socket and timer of the process (the
   * call's own signaling included) for as long as frames keep coming.
   */
  private callNext(): void {
    const data = this.buffered.shift();
    if (!data || this.endReason) {
      this.calling = false;
      return;
    }
    if (Date.now() - data.timestampUs / 1000 - this.callbackIntervalMs > this.maxLateMs) {
      this.droppedItems++;
    } else {
      try {
        this.callback!(data);
      } catch (err) {
        process.emitWarning(`daily-node: an audio renderer callback threw: ${(err as Error).message}`);
      }
    }
    setImmediate(() => this.callNext());
  }

  private end(reason: AudioRendererEndReason, error?: Error): void {
    if (this.endReason) return;
    this.endReason = reason;
    this.endError = error;
    for (const c of this.cleanup) c();
    this.cleanup = [];
    for (const w of this.waiters.splice(0)) {
      if (error) w.reject(error);
      else w.resolve({ value: undefined, done: true });
    }
    for (const l of [...this.endListeners]) l(reason, error);
    this.endListeners.clear();
  }
}

/** One data route per engine channel: rendererId -> renderer. */
const routeTables = new WeakMap<EngineChannel, Map<string, AudioRenderer>>();

function routesFor(channel: EngineChannel): Map<string, AudioRenderer> {
  let routes = routeTables.get(channel);
  if (!routes) {
    const table = new Map<string, AudioRenderer>();
    channel.onData('audio.render', (header, payload) => {
      const h = header as unknown as AudioRenderHeader;
      table.get(h.rendererId)?.deliver(h, payload);
    });
    routeTables.set(channel, table);
    routes = table;
  }
  return routes;
}
