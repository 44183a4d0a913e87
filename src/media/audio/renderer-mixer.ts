/**
 * A stand-in for the engine's audio mixer while the engine has none
 * (`audio.mixer.*` unknown or not implemented): one audio renderer per input
 * brings each track's audio into Node, 20 ms blocks are summed (clipped) and
 * written to a custom audio source whose track is the mix. Slower than the
 * engine mixer (audio crosses the process boundary twice) but the same shape.
 * @internal
 * @module
 */
import type { AudioMix } from './audio-mixer';
import { AudioRenderer } from './audio-renderer';
import { CustomAudioSource } from './custom-audio-source';
import { CustomAudioTrack } from './custom-audio-track';

/** Queued audio per input beyond this is dropped (oldest first): bounded latency. */
const MAX_QUEUED_MS = 200;
const BLOCK_MS = 20;

interface Input {
  renderer: AudioRenderer | undefined;
  queue: Int16Array[];
  queuedSamples: number;
}

export class RendererMixer implements AudioMix {
  private readonly source: CustomAudioSource;
  private readonly track: CustomAudioTrack;
  private readonly inputs = new Map<string, Input>();
  private isReleased = false;

  private constructor(
    private readonly sampleRate: number,
    private readonly channels: 1 | 2,
  ) {
    this.source = new CustomAudioSource(sampleRate, channels, { autoSilence: true });
    this.track = new CustomAudioTrack(this.source);
  }

  /** Makes the mix's source and track in the engine, then starts rendering `inputs`. */
  static async create(sampleRate: number, channels: 1 | 2, inputs: string[]): Promise<RendererMixer> {
    const mixer = new RendererMixer(sampleRate, channels);
    await mixer.track.ready();
    await mixer.setInputs(inputs);
    return mixer;
  }

  /** The mix's track id. */
  get id(): string {
    return this.track.id;
  }

  /** Replaces the set of mixed tracks; tracks that cannot be rendered (yet) are skipped. */
  async setInputs(ids: string[]): Promise<void> {
    const wanted = new Set(ids);
    for (const [id, input] of this.inputs) {
      if (wanted.has(id)) continue;
      this.inputs.delete(id);
      await input.renderer?.stop();
    }
    for (const id of wanted) if (!this.inputs.has(id)) await this.add(id);
  }

  async release(): Promise<void> {
    if (this.isReleased) return;
    this.isReleased = true;
    await this.setInputs([]);
    await this.track.release().catch(() => undefined);
    await this.source.release().catch(() => undefined);
  }

  private async add(id: string): Promise<void> {
    const input: Input = { renderer: undefined, queue: [], queuedSamples: 0 };
    this.inputs.set(id, input);
    const options = { sampleRate: this.sampleRate, channels: this.channels, callbackIntervalMs: BLOCK_MS };
    try {
      input.renderer = await AudioRenderer.start(id, options, (data) => this.push(input, data.audioFrames));
    } catch {
      this.inputs.delete(id); // not there (yet): a later setInputs tries again
      return;
    }
    if (this.inputs.get(id) !== input || this.isReleased) await input.renderer.stop();
  }

  private push(input: Input, bytes: Uint8Array): void {
    const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    input.queue.push(samples);
    input.queuedSamples += samples.length;
    const max = (this.sampleRate * this.channels * MAX_QUEUED_MS) / 1000;
    while (input.queuedSamples > max) input.queuedSamples -= input.queue.shift()!.length;
    this.mixReady();
  }

  /** Writes one block whenever every live input has one queued. */
  private mixReady(): void {
    const live = [...this.inputs.values()].filter((i) => i.renderer && !i.renderer.ended);
    while (live.length > 0 && live.every((i) => i.queue.length > 0)) {
      const blocks = live.map((i) => {
        const b = i.queue.shift()!;
        i.queuedSamples -= b.length;
        return b;
      });
      const out = new Int16Array(Math.min(...blocks.map((b) => b.length)));
      for (let s = 0; s < out.length; s++) {
        let sum = 0;
        for (const b of blocks) sum += b[s]!;
        out[s] = Math.max(-32768, Math.min(32767, sum));
      }
      void this.source.writeFrames(out).catch(() => undefined);
    }
  }
}
