/** The renderer debug log line (loggingIntervalMs): what it counts, when it is written. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { RendererActivity } from '../../src/call/renderers/renderer-activity';
import { LogLevel } from '../../src/log-level';
import type { LogSink } from '../../src/sdk-log';

/** A sink at a chosen level that keeps the lines. */
function sink(level: LogLevel): LogSink & { lines: string[]; level: LogLevel } {
  const s = {
    lines: [] as string[],
    level,
    enabled: (l: LogLevel) => l !== LogLevel.Off && l <= s.level,
    write: (l: LogLevel, message: string) => s.lines.push(`${LogLevel[l]} ${message}`),
  };
  return s;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('RendererActivity', () => {
  it('writes one debug line per interval with the audio delivered in it', () => {
    const out = sink(LogLevel.Debug);
    const activity = new RendererActivity('audio renderer p/microphone', 'audio', 1000, out);
    for (let i = 0; i < 50; i++) activity.audioDelivered(320);
    vi.advanceTimersByTime(1000);
    activity.audioDelivered(320);
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(1000);
    expect(out.lines).toEqual([
      'Debug audio renderer p/microphone: 50 callbacks (16000 audio frames) delivered, 0 dropped in the last 1000 ms',
      'Debug audio renderer p/microphone: 1 callbacks (320 audio frames) delivered, 0 dropped in the last 1000 ms',
      'Debug audio renderer p/microphone: 0 callbacks (0 audio frames) delivered, 0 dropped in the last 1000 ms',
    ]);
    activity.stop();
  });

  it('counts video frames delivered and dropped', () => {
    const out = sink(LogLevel.Trace);
    const activity = new RendererActivity('video renderer p/camera', 'video', 500, out);
    for (let i = 0; i < 12; i++) activity.videoDelivered();
    activity.framesDropped(3);
    activity.framesDropped(0);
    vi.advanceTimersByTime(500);
    expect(out.lines).toEqual(['Debug video renderer p/camera: 12 frames delivered, 3 dropped in the last 500 ms']);
    activity.stop();
  });

  it('writes nothing below Debug, and each line covers only its own interval', () => {
    const out = sink(LogLevel.Info);
    const activity = new RendererActivity('video renderer p/camera', 'video', 1000, out);
    activity.videoDelivered();
    vi.advanceTimersByTime(1000);
    expect(out.lines).toEqual([]);
    out.level = LogLevel.Debug;
    activity.videoDelivered();
    vi.advanceTimersByTime(1000);
    expect(out.lines).toEqual(['Debug video renderer p/camera: 1 frames delivered, 0 dropped in the last 1000 ms']);
    activity.stop();
  });

  it('stops writing once stopped', () => {
    const out = sink(LogLevel.Debug);
    const activity = new RendererActivity('audio renderer p/microphone', 'audio', 1000, out);
    activity.stop();
    vi.advanceTimersByTime(5000);
    expect(out.lines).toEqual([]);
  });
});
