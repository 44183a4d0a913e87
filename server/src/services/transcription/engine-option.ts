/**
 * The `transcription` server option (`--transcription-engine`,
 * `--transcription-command`): which ASR engine transcribes, checked at start.
 */
import type { AsrEngine } from './asr-engine';
import { CommandEngine } from './command-engine';
import { DeepgramEngine } from './deepgram-engine';
import { PocketsphinxEngine } from './pocketsphinx-engine';

export const TRANSCRIPTION_ENGINES = ['pocketsphinx', 'command', 'deepgram'] as const;
export type TranscriptionEngineName = (typeof TRANSCRIPTION_ENGINES)[number];

/** Server option `transcription`. */
export interface TranscriptionOption {
  /** `pocketsphinx` (default), `command` or `deepgram`. */
  engine?: TranscriptionEngineName;
  /** The executable: `pocketsphinx_continuous` for pocketsphinx (default on PATH); required for `command`. */
  command?: string;
  /** Arguments of the `command` engine's executable. */
  args?: string[];
  /** Deepgram's API key (default: the environment variable `DEEPGRAM_API_KEY`). */
  apiKey?: string;
  /** Deepgram's streaming endpoint (default `wss://api.deepgram.com/v1/listen`). */
  url?: string;
}

/** Makes the engine of a checked option. */
export function createAsrEngine(o: TranscriptionOption): AsrEngine {
  if ((o.engine ?? 'pocketsphinx') === 'pocketsphinx')
    return new PocketsphinxEngine(o.command ? { command: o.command } : {});
  if (o.engine === 'deepgram') return new DeepgramEngine({ apiKey: o.apiKey!, ...(o.url ? { url: o.url } : {}) });
  return new CommandEngine({ command: o.command!, args: o.args ?? [] });
}
