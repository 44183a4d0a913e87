/**
 * NativeVad throughput: 10 ms frames per second on one core, through the
 * public API (N-API included), against the `webrtcvad` npm package in the
 * same run, and the raw C VAD from a C++ micro-benchmark for scale.
 *
 *   npm run bench:vad [-- <seconds per case, default 6>]
 *
 * Every case analyses the same 16 kHz flite speech, frame by frame, in
 * alternating rounds; each case's best round is reported, so a burst of load
 * from elsewhere on the machine does not decide the comparison.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import WebRtcVadPeer from 'webrtcvad';

import { Daily } from '../src';
import { fliteSpeech, frames10ms } from '../test/helpers/pcm-signals';

const RATE = 16000;
const ROUNDS = 6;
const secondsPerCase = Number(process.argv[2] ?? 6);
const TEXT =
  'Voice activity detection decides, ten milliseconds at a time, whether someone is speaking. ' +
  'This sentence gives it speech, pauses and the silence in between to work on.';

type Analyze = (frame: Buffer) => number | boolean;

/** Frames per second of `analyze` over `frames`, run for about `seconds`. */
function framesPerSecond(frames: Buffer[], seconds: number, analyze: Analyze): number {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let done = 0;
  let speech = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < frames.length; i++) if (analyze(frames[i]!)) speech++;
    done += frames.length;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  if (speech < 0) console.log(speech); // keeps the results observable
  return done / elapsed;
}

interface CFigures {
  raw: number;
  rawResetEvery100Frames: number;
  analyzer: number;
  analyzerNeverReset: number;
}

function cFigures(pcm: Buffer, seconds: number): CFigures | string {
  const binary = path.resolve(__dirname, '..', 'build', 'Release', 'daily-node-vad-bench');
  if (!fs.existsSync(binary)) return `not built (${binary}); run npm run build:native`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-vad-bench-'));
  try {
    const file = path.join(dir, 'speech.raw');
    fs.writeFileSync(file, pcm);
    return JSON.parse(execFileSync(binary, [file, String(RATE), String(seconds)], { encoding: 'utf8' })) as CFigures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function line(label: string, fps: number, reference?: number): string {
  const ratio = reference ? `  ${(fps / reference).toFixed(2)}x webrtcvad` : '';
  return `${label.padEnd(52)} ${(fps / 1e6).toFixed(3)} M frames/s  ${(1e9 / fps).toFixed(0).padStart(5)} ns/frame${ratio}`;
}

function main(): void {
  const pcm = fliteSpeech(TEXT, RATE);
  const frames = frames10ms(pcm, RATE);
  const nativeDefault = Daily.createNativeVad({ sampleRate: RATE });
  const nativeNoReset = Daily.createNativeVad({ sampleRate: RATE, resetPeriodMs: 86_400_000 });
  const peer = new WebRtcVadPeer(RATE, 1); // same WebRTC mode as NativeVad

  const cases: Array<[string, Analyze]> = [
    ['NativeVad.analyzeFrames (resetPeriodMs 1000, default)', (f) => nativeDefault.analyzeFrames(f)],
    ['NativeVad.analyzeFrames (never reset, like the peer)', (f) => nativeNoReset.analyzeFrames(f)],
    ['webrtcvad npm package (process)', (f) => peer.process(f)],
  ];
  const best = cases.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    cases.forEach(([, analyze], i) => {
      best[i] = Math.max(best[i]!, framesPerSecond(frames, secondsPerCase / ROUNDS, analyze));
    });
  }
  const c = cFigures(pcm, secondsPerCase);

  console.log(
    `NativeVad benchmark: ${frames.length} frames of ${RATE / 1000} kHz flite speech, one core, best of ${ROUNDS} rounds`,
  );
  const peerFps = best[2]!;
  cases.forEach(([label], i) => console.log(line(label, best[i]!, i < 2 ? peerFps : undefined)));
  if (typeof c === 'string') {
    console.log(`C++ micro-benchmark: ${c}`);
    return;
  }
  console.log(line('C++ raw WebRtcVad_Process', c.raw));
  console.log(line('C++ raw WebRtcVad_Process, re-initialised every 1 s', c.rawResetEvery100Frames));
  console.log(line('C++ VadAnalyzer::Analyze (NativeVad minus N-API)', c.analyzer));
  console.log(line('C++ VadAnalyzer::Analyze, never reset', c.analyzerNeverReset));
  const ns = (fps: number): number => 1e9 / fps;
  console.log(
    `per frame: the 1 s reset costs the VAD itself ${(ns(c.rawResetEvery100Frames) - ns(c.raw)).toFixed(0)} ns; ` +
      `the confidence ${(ns(c.analyzerNeverReset) - ns(c.raw)).toFixed(0)} ns; ` +
      `the N-API call ${(ns(best[1]!) - ns(c.analyzerNeverReset)).toFixed(0)} ns`,
  );
}

main();
