/**
 * `AudioMixer`: an engine audio source whose samples are the mix of a set of
 * remote tracks (engine ids `remote:<pcId>:<mid>`), with a local track on it.
 * The mix never crosses into Node: the meeting server's phone legs use one as
 * the phone participant's microphone (phone → room) and one as the SIP
 * connection's send track (room → phone). Inputs that do not exist (yet) are
 * skipped by the engine, so the set can name tracks before they arrive.
 * @internal
 * @module
 */
import { randomUUID } from 'node:crypto';

import type { EngineChannel } from '../../engine/engine-channel';
import { engineHost } from '../../engine/engine-host';
import { InvalidStateError } from '../../errors';
import { registerLocalTrack } from '../local-track-registry';

/** What a phone leg uses of a mix: its track id, its inputs, and its end. */
export interface AudioMix {
  readonly id: string;
  setInputs(inputs: string[]): Promise<void>;
  release(): Promise<void>;
}

/** Options of {@link AudioMixer.create}. */
export interface AudioMixerOptions {
  sampleRate: number;
  channels: 1 | 2;
  inputs: string[];
}

export class AudioMixer implements AudioMix {
  /** The mixer source's id in the engine. */
  readonly mixerId = `mix-${randomUUID()}`;
  /** The id of the track on the mix (for `pc.addTrack` or `customTrack: { id }`). */
  readonly id: string = randomUUID();
  private isReleased = false;

  private constructor(private readonly channel: EngineChannel) {
    registerLocalTrack(this, 'audio', (t) => t.released);
  }

  /** Creates the mixer and its track in the engine (Daily.init must have run). */
  static async create(options: AudioMixerOptions): Promise<AudioMix> {
    if (!engineHost.initialized) throw new InvalidStateError('call Daily.init() before creating an audio mixer');
    const mixer = new AudioMixer(await engineHost.ensure());
    await mixer.channel.request('audio.mixer.create', { mixerId: mixer.mixerId, ...options });
    await mixer.channel.request('audio.track.create', { trackId: mixer.id, sourceId: mixer.mixerId });
    return mixer;
  }

  get released(): boolean {
    return this.isReleased;
  }

  /** Replaces the set of mixed tracks. */
  async setInputs(inputs: string[]): Promise<void> {
    if (this.isReleased) return;
    await this.channel.request('audio.mixer.setInputs', { mixerId: this.mixerId, inputs });
  }

  /** Frees the track and the mixer (best effort: the engine may be gone). */
  async release(): Promise<void> {
    if (this.isReleased) return;
    this.isReleased = true;
    if (!this.channel.alive) return;
    await this.channel.request('audio.track.release', { trackId: this.id }).catch(() => undefined);
    await this.channel.request('audio.mixer.release', { mixerId: this.mixerId }).catch(() => undefined);
  }
}
