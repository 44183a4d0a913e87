/**
 * Audio/video sync measurement: a sender shows a white flash on a black
 * camera and starts a beep on its microphone at the same instant, once a
 * period; in a recorded file, ffmpeg's signalstats (picture brightness) and
 * astats (sound level) find each flash and beep, and their pairing gives the
 * file's A/V offset.
 */
import { execFileSync } from 'node:child_process';
import { tone } from './audio';
import { makeFrame, type Rgb } from './video-pixels';

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];
/** How long each flash and beep lasts (several frames at 30 fps, so every recording rate sees it). */
export const FLASH_MS = 150;
const BEEP_HZ = 1000;

/** The writers a flash/beep sender drives (a camera device's and a microphone's). */
export interface FlashBeepTarget {
  width: number;
  height: number;
  writePicture(rgba: Buffer): void;
  /** Writes PCM without waiting; `played` runs when it has been played out. */
  writeSound(pcm: Int16Array, played?: () => void): void;
  sampleRate: number;
}

export interface FlashBeepSender {
  /** performance.now() of each flash (and beep start), in order. */
  readonly sentAt: number[];
  stop(): void;
}

/**
 * Sends `count` flash+beep pairs, one every `periodMs`, on a steady black
 * picture at `fps`. The sound is the clock: silence is queued up to the
 * instant, the beep right behind it, and the flash is written when the
 * silence has been played out, i.e. as the beep starts playing.
 */
export function sendFlashBeeps(target: FlashBeepTarget, count: number, periodMs = 1000, fps = 30): FlashBeepSender {
  const black = makeFrame({ ...target, background: BLACK, block: BLACK, bx: 0, by: 0, size: 0 }, 'RGBA');
  const white = makeFrame({ ...target, background: WHITE, block: WHITE, bx: 0, by: 0, size: 0 }, 'RGBA');
  let whiteUntil = 0;
  const picture = (): Buffer => (performance.now() < whiteUntil ? white : black);
  const timer = setInterval(() => target.writePicture(picture()), 1000 / fps);
  const sentAt: number[] = [];
  const gap = new Int16Array(Math.round(((periodMs - FLASH_MS) * target.sampleRate) / 1000));
  const beep = tone(BEEP_HZ, FLASH_MS, target.sampleRate, 0.5);
  let stopped = false;
  const flash = (): void => {
    if (stopped) return;
    sentAt.push(performance.now());
    whiteUntil = performance.now() + FLASH_MS;
    target.writePicture(white);
  };
  for (let i = 0; i < count; i++) {
    target.writeSound(gap, flash);
    target.writeSound(beep);
  }
  return {
    sentAt,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** Rising edges of `values` through `mid`, as times from `times`, at least `refractoryS` apart. */
function risingEdges(times: number[], values: number[], mid: number, refractoryS: number): number[] {
  const edges: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const rises = values[i - 1]! < mid && values[i]! >= mid;
    if (rises && (edges.length === 0 || times[i]! - edges.at(-1)! > refractoryS)) edges.push(times[i]!);
  }
  return edges;
}

/** One number per frame of a lavfi source: `[pts_time, value]` rows from ffprobe's CSV. */
function lavfiSeries(graph: string, tag: string): { times: number[]; values: number[] } {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-f', 'lavfi', '-i', graph, '-show_entries', `frame=pts_time:frame_tags=${tag}`, '-of', 'csv=p=0'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const times: number[] = [];
  const values: number[] = [];
  for (const line of out.toString().split('\n')) {
    const [t, v] = line.split(',');
    if (t === undefined || v === undefined || t === '' || v === '') continue;
    const value = v === '-inf' ? -Infinity : Number(v);
    if (!Number.isFinite(Number(t)) || Number.isNaN(value)) continue;
    times.push(Number(t));
    values.push(value);
  }
  return { times, values };
}

/** Average luma between black's (16) and white's (235) in a frame where the sender's camera fills the height. */
const FLASH_LUMA = 80;
/** Sound level (dBFS, 10 ms RMS) a beep (-9 dBFS) crosses and codec noise does not. */
const BEEP_DBFS = -30;

/** Times (s, in the file's timeline) at which the picture turns bright. */
export function flashTimes(file: string): number[] {
  const s = lavfiSeries(`movie=${file},signalstats`, 'lavfi.signalstats.YAVG');
  return risingEdges(s.times, s.values, FLASH_LUMA, 0.5);
}

/** Times (s, in the file's timeline) at which a beep starts (10 ms windows at 48 kHz). */
export function beepTimes(file: string): number[] {
  const s = lavfiSeries(
    `amovie=${file},aresample=48000,asetnsamples=n=480,astats=metadata=1:reset=1`,
    'lavfi.astats.Overall.RMS_level',
  );
  return risingEdges(s.times, s.values, BEEP_DBFS, 0.5);
}

/**
 * The A/V offset of each flash that has a beep within half a second, in
 * milliseconds: positive when the sound comes after the picture.
 */
export function avOffsetsMs(file: string): number[] {
  const beeps = beepTimes(file);
  const offsets: number[] = [];
  for (const f of flashTimes(file)) {
    const nearest = beeps.reduce((best, b) => (Math.abs(b - f) < Math.abs(best - f) ? b : best), Infinity);
    if (Math.abs(nearest - f) < 0.5) offsets.push((nearest - f) * 1000);
  }
  return offsets;
}
