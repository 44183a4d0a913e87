/**
 * A bot listening to one participant's microphone through an audio renderer
 * and counting the speech WebRTC's voice activity detector (NativeVad) hears.
 */
import { waitFor } from '../../helpers/process';
import { Daily, type CallClient } from './sdk';

const RATE = 16000;
const FRAME_BYTES = (RATE / 100) * 2;

export class SpeechListener {
  private speechFrames = 0;
  private pending = Buffer.alloc(0);

  constructor(
    client: CallClient,
    readonly participantId: string,
  ) {
    const vad = Daily.createNativeVad({ sampleRate: RATE });
    client.setAudioRenderer(
      participantId,
      (_id, data) => {
        this.pending = Buffer.concat([this.pending, data.audioFrames]);
        while (this.pending.length >= FRAME_BYTES) {
          if (vad.analyzeFrames(this.pending.subarray(0, FRAME_BYTES)) >= 0.9) this.speechFrames++;
          this.pending = this.pending.subarray(FRAME_BYTES);
        }
      },
      { audioSource: 'microphone', sampleRate: RATE, callbackIntervalMs: 20 },
    );
  }

  /** Milliseconds of speech heard so far. */
  get speechMs(): number {
    return this.speechFrames * 10;
  }

  /** Resolves once at least `ms` of speech was heard. */
  async waitSpeech(ms: number, timeoutMs = 20_000): Promise<number> {
    return waitFor(
      `${ms} ms of speech from ${this.participantId}`,
      () => this.speechMs >= ms && this.speechMs,
      timeoutMs,
    );
  }
}
