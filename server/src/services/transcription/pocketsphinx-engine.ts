/**
 * The default ASR engine: CMU pocketsphinx (Debian `pocketsphinx` +
 * `pocketsphinx-en-us`), one `pocketsphinx_continuous` per stream reading raw
 * PCM on stdin. With `-time yes` it prints each utterance as a text line
 * followed by one line per word (`word start end confidence`, `<s>` first and
 * `</s>` last), which gives the word timings of `rawResponse`.
 */
import type { TranscriptionSettings } from 'daily-node';
import { LineProcess } from './line-process';
import {
  ASR_SAMPLE_RATE,
  UnsupportedSettingError,
  refuseUnless,
  type AsrEngine,
  type AsrStream,
  type AsrStreamListener,
  type AsrWord,
} from './asr-engine';

/** Where `pocketsphinx-en-us` installs its model. */
export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const LANGUAGES = ['en', 'en-US', 'en-us'];
const MODEL = 'en-us';
/** pocketsphinx's own default end-of-utterance silence (`-vad_postspeech 50` frames of 10 ms). */
const DEFAULT_ENDPOINTING_MS = 500;
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/;

export interface PocketsphinxOptions {
  /** The executable (default `pocketsphinx_continuous` on PATH). */
  command?: string;
  modelDir?: string;
}

export class PocketsphinxEngine implements AsrEngine {
  readonly name = 'pocketsphinx';

  constructor(private readonly options: PocketsphinxOptions = {}) {}

  checkSettings(s: TranscriptionSettings): void {
    if (s.language !== undefined && !LANGUAGES.includes(s.language)) {
      throw new UnsupportedSettingError(
        'settings.language',
        `the pocketsphinx engine has an en-US model only (got ${JSON.stringify(s.language)})`,
      );
    }
    const model = s.model ?? s.tier;
    if (model !== undefined && model !== MODEL) {
      const key = s.model !== undefined ? 'settings.model' : 'settings.tier';
      throw new UnsupportedSettingError(
        key,
        `the pocketsphinx engine has the model "${MODEL}" only (got ${JSON.stringify(model)})`,
      );
    }
    refuseUnless(s, 'profanity_filter', [false], 'pocketsphinx', 'filter profanity');
    refuseUnless(s, 'redact', [false], 'pocketsphinx', 'redact');
    refuseUnless(s, 'punctuate', [false], 'pocketsphinx', 'punctuate');
    const extra = Object.keys(s.extra ?? {});
    if (extra.length > 0)
      throw new UnsupportedSettingError(`settings.extra.${extra[0]}`, 'the pocketsphinx engine takes no extra options');
  }

  describe(): { language: string; model: string } {
    return { language: 'en-US', model: MODEL };
  }

  open(settings: TranscriptionSettings, listener: AsrStreamListener): AsrStream {
    const dir = this.options.modelDir ?? POCKETSPHINX_MODEL_DIR;
    const ms = typeof settings.endpointing === 'number' ? settings.endpointing : DEFAULT_ENDPOINTING_MS;
    const args = [
      ...['-hmm', `${dir}/en-us`, '-lm', `${dir}/en-us.lm.bin`, '-dict', `${dir}/cmudict-en-us.dict`],
      ...['-samprate', String(ASR_SAMPLE_RATE), '-infile', '{input}', '-logfn', '/dev/null', '-time', 'yes'],
      ...['-vad_postspeech', String(Math.max(1, Math.round(ms / 10)))],
    ];
    const parser = new PocketsphinxOutput(listener);
    const proc = new LineProcess({
      command: this.options.command ?? 'pocketsphinx_continuous',
      args,
      fifoInput: true,
      onLine: (line) => parser.line(line),
      onExit: (reason) => listener.failed(reason),
    });
    return { write: (pcm) => proc.write(pcm), close: () => proc.close(), pid: proc.pid };
  }
}

/** Turns `pocketsphinx_continuous -time yes` lines into utterances. */
export class PocketsphinxOutput {
  private text: string | undefined;
  private words: AsrWord[] = [];

  constructor(private readonly listener: Pick<AsrStreamListener, 'utterance'>) {}

  line(raw: string): void {
    const line = raw.trim();
    const m = WORD_LINE.exec(line);
    if (!m) {
      this.flush();
      this.text = line;
      return;
    }
    const [, token, start, end, confidence] = m as unknown as [string, string, string, string, string];
    if (token === '</s>') {
      this.flush();
      return;
    }
    // <s>, <sil> and fillers like [noise] are not words; "hello(2)" is an alternative pronunciation.
    if (token.startsWith('<') || token.startsWith('[')) return;
    this.words.push({
      word: token.replace(/\(\d+\)$/, ''),
      start: Number(start),
      end: Number(end),
      confidence: Number(confidence),
    });
  }

  private flush(): void {
    const text = this.text;
    const words = this.words;
    this.text = undefined;
    this.words = [];
    if (!text) return;
    const start = words[0]?.start;
    const end = words.at(-1)?.end;
    this.listener.utterance({ text, start, end, words, raw: { engine: 'pocketsphinx', transcript: text, words } });
  }
}
