/** RGBA frames in, JPEG pictures out, through an ffmpeg child process (used by video-receive.ts). */
import { spawn, type ChildProcess } from 'node:child_process';

/** JPEG's end-of-image marker. ffmpeg's mjpeg output has no embedded thumbnail, so it ends each picture. */
const END_OF_IMAGE = Buffer.from([0xff, 0xd9]);

/**
 * One ffmpeg encoding `width` × `height` RGBA frames to JPEG. A frame written
 * while ffmpeg is still busy with earlier ones is dropped, so a slow machine
 * shows fewer pictures rather than older ones.
 */
export class MjpegEncoder {
  private readonly ffmpeg: ChildProcess;
  private pending = Buffer.alloc(0);

  constructor(
    readonly width: number,
    readonly height: number,
    onJpeg: (jpeg: Buffer) => void,
  ) {
    const input = ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-i', 'pipe:0'];
    const output = ['-f', 'mjpeg', '-q:v', '5', 'pipe:1'];
    this.ffmpeg = spawn('ffmpeg', ['-v', 'error', ...input, ...output], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.ffmpeg.stdin!.on('error', () => undefined); // ffmpeg stopped: close() already said why
    this.ffmpeg.stdout!.on('data', (data: Buffer) => {
      this.pending = Buffer.concat([this.pending, data]);
      for (let end = this.pending.indexOf(END_OF_IMAGE); end >= 0; end = this.pending.indexOf(END_OF_IMAGE)) {
        onJpeg(this.pending.subarray(0, end + 2));
        this.pending = this.pending.subarray(end + 2);
      }
    });
  }

  /** Queues one RGBA frame unless ffmpeg is still busy. */
  write(rgba: Buffer): void {
    if (this.ffmpeg.stdin!.writableLength === 0) this.ffmpeg.stdin!.write(rgba);
  }

  /** Ends ffmpeg's input; it exits after the last picture. */
  close(): void {
    this.ffmpeg.stdin!.end();
  }
}
