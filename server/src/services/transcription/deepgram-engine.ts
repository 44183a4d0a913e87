/**
 * The `deepgram` ASR engine: Deepgram's streaming API (`/v1/listen` over a
 * WebSocket), one connection per transcribed participant, for users with a
 * key. TranscriptionSettings map one to one onto its query parameters (they
 * are Deepgram's own names, as daily-python's are): `language`, `model`,
 * `tier`, `profanity_filter`, `redact` (repeated for a list), `punctuate`,
 * `endpointing` (ms, or false), and every `extra` key. Audio goes as binary
 * frames of 16 kHz mono linear16; each final, non-empty `Results` message is
 * one utterance (its whole JSON is the raw response). A connection that
 * closes unexpectedly is a failed stream (restarted by the supervisor).
 */
import type { TranscriptionSettings } from 'daily-node';
import WebSocket from 'ws';
import {
  ASR_SAMPLE_RATE,
  UnsupportedSettingError,
  type AsrEngine,
  type AsrStream,
  type AsrStreamListener,
  type AsrWord,
} from './asr-engine';

export const DEEPGRAM_URL = 'wss://api.deepgram.com/v1/listen';
/** Deepgram closes a stream that gets no audio for 10 s; silence is audio, but a muted gap is not. */
const KEEPALIVE_MS = 5000;

export interface DeepgramOptions {
  apiKey: string;
  /** The streaming endpoint (default Deepgram's); tests point it at a local server. */
  url?: string;
}

type Scalar = string | number | boolean;

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** The query string of a stream: the audio format, then the settings one to one. */
export function deepgramQuery(s: TranscriptionSettings): URLSearchParams {
  const q = new URLSearchParams({ encoding: 'linear16', sample_rate: String(ASR_SAMPLE_RATE), channels: '1' });
  const put = (key: string, value: Scalar | Scalar[] | undefined): void => {
    if (value === undefined) return;
    for (const v of Array.isArray(value) ? value : [value]) q.append(key, String(v));
  };
  put('language', s.language);
  put('model', s.model);
  put('tier', s.tier);
  put('profanity_filter', s.profanity_filter);
  put('redact', s.redact);
  put('punctuate', s.punctuate);
  put('endpointing', s.endpointing);
  for (const [key, value] of Object.entries(s.extra ?? {})) put(key, value as Scalar | Scalar[]);
  return q;
}

interface DeepgramWord {
  word?: string;
  punctuated_word?: string;
  start?: number;
  end?: number;
  confidence?: number;
}

interface DeepgramResults {
  type?: string;
  is_final?: boolean;
  start?: number;
  duration?: number;
  channel?: { alternatives?: Array<{ transcript?: string; words?: DeepgramWord[] }> };
}

export class DeepgramEngine implements AsrEngine {
  readonly name = 'deepgram';

  constructor(private readonly options: DeepgramOptions) {}

  checkSettings(s: TranscriptionSettings): void {
    for (const [key, value] of Object.entries(s.extra ?? {})) {
      const ok = isScalar(value) || (Array.isArray(value) && value.every(isScalar));
      if (!ok)
        throw new UnsupportedSettingError(
          `settings.extra.${key}`,
          'Deepgram options are strings, numbers, booleans or lists of them',
        );
    }
  }

  describe(s: TranscriptionSettings): { language: string; model: string } {
    return { language: s.language ?? 'en', model: s.model ?? s.tier ?? 'base' };
  }

  open(settings: TranscriptionSettings, listener: AsrStreamListener): AsrStream {
    const url = `${this.options.url ?? DEEPGRAM_URL}?${deepgramQuery(settings).toString()}`;
    const socket = new WebSocket(url, { headers: { authorization: `Token ${this.options.apiKey}` } });
    let closing = false;
    let failed = false;
    const fail = (reason: string): void => {
      if (failed || closing) return;
      failed = true;
      clearInterval(keepAlive);
      socket.terminate();
      listener.failed(reason);
    };
    const keepAlive = setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'KeepAlive' }));
    }, KEEPALIVE_MS);
    keepAlive.unref();
    socket.on('unexpected-response', (_req, res) => fail(`Deepgram refused the stream: HTTP ${res.statusCode}`));
    socket.on('error', (e) => fail(`Deepgram connection failed: ${e.message}`));
    socket.on('close', (code, reason) => {
      clearInterval(keepAlive);
      fail(`Deepgram closed the stream (${code}${reason.length ? `: ${reason.toString()}` : ''})`);
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: DeepgramResults;
      try {
        msg = JSON.parse(data.toString()) as DeepgramResults;
      } catch {
        return;
      }
      const alt = msg.channel?.alternatives?.[0];
      const text = alt?.transcript?.trim();
      if (msg.type !== 'Results' || !msg.is_final || !text) return;
      const words: AsrWord[] = (alt?.words ?? []).map((w) => ({
        word: w.punctuated_word ?? w.word ?? '',
        start: w.start ?? 0,
        end: w.end ?? 0,
        confidence: w.confidence ?? 0,
      }));
      const start = words[0]?.start ?? msg.start;
      const end =
        words.at(-1)?.end ??
        (msg.start !== undefined && msg.duration !== undefined ? msg.start + msg.duration : undefined);
      listener.utterance({ text, start, end, words, raw: msg as Record<string, unknown> });
    });
    /** Audio before the socket opens is held (a second or so of the handshake). */
    const early: Buffer[] = [];
    socket.once('open', () => {
      for (const b of early.splice(0)) socket.send(b);
    });
    return {
      write: (pcm) => {
        if (closing || failed) return;
        if (socket.readyState === WebSocket.OPEN) socket.send(pcm);
        else if (socket.readyState === WebSocket.CONNECTING && early.length < 100) early.push(Buffer.from(pcm));
      },
      close: () => {
        if (closing) return;
        closing = true;
        clearInterval(keepAlive);
        // Deepgram sends the last results, then closes.
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'CloseStream' }));
        else socket.terminate();
        setTimeout(() => socket.terminate(), 5000).unref();
      },
    };
  }
}
