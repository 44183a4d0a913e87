/**
 * The parts of transcription that need no call: pocketsphinx's output parser
 * (on the real program's output), the command engine's line parser, settings
 * checks, WebVTT, and the supervisor's restart policy (with an engine whose
 * streams fail on demand: the boundary under test is the policy, not a process).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { fliteSpeech } from '../../../test/helpers/pcm-signals';
import { isProcessAlive, waitForProcessGone } from '../../../test/helpers/process';
import type { AsrEngine, AsrStreamListener, AsrUtterance } from '../../src/services/transcription/asr-engine';
import { parseCommandLine } from '../../src/services/transcription/command-engine';
import {
  POCKETSPHINX_MODEL_DIR,
  PocketsphinxEngine,
  PocketsphinxOutput,
} from '../../src/services/transcription/pocketsphinx-engine';
import { MAX_QUICK_FAILURES, SupervisedStream } from '../../src/services/transcription/supervised-stream';
import { toWebVtt } from '../../src/services/transcription/webvtt';

describe('pocketsphinx output', () => {
  it("turns the real program's -time yes output into utterances with word timings", () => {
    const pcm = Buffer.concat([fliteSpeech('the quick brown fox jumps over the lazy dog', 16000), Buffer.alloc(32000)]);
    const M = POCKETSPHINX_MODEL_DIR;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-ps-'));
    const raw = path.join(dir, 'speech.raw');
    fs.writeFileSync(raw, pcm);
    const args = [
      '-hmm',
      `${M}/en-us`,
      '-lm',
      `${M}/en-us.lm.bin`,
      '-dict',
      `${M}/cmudict-en-us.dict`,
      '-infile',
      raw,
      '-logfn',
      '/dev/null',
    ];
    const out = execFileSync('pocketsphinx_continuous', [...args, '-time', 'yes']).toString();
    fs.rmSync(dir, { recursive: true });
    const got: AsrUtterance[] = [];
    const parser = new PocketsphinxOutput({ utterance: (u) => got.push(u) });
    for (const line of out.split('\n')) parser.line(line);
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toMatch(/quick brown fox/);
    const words = got[0]!.words!;
    expect(words.map((w) => w.word).join(' ')).toBe(got[0]!.text);
    expect(words.every((w) => w.end > w.start && w.confidence >= 0 && w.confidence <= 1.0002)).toBe(true);
    expect(got[0]!.start).toBe(words[0]!.start);
  });

  it('strips alternative pronunciations and fillers, and skips empty utterances', () => {
    const got: AsrUtterance[] = [];
    const parser = new PocketsphinxOutput({ utterance: (u) => got.push(u) });
    for (const line of [
      '',
      '<s> 0.000 0.090 1.000',
      '</s> 0.100 0.200 1.000',
      'hello',
      '<s> 1.0 1.1 1.0',
      'hello(2) 1.100 1.600 0.528',
      '[noise] 1.6 1.7 1.0',
      '</s> 1.7 1.8 1.0',
    ]) {
      parser.line(line);
    }
    expect(got).toHaveLength(1);
    expect(got[0]!.words).toEqual([{ word: 'hello', start: 1.1, end: 1.6, confidence: 0.528 }]);
  });

  it('leaves no process behind when a stream closes before the engine opened its input', async () => {
    const failures: string[] = [];
    const stream = new PocketsphinxEngine().open({}, { utterance: () => undefined, failed: (r) => failures.push(r) });
    const pid = stream.pid!;
    expect(isProcessAlive(pid)).toBe(true);
    stream.close(); // at once: pocketsphinx is still loading its model
    await waitForProcessGone(pid, 5000);
    expect(failures).toEqual([]);
  });

  it('leaves no process behind when the server process exits with streams open', async () => {
    const engine = path.join(__dirname, '../../src/services/transcription/pocketsphinx-engine.ts');
    const code = [
      `const { PocketsphinxEngine } = require(${JSON.stringify(engine)});`,
      'const s = new PocketsphinxEngine().open({}, { utterance() {}, failed() {} });',
      'console.log(s.pid); s.close(); process.exit(0);',
    ].join('\n');
    const out = execFileSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '-T', '-e', code]).toString();
    await waitForProcessGone(Number(out.trim()), 3000);
  });

  it('refuses settings it cannot honour, naming the key', () => {
    const e = new PocketsphinxEngine();
    expect(() =>
      e.checkSettings({ language: 'en-US', model: 'en-us', punctuate: false, endpointing: 300 }),
    ).not.toThrow();
    expect(() => e.checkSettings({ profanity_filter: true })).toThrow(/^settings\.profanity_filter: /);
    expect(() => e.checkSettings({ redact: ['pci'] })).toThrow(/^settings\.redact: /);
    expect(() => e.checkSettings({ tier: 'nova' })).toThrow(/^settings\.tier: /);
    expect(() => e.checkSettings({ extra: { diarize: true } })).toThrow(/^settings\.extra\.diarize: /);
  });
});

describe('command engine lines', () => {
  it('takes JSON objects with text; keeps every key as the raw response; ignores the rest', () => {
    expect(parseCommandLine('{"text":" hi there ","start":1.5,"end":2,"confidence":0.9}')).toEqual({
      text: 'hi there',
      start: 1.5,
      end: 2,
      raw: { text: ' hi there ', start: 1.5, end: 2, confidence: 0.9 },
    });
    expect(parseCommandLine('{"text":"x","start":-1}')?.start).toBeUndefined();
    for (const line of ['', 'hello', '[1]', '{"text":""}', '{"text":3}', 'null'])
      expect(parseCommandLine(line)).toBeUndefined();
  });
});

describe('WebVTT', () => {
  it('has one cue per utterance with times from the start and the speaker as voice', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const vtt = toWebVtt(t0, [
      { participantId: 'p1', userName: 'Alice', text: 'hello <world> & co', startMs: t0 + 1500, endMs: t0 + 3250 },
      { participantId: 'p2', userName: '', text: 'bye', startMs: t0 + 3_723_004, endMs: null },
    ]);
    expect(vtt).toBe(
      'WEBVTT\n\n1\n00:00:01.500 --> 00:00:03.250\n<v Alice>hello &lt;world&gt; &amp; co</v>\n\n' +
        '2\n01:02:03.004 --> 01:02:05.004\n<v p2>bye</v>\n',
    );
  });
});

describe('supervised ASR stream', () => {
  afterEach(() => vi.useRealTimers());

  /** An engine whose streams the test fails at will. */
  function failingEngine(): { engine: AsrEngine; listeners: AsrStreamListener[] } {
    const listeners: AsrStreamListener[] = [];
    const engine: AsrEngine = {
      name: 'test',
      checkSettings: () => undefined,
      describe: () => ({ language: 'en', model: 'm' }),
      open: (_s, l) => {
        listeners.push(l);
        return { write: () => undefined, close: () => undefined };
      },
    };
    return { engine, listeners };
  }

  it('restarts with growing delays, then gives up after repeated quick failures', () => {
    vi.useFakeTimers();
    const { engine, listeners } = failingEngine();
    const restarts: number[] = [];
    const lost: string[] = [];
    new SupervisedStream(
      engine,
      {},
      { utterance: () => undefined, restarting: (_r, n) => restarts.push(n), lost: (r) => lost.push(r) },
    );
    const delays: number[] = [];
    for (let i = 0; i < MAX_QUICK_FAILURES; i++) {
      listeners.at(-1)!.failed('crashed');
      const before = Date.now();
      const opened = listeners.length;
      while (listeners.length === opened) vi.advanceTimersByTime(10);
      delays.push(Date.now() - before);
    }
    expect(restarts).toEqual([1, 2, 3, 4, 5]);
    expect(delays).toEqual([250, 500, 1000, 2000, 4000]);
    listeners.at(-1)!.failed('crashed');
    expect(lost).toEqual(['crashed (gave up after 5 restarts)']);
  });

  it('counts a failure after a long run as the first again', () => {
    vi.useFakeTimers();
    const { engine, listeners } = failingEngine();
    const restarts: number[] = [];
    new SupervisedStream(
      engine,
      {},
      { utterance: () => undefined, restarting: (_r, n) => restarts.push(n), lost: () => undefined },
    );
    listeners.at(-1)!.failed('crashed');
    vi.advanceTimersByTime(250);
    vi.advanceTimersByTime(10_000);
    listeners.at(-1)!.failed('crashed');
    expect(restarts).toEqual([1, 1]);
  });

  it('stamps utterances with the wall-clock time of their first sample', () => {
    const { engine, listeners } = failingEngine();
    const got: number[] = [];
    const s = new SupervisedStream(
      engine,
      {},
      { utterance: (_u, at) => got.push(at), restarting: () => undefined, lost: () => undefined },
    );
    s.write(Buffer.alloc(320), 1_000_000);
    s.write(Buffer.alloc(320), 1_000_020);
    listeners[0]!.utterance({ text: 'x', start: 2.5, raw: {} });
    expect(got).toEqual([1_002_500]);
  });
});
