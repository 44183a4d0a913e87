/**
 * One participant track to one file (a `raw-tracks` recording): a microphone's
 * decoded audio to an M4A, a camera's or screen share's decoded pictures to an
 * MP4. Pictures are stamped with their arrival time, so the file keeps the
 * sender's rhythm; the first picture fixes the file's size (even dimensions)
 * and later pictures of another size are scaled into it.
 */
import type { CallClient, VideoFrame } from 'daily-node';
import { I420Canvas, colourToYuv } from './i420-canvas';
import { RecordingEncoder, type EncoderEnd, type EncoderSettings } from './recording-encoder';

type AudioFrameStream = ReturnType<CallClient['audioFrames']>;

export type RecordedSource = 'microphone' | 'camera' | 'screenVideo';

/** The picture grid of a video track file: stamps are rounded to it. */
const VIDEO_FPS = 30;
const VIDEO_KBPS = 1500;
const AUDIO_KBPS = 96;

export interface TrackSink {
  /** The encoder ended without being asked to (the file keeps what it has). */
  failed(reason: string): void;
}

export class TrackRecorder {
  private encoder: RecordingEncoder | undefined;
  private canvas: I420Canvas | undefined;
  private frames: AudioFrameStream | undefined;
  private readonly startedAt = performance.now();
  private stopped = false;

  constructor(
    readonly file: string,
    readonly source: RecordedSource,
    private readonly sink: TrackSink,
  ) {
    if (source === 'microphone') this.startEncoder({ video: null, audioBitrateKbps: AUDIO_KBPS, path: file });
  }

  /** The encoder's process id (tests), once it runs. */
  get encoderPid(): number | undefined {
    return this.encoder?.pid;
  }

  /** Writes the microphone's frames until the stream ends or the recorder stops. */
  listen(frames: AudioFrameStream): void {
    this.frames = frames;
    void (async () => {
      for await (const frame of frames) {
        const b = frame.audioData.audioFrames;
        this.encoder?.writeAudio(Buffer.from(b.buffer, b.byteOffset, b.length));
      }
    })().catch(() => undefined);
  }

  writePicture(frame: VideoFrame): void {
    if (this.stopped) return;
    if (!this.canvas) {
      const width = Math.max(2, frame.width - (frame.width % 2));
      const height = Math.max(2, frame.height - (frame.height % 2));
      this.canvas = new I420Canvas(width, height, colourToYuv('#000000'));
      this.startEncoder({
        video: { width, height, fps: VIDEO_FPS, bitrateKbps: VIDEO_KBPS },
        audioBitrateKbps: null,
        path: this.file,
      });
    }
    const c = this.canvas;
    c.draw({ participantId: '', source: 'camera', x: 0, y: 0, width: c.width, height: c.height }, frame);
    this.encoder!.writeVideo(Buffer.from(c.frame), (performance.now() - this.startedAt) * 1000);
  }

  /** Ends the file (the encoder writes its last fragment). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.frames?.end();
    await this.encoder?.stop();
  }

  private startEncoder(settings: EncoderSettings): void {
    const encoder = new RecordingEncoder(settings);
    this.encoder = encoder;
    void encoder.ended.then((end: EncoderEnd) => {
      if (!end.requested && !this.stopped) this.sink.failed(end.reason);
    });
  }
}
