/**
 * The recording service participant: it receives every participant's camera,
 * screen share and microphone, composites the pictures into one canvas and
 * mixes the microphones, and feeds that single raw stream to one encoder at
 * fixed cadence. People joining, leaving or muting only change the layout:
 * the encoder runs unchanged from start to stop.
 */
import type { Participant, StreamingLayout, VideoFrame } from 'daily-node';
import type { Service, ServiceCall } from '../service';
import { AudioMixer, MIX_SAMPLE_RATE } from './audio-mixer';
import { EngineComposition } from './engine-composition';
import { I420Canvas, colourToYuv } from './i420-canvas';
import { layoutTiles, type Tile } from './layout';
import { PictureDelayLine } from './picture-delay-line';
import { RecordingEncoder, type EncoderBacklog, type EncoderEnd, type EncoderSettings } from './recording-encoder';

/** Output settings after defaults. */
export interface RecordingOutput {
  video: { width: number; height: number; fps: number; bitrateKbps: number; backgroundColor: string } | null;
  audioBitrateKbps: number;
  /** The file, or null for a live stream (MPEG-TS from {@link RecordingService.liveOutput}). */
  path: string | null;
  /**
   * Where the composite is made: `node` (default for now: the compositor in
   * this process) or `engine` (the media engine draws and mixes and writes to
   * the encoder, no media in this process; `DAILY_NODE_COMPOSITOR=engine`
   * selects it until the e2e suites have run on it).
   */
  compositor?: 'engine' | 'node';
}

/** The compositor used when the output does not name one. */
function defaultCompositor(): 'engine' | 'node' {
  return process.env.DAILY_NODE_COMPOSITOR === 'engine' ? 'engine' : 'node';
}

/** What the service tells its recording. */
export interface RecordingSink {
  /** The encoder ended without being asked to (the file holds what was recorded until then). */
  failed(reason: string): void;
  /** The encoder fell behind and pictures were left out (it goes on). */
  fallingBehind(message: string): void;
}

/** Timer period: every tick writes whatever pictures and samples the wall clock says are due. */
const TICK_MS = 10;
/** Renderer interval of the microphones. */
const AUDIO_INTERVAL_MS = 20;
/**
 * Sound waiting for the encoder beyond which the recording fails: sound is
 * never left out, so an encoder this far behind (stalled, or starved of CPU
 * even with pictures left out) is taken as unable to catch up. 5 s failed a
 * recording on a 2-core machine at load average 27 that would have caught
 * up; sound is 96 KB a second, so 30 s holds 3 MB.
 */
const MAX_QUEUED_AUDIO_S = 30;
/**
 * How much longer sound takes than pictures from the sender to this service
 * before the mixer (the receiver's audio jitter buffer and renderer interval
 * against the video's shorter path). Measured with the flash+beep test
 * (test/e2e/recording.test.ts): with the mixer queue alone compensated, the
 * sound was 20-120 ms late once settled; 50 centres that.
 */
const SOUND_PIPELINE_LEAD_MS = 50;
/**
 * Engine compositor: how much later pictures are stamped than drawn. The
 * engine mixes each received 10 ms block as the playout clock takes it, with
 * no queue, so only the receiver's longer sound path is left to meet.
 */
const ENGINE_PICTURE_DELAY_MS = SOUND_PIPELINE_LEAD_MS;
/** Engine compositor: how often its counts are read (keep-up check, tests). */
const ENGINE_STATS_MS = 200;
/** Period of the report of left-out pictures (at most one warning per period). */
const DROP_REPORT_MS = 5000;

interface Followed {
  frames: ReturnType<ServiceCall['client']['audioFrames']> | null;
  camera: boolean;
  screenVideo: boolean;
}

export class RecordingService implements Service {
  readonly audioOnly: boolean;
  private call: ServiceCall | undefined;
  private encoder: RecordingEncoder | undefined;
  private readonly mixer = new AudioMixer();
  private readonly canvas: I420Canvas | null;
  /** Recent decoded pictures of each `participantId/source`. */
  private readonly pictures = new PictureDelayLine();
  private readonly followed = new Map<string, Followed>();
  private tiles: Tile[] = [];
  /** Set when the engine composes (then `canvas`, `mixer` and `pictures` stay unused). */
  private composition: EngineComposition | undefined;
  private engineBacklog: EncoderBacklog | undefined;
  private engineSeconds = 0;
  private engineTiles = 0;
  private activeSpeakerId: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private samplesWritten = 0;
  /** The next picture slot (multiples of 1/fps since the start) to fill. */
  private nextPictureSlot = 0;
  private droppedReported = 0;
  private lastDropReport = 0;
  /** Told the sink the encoder cannot keep up (once). */
  private givenUp = false;
  private stopped = false;

  /** `name`: `recording` or `live-streaming` (the participant's user name). */
  constructor(
    readonly name: string,
    private layout: StreamingLayout,
    private readonly output: RecordingOutput,
    private readonly sink: RecordingSink,
  ) {
    const v = output.video;
    this.audioOnly = v === null;
    this.canvas = v ? new I420Canvas(v.width, v.height, colourToYuv(v.backgroundColor)) : null;
  }

  /** The encoder's process id (tests kill it). */
  get encoderPid(): number | undefined {
    return this.encoder?.pid;
  }

  /** The encoded MPEG-TS of a live stream (after start). */
  get liveOutput(): NodeJS.ReadableStream | null {
    return this.encoder?.output ?? null;
  }

  /**
   * How many of the tiles now drawn have a picture (both compositors count
   * the same: a camera with a picture that has no tile does not count).
   */
  get picturesReceived(): number {
    if (this.composition) return this.engineTiles;
    return this.tiles.filter((t) => this.pictures.has(`${t.participantId}/${t.source}`)).length;
  }

  /**
   * Seconds of audio handed to the encoder so far, queued ones included: the
   * file time of the latest sound, which keeps pace with the wall clock even
   * when the encoder reads late (tests place their frame checks by it).
   */
  get secondsWritten(): number {
    return this.composition ? this.engineSeconds : this.samplesWritten / MIX_SAMPLE_RATE;
  }

  /** The encoder's input queues and left-out pictures (tests and logs). */
  get backlog(): EncoderBacklog | undefined {
    return this.composition ? this.engineBacklog : this.encoder?.backlog;
  }

  /** Milliseconds of sound waiting in the mixer (the longest participant queue). */
  get mixerQueuedMs(): number {
    return (this.mixer.queuedSamples * 1000) / MIX_SAMPLE_RATE;
  }

  /** The tiles now drawn (tests and logs). */
  get currentTiles(): readonly Tile[] {
    return this.tiles;
  }

  async start(call: ServiceCall): Promise<void> {
    this.call = call;
    const { client } = call;
    const v = this.output.video;
    if ((this.output.compositor ?? defaultCompositor()) === 'engine') {
      const composition = await EngineComposition.create({ video: v, pictureDelayMs: ENGINE_PICTURE_DELAY_MS });
      // A stop (maxDuration, the room emptying) may come while the engine was asked.
      if (this.stopped) return composition.release();
      this.composition = composition;
      this.composition.watch(client);
    }
    const settings: EncoderSettings = {
      video: v && { width: v.width, height: v.height, fps: v.fps, bitrateKbps: v.bitrateKbps },
      audioBitrateKbps: this.output.audioBitrateKbps,
      path: this.output.path,
      ...(this.composition ? { inputs: this.composition.paths } : {}),
    };
    this.encoder = new RecordingEncoder(settings);
    void this.encoder.ended.then((end) => this.encoderEnded(end));
    client.on('participant-joined', (p) => this.follow(p));
    client.on('participant-updated', (p) => this.follow(p));
    client.on('participant-left', (p) => this.drop(p.id));
    client.on('active-speaker-changed', (p) => {
      this.activeSpeakerId = p?.id ?? null;
      this.relayout();
    });
    for (const [key, p] of Object.entries(client.participants())) if (key !== 'local') this.follow(p);
    this.startedAt = performance.now();
    this.timer = this.composition
      ? setInterval(() => void this.readEngineStats(), ENGINE_STATS_MS)
      : setInterval(() => this.tick(), TICK_MS);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    if (this.composition) {
      await this.readEngineStats();
      this.call?.log.debug('releasing the engine composition');
      await this.composition.release();
      this.call?.log.debug('engine composition released');
    } else this.tick();
    for (const f of this.followed.values()) f.frames?.end();
    this.followed.clear();
    const end = await this.encoder?.stop();
    if (this.encoder) this.call?.log.info({ ...this.encoder.backlog, end }, 'recording encoder stopped');
  }

  /** A new layout from the next picture on. */
  setLayout(layout: StreamingLayout): void {
    this.layout = layout;
    this.relayout();
  }

  private encoderEnded(end: EncoderEnd): void {
    if (end.requested || this.stopped) return;
    this.call?.log.error({ reason: end.reason }, 'recording encoder ended');
    this.sink.failed(end.reason);
  }

  private follow(p: Participant): void {
    if (this.stopped || p.info.isLocal) return;
    const client = this.call!.client;
    let f = this.followed.get(p.id);
    if (!f) {
      f = { frames: null, camera: false, screenVideo: false };
      this.followed.set(p.id, f);
      if (this.canvas && !this.composition) {
        for (const source of ['camera', 'screenVideo'] as const) {
          const onFrame = (_id: string, frame: VideoFrame): void => {
            this.pictures.push(`${p.id}/${source}`, frame, performance.now());
          };
          client.setVideoRenderer(p.id, onFrame, { videoSource: source, colorFormat: 'I420', loggingIntervalMs: 0 });
        }
      }
    }
    const mic = p.media.microphone.state !== 'off' && !this.composition;
    if (mic && !f.frames) this.listen(p.id, f);
    else if (!mic && f.frames) {
      f.frames.end();
      f.frames = null;
      this.mixer.remove(p.id);
    }
    f.camera = p.media.camera.state !== 'off';
    f.screenVideo = p.media.screenVideo.state !== 'off';
    this.relayout();
  }

  private listen(id: string, f: Followed): void {
    const frames = this.call!.client.audioFrames(id, { sampleRate: MIX_SAMPLE_RATE, intervalMs: AUDIO_INTERVAL_MS });
    f.frames = frames;
    void (async () => {
      for await (const frame of frames) {
        const b = frame.audioData.audioFrames;
        this.mixer.push(id, new Int16Array(b.buffer, b.byteOffset, b.length / 2));
      }
    })().catch((e: Error) => this.call?.log.warn({ participantId: id, err: e.message }, 'audio frames ended'));
  }

  private drop(id: string): void {
    const f = this.followed.get(id);
    if (!f) return;
    this.followed.delete(id);
    f.frames?.end();
    this.mixer.remove(id);
    this.pictures.delete(`${id}/camera`);
    this.pictures.delete(`${id}/screenVideo`);
    this.relayout();
  }

  private relayout(): void {
    if (!this.canvas) return;
    const participants = [...this.followed.entries()].map(([id, f]) => ({
      id,
      camera: f.camera,
      screenVideo: f.screenVideo,
    }));
    const { width, height } = this.canvas;
    this.tiles = layoutTiles(this.layout, { width, height, participants, activeSpeakerId: this.activeSpeakerId });
    this.canvas.clear();
    this.composition?.setTiles(this.tiles);
  }

  /** The engine compositor's counts, as the encoder backlog the node compositor keeps. */
  private async readEngineStats(): Promise<void> {
    const stats = await this.composition?.stats().catch(() => null);
    if (!stats) return;
    const v = this.output.video;
    // What waits in the engine's queue counts too, as the node path counts its stream buffer: counting only the
    // bytes the encoder read can place a frame check before the layout change it waits for.
    this.engineSeconds = stats.audioSecondsWritten + stats.audioQueuedBytes / (2 * MIX_SAMPLE_RATE);
    this.engineTiles = stats.tilesAttached;
    this.engineBacklog = {
      droppedPictures: stats.picturesLeftOut,
      writtenPictures: stats.picturesWritten,
      peakQueuedVideoBytes: v ? (stats.picturesQueuedMax * v.width * v.height * 3) / 2 : 0,
      queuedAudioS: stats.audioQueuedBytes / (2 * MIX_SAMPLE_RATE),
    };
    if (this.encoder) this.checkKeepingUp(this.engineBacklog, performance.now() - this.startedAt);
  }

  /** Writes the samples and the picture due by now, so the output keeps pace with the wall clock. */
  private tick(): void {
    const encoder = this.encoder;
    if (!encoder) return;
    const elapsedMs = performance.now() - this.startedAt;
    const samplesDue = Math.floor((elapsedMs * MIX_SAMPLE_RATE) / 1000) - this.samplesWritten;
    if (samplesDue > 0) {
      encoder.writeAudio(this.mixer.take(samplesDue));
      this.samplesWritten += samplesDue;
    }
    this.writePicture(encoder, elapsedMs);
    this.checkKeepingUp(encoder.backlog, elapsedMs);
  }

  /**
   * One picture per slot of 1/fps, stamped with its slot. After a stall only
   * the latest is written: its frame lasts over the missed slots.
   */
  private writePicture(encoder: RecordingEncoder, elapsedMs: number): void {
    const v = this.output.video;
    if (!v || !this.canvas) return;
    const slot = Math.floor((elapsedMs * v.fps) / 1000);
    if (slot < this.nextPictureSlot) return;
    this.nextPictureSlot = slot + 1;
    // Each tile as it was when the sound now going out was received (see PictureDelayLine).
    const shownAt = performance.now() - this.mixerQueuedMs - SOUND_PIPELINE_LEAD_MS;
    for (const tile of this.tiles) {
      const frame = this.pictures.at(`${tile.participantId}/${tile.source}`, shownAt);
      if (frame) this.canvas.draw(tile, frame);
    }
    // ffmpeg copies nothing: each write needs its own buffer.
    encoder.writeVideo(Buffer.from(this.canvas.frame), (slot * 1_000_000) / v.fps);
  }

  /** Fails a recording whose sound piles up; reports left-out pictures at most once a period. */
  private checkKeepingUp(b: EncoderBacklog, elapsedMs: number): void {
    if (this.stopped || this.givenUp) return;
    if (b.queuedAudioS > MAX_QUEUED_AUDIO_S) {
      this.givenUp = true;
      const reason = `the encoder cannot keep up: ${b.queuedAudioS.toFixed(1)} s of sound waiting to be encoded`;
      this.call?.log.error({ ...b }, 'recording encoder cannot keep up');
      this.sink.failed(reason);
      return;
    }
    if (elapsedMs - this.lastDropReport < DROP_REPORT_MS || b.droppedPictures === this.droppedReported) return;
    const dropped = b.droppedPictures - this.droppedReported;
    this.droppedReported = b.droppedPictures;
    this.lastDropReport = elapsedMs;
    this.call?.log.warn({ ...b }, 'recording encoder falling behind');
    this.sink.fallingBehind(`the encoder is falling behind: ${dropped} picture(s) left out (the sound is complete)`);
  }
}
