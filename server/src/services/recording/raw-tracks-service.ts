/**
 * The `raw-tracks` recording service participant (Daily's one file per
 * participant track): each microphone goes to its own M4A (AAC) and each
 * camera and screen share to its own MP4 (H.264), named
 * `<participantId>-<source>.<ext>` in the recording's folder. A track that
 * stops (mute, leave) ends its file; one that starts again gets a new file
 * (`-2`, `-3`, …). The service receives decoded media, so every track is
 * re-encoded (docs/architecture.md says why and what would avoid it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Participant, VideoFrame } from 'daily-node';
import type { Service, ServiceCall } from '../service';
import { MIX_SAMPLE_RATE } from './audio-mixer';
import { TrackRecorder, type RecordedSource, type TrackSink } from './track-recorder';

const SOURCES: RecordedSource[] = ['microphone', 'camera', 'screenVideo'];

export class RawTracksService implements Service {
  readonly name = 'recording';
  readonly audioOnly = false;
  private call: ServiceCall | undefined;
  /** The open file of each `participantId/source`. */
  private readonly open = new Map<string, TrackRecorder>();
  /** Files started per `participantId/source` (names the next one). */
  private readonly started = new Map<string, number>();
  private readonly rendered = new Set<string>();
  private stopped = false;

  /** `dir`: the recording's folder (made here). */
  constructor(
    private readonly dir: string,
    private readonly sink: TrackSink,
  ) {}

  /** The track files' recorders now open (tests). */
  get openTracks(): readonly TrackRecorder[] {
    return [...this.open.values()];
  }

  async start(call: ServiceCall): Promise<void> {
    this.call = call;
    fs.mkdirSync(this.dir, { recursive: true });
    const { client } = call;
    client.on('participant-joined', (p) => this.follow(p));
    client.on('participant-updated', (p) => this.follow(p));
    client.on('participant-left', (p) => this.closeAll(p.id));
    for (const [key, p] of Object.entries(client.participants())) if (key !== 'local') this.follow(p);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const recorders = [...this.open.values()];
    this.open.clear();
    await Promise.all(recorders.map((r) => r.stop()));
  }

  private follow(p: Participant): void {
    if (this.stopped || p.info.isLocal) return;
    for (const source of SOURCES) {
      const key = `${p.id}/${source}`;
      const on = p.media[source].state !== 'off';
      if (on && !this.open.has(key)) this.openTrack(p.id, source);
      else if (!on) this.close(key);
    }
  }

  private openTrack(participantId: string, source: RecordedSource): void {
    const key = `${participantId}/${source}`;
    const n = (this.started.get(key) ?? 0) + 1;
    this.started.set(key, n);
    const ext = source === 'microphone' ? 'm4a' : 'mp4';
    const file = path.join(this.dir, `${participantId}-${source}${n > 1 ? `-${n}` : ''}.${ext}`);
    const recorder = new TrackRecorder(file, source, {
      failed: (reason) => {
        this.call?.log.error({ participantId, source, reason }, 'raw track encoder ended');
        this.sink.failed(`the ${source} of ${participantId}: ${reason}`);
      },
    });
    this.open.set(key, recorder);
    const client = this.call!.client;
    if (source === 'microphone') {
      recorder.listen(client.audioFrames(participantId, { sampleRate: MIX_SAMPLE_RATE, intervalMs: 20 }));
    } else if (!this.rendered.has(key)) {
      // One renderer for the participant's source; it feeds whichever file is open.
      this.rendered.add(key);
      const onFrame = (_id: string, frame: VideoFrame): void => this.open.get(key)?.writePicture(frame);
      client.setVideoRenderer(participantId, onFrame, {
        videoSource: source,
        colorFormat: 'I420',
        loggingIntervalMs: 0,
      });
    }
  }

  private close(key: string): void {
    const recorder = this.open.get(key);
    if (!recorder) return;
    this.open.delete(key);
    void recorder.stop();
  }

  private closeAll(participantId: string): void {
    for (const source of SOURCES) this.close(`${participantId}/${source}`);
  }
}
