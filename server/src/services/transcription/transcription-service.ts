/**
 * The transcription service participant: one ASR stream per transcribed
 * participant, fed by an audio renderer at 16 kHz mono on that participant's
 * microphone, so every utterance is attributed to the right person even when
 * two talk at once. Participants who join later are picked up; a muted or
 * departed participant has no renderer and no engine process.
 */
import type { AudioFrameStream, Participant, TranscriptionMessage, TranscriptionSettings } from 'daily-node';
import type { Service, ServiceCall } from '../service';
import { ASR_SAMPLE_RATE, type AsrEngine } from './asr-engine';
import { SupervisedStream } from './supervised-stream';

/** Renderer interval: 100 ms chunks keep the engine pipe busy with few writes. */
const FRAME_INTERVAL_MS = 100;

/** What the service reports to the room. */
export interface TranscriptionSink {
  /** `endMs`: wall-clock end of the utterance, when the engine gives word times. */
  message(message: TranscriptionMessage, userName: string, endMs: number | null): void;
  /** A participant's engine failed and is being restarted (logged). */
  restarting(participantId: string, reason: string): void;
  /** An engine could not be brought back: the transcription stops with an error. */
  lost(reason: string): void;
}

interface Transcribed {
  stream: SupervisedStream;
  frames: AudioFrameStream;
}

export class TranscriptionService implements Service {
  readonly name = 'transcription';
  readonly audioOnly = true;
  private call: ServiceCall | undefined;
  private readonly transcribed = new Map<string, Transcribed>();
  /** Participant ids to transcribe; null = everyone. */
  private only: Set<string> | null = null;
  private stopped = false;

  constructor(
    private readonly engine: AsrEngine,
    private readonly settings: TranscriptionSettings,
    private readonly sink: TranscriptionSink,
  ) {}

  async start(call: ServiceCall): Promise<void> {
    this.call = call;
    const { client } = call;
    client.on('participant-joined', (p) => this.follow(p));
    client.on('participant-updated', (p) => this.follow(p));
    client.on('participant-left', (p) => this.drop(p.id));
    for (const [key, p] of Object.entries(client.participants())) if (key !== 'local') this.follow(p);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const id of [...this.transcribed.keys()]) this.drop(id);
  }

  /** Transcribes only these participants (null = everyone). */
  setParticipants(ids: string[] | null): void {
    this.only = ids === null ? null : new Set(ids);
    if (!this.call) return;
    for (const [key, p] of Object.entries(this.call.client.participants())) if (key !== 'local') this.follow(p);
  }

  /** The engine process of a participant's stream (tests kill it). */
  enginePid(participantId: string): number | undefined {
    return this.transcribed.get(participantId)?.stream.pid;
  }

  /** Ids of the participants with a running stream. */
  get participantIds(): string[] {
    return [...this.transcribed.keys()];
  }

  private wanted(p: Participant): boolean {
    if (this.stopped || p.info.isLocal) return false;
    if (this.only && !this.only.has(p.id)) return false;
    return p.media.microphone.state !== 'off';
  }

  private follow(p: Participant): void {
    const want = this.wanted(p);
    if (want && !this.transcribed.has(p.id)) this.open(p);
    else if (!want) this.drop(p.id);
  }

  private open(p: Participant): void {
    const call = this.call!;
    const stream = new SupervisedStream(this.engine, this.settings, {
      utterance: (u, startedAtMs) => {
        if (this.stopped) return;
        const message: TranscriptionMessage = {
          participantId: p.id,
          text: u.text,
          timestamp: new Date(startedAtMs).toISOString(),
          trackType: 'cam-audio',
        };
        if (this.settings.includeRawResponse) message.rawResponse = u.raw;
        const endMs =
          u.start !== undefined && u.end !== undefined ? startedAtMs + Math.round((u.end - u.start) * 1000) : null;
        this.sink.message(message, this.userName(p.id) ?? p.info.userName, endMs);
      },
      restarting: (reason, attempt) => {
        call.log.warn({ participantId: p.id, reason, attempt }, 'ASR engine failed; restarting');
        this.sink.restarting(p.id, reason);
      },
      lost: (reason) => {
        if (!this.stopped)
          this.sink.lost(`the ${this.engine.name} engine for ${p.id} could not be restarted: ${reason}`);
      },
    });
    const frames = call.client.audioFrames(p.id, {
      sampleRate: ASR_SAMPLE_RATE,
      intervalMs: FRAME_INTERVAL_MS,
      maxQueued: 50,
    });
    this.transcribed.set(p.id, { stream, frames });
    void (async () => {
      for await (const frame of frames) stream.write(frame.audioData.audioFrames, frame.timestampUs / 1000);
    })().catch((e: Error) =>
      call.log.warn({ participantId: p.id, err: e.message }, 'audio frames ended with an error'),
    );
    call.log.info({ participantId: p.id }, 'transcribing participant');
  }

  private drop(id: string): void {
    const t = this.transcribed.get(id);
    if (!t) return;
    this.transcribed.delete(id);
    t.frames.end();
    t.stream.close();
    this.call?.log.info({ participantId: id }, 'stopped transcribing participant');
  }

  private userName(id: string): string | undefined {
    return this.call?.client.participants()[id]?.info.userName;
  }
}
