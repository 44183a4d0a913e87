/**
 * The deepgram engine against a local WebSocket server that speaks Deepgram's
 * streaming protocol (`/v1/listen`: settings as query parameters, `Token`
 * authorization, binary linear16 audio, `Results` JSON back, `CloseStream`),
 * with pocketsphinx doing the recognition behind it, so the words are real.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';

import { fliteSpeech } from '../../../test/helpers/pcm-signals';
import { waitFor } from '../../../test/helpers/process';
import type { AsrUtterance } from '../../src/services/transcription/asr-engine';
import { DeepgramEngine, deepgramQuery } from '../../src/services/transcription/deepgram-engine';
import { PocketsphinxEngine } from '../../src/services/transcription/pocketsphinx-engine';
import { SupervisedStream } from '../../src/services/transcription/supervised-stream';

const KEY = 'test-key';
const speech = Buffer.concat([fliteSpeech('the quick brown fox jumps over the lazy dog', 16000), Buffer.alloc(32000)]);

interface Seen {
  query: URLSearchParams;
  authorization: string | undefined;
  socket: WebSocket;
  audioBytes: number;
  texts: string[];
}

let wss: WebSocketServer;
let url: string;
const seen: Seen[] = [];

/** Deepgram's Results message for one pocketsphinx utterance. */
function results(u: AsrUtterance, isFinal: boolean): string {
  const words = (u.words ?? []).map((w) => ({
    word: w.word,
    start: w.start,
    end: w.end,
    confidence: w.confidence,
    punctuated_word: w.word,
  }));
  return JSON.stringify({
    type: 'Results',
    channel_index: [0, 1],
    start: u.start ?? 0,
    duration: (u.end ?? 0) - (u.start ?? 0),
    is_final: isFinal,
    speech_final: isFinal,
    channel: {
      alternatives: [
        { transcript: isFinal ? u.text : u.text.split(' ')[0], confidence: 0.9, words: isFinal ? words : [] },
      ],
    },
    metadata: { request_id: 'local', model_info: { name: 'pocketsphinx' } },
  });
}

beforeAll(async () => {
  wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    verifyClient: ({ req }, done) => done(req.headers.authorization === `Token ${KEY}`, 401, 'Unauthorized'),
  });
  wss.on('connection', (socket, req) => {
    const s: Seen = {
      query: new URL(req.url!, 'http://x').searchParams,
      authorization: req.headers.authorization,
      socket,
      audioBytes: 0,
      texts: [],
    };
    seen.push(s);
    const asr = new PocketsphinxEngine().open(
      {},
      {
        utterance: (u) => {
          socket.send(results(u, false)); // an interim result first: not a message
          socket.send(results(u, true));
        },
        failed: () => socket.close(1011, 'recognizer failed'),
      },
    );
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        s.audioBytes += (data as Buffer).length;
        asr.write(data as Buffer);
        return;
      }
      const msg = JSON.parse(data.toString()) as { type: string };
      s.texts.push(msg.type);
      if (msg.type === 'CloseStream') {
        asr.close();
        setTimeout(() => socket.close(1000), 1500);
      }
    });
    socket.on('close', () => asr.close());
  });
  await new Promise((r) => wss.once('listening', r));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/listen`;
});

afterAll(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise((r) => wss?.close(r));
});

function feed(write: (b: Buffer) => void): void {
  for (let i = 0; i < speech.length; i += 3200) write(speech.subarray(i, i + 3200));
}

describe('deepgram engine', () => {
  it('maps the settings one to one onto the query, with the audio format', () => {
    const q = deepgramQuery({
      language: 'en-US',
      model: 'nova-2',
      profanity_filter: true,
      redact: ['pci', 'ssn'],
      punctuate: true,
      endpointing: 300,
      includeRawResponse: true,
      extra: { diarize: true, keywords: ['fox:2', 'dog'] },
    });
    expect([...q.entries()]).toEqual([
      ['encoding', 'linear16'],
      ['sample_rate', '16000'],
      ['channels', '1'],
      ['language', 'en-US'],
      ['model', 'nova-2'],
      ['profanity_filter', 'true'],
      ['redact', 'pci'],
      ['redact', 'ssn'],
      ['punctuate', 'true'],
      ['endpointing', '300'],
      ['diarize', 'true'],
      ['keywords', 'fox:2'],
      ['keywords', 'dog'],
    ]);
    expect(() => new DeepgramEngine({ apiKey: KEY }).checkSettings({ extra: { nested: { a: 1 } } })).toThrow(
      /^settings\.extra\.nested: /,
    );
  });

  it('streams the audio with the key, turns final Results into utterances, and closes with CloseStream', async () => {
    const got: AsrUtterance[] = [];
    const failures: string[] = [];
    const stream = new DeepgramEngine({ apiKey: KEY, url }).open(
      { model: 'nova-2', punctuate: false },
      {
        utterance: (u) => got.push(u),
        failed: (r) => failures.push(r),
      },
    );
    feed((b) => stream.write(b));
    await waitFor('a final result', () => got.length > 0, 15_000);
    const s = seen.at(-1)!;
    expect(s.authorization).toBe(`Token ${KEY}`);
    expect(s.query.get('model')).toBe('nova-2');
    expect(s.query.get('punctuate')).toBe('false');
    expect(s.audioBytes).toBe(speech.length);
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toMatch(/quick brown fox/);
    expect(got[0]!.words!.map((w) => w.word).join(' ')).toBe(got[0]!.text);
    expect(got[0]!.raw).toMatchObject({ type: 'Results', is_final: true });
    stream.close();
    await waitFor('CloseStream sent', () => s.texts.includes('CloseStream'), 5000);
    await new Promise((r) => s.socket.once('close', r));
    expect(failures).toEqual([]);
  });

  it('reports a refused key as a failed stream', async () => {
    const failures: string[] = [];
    new DeepgramEngine({ apiKey: 'wrong', url }).open(
      {},
      { utterance: () => undefined, failed: (r) => failures.push(r) },
    );
    await waitFor('the refusal', () => failures.length > 0, 5000);
    expect(failures).toEqual(['Deepgram refused the stream: HTTP 401']);
  });

  it('comes back after the server drops the connection, and transcribes again', async () => {
    const got: AsrUtterance[] = [];
    const restarts: string[] = [];
    const stream = new SupervisedStream(
      new DeepgramEngine({ apiKey: KEY, url }),
      {},
      {
        utterance: (u) => got.push(u),
        restarting: (reason) => restarts.push(reason),
        lost: () => undefined,
      },
    );
    await waitFor('connected', () => seen.at(-1)?.socket.readyState === 1 && seen.length > 0, 5000);
    const first = seen.at(-1)!;
    first.socket.close(1011, 'internal error');
    await waitFor('reconnected', () => seen.at(-1) !== first, 5000);
    expect(restarts).toEqual(['Deepgram closed the stream (1011: internal error)']);
    feed((b) => stream.write(b));
    await waitFor('a result after the reconnect', () => got.length > 0, 15_000);
    expect(got[0]!.text).toMatch(/fox/);
    stream.close();
  });
});
