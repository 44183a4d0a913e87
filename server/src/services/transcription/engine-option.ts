/**
 * The `transcription` server option (`--transcription-engine`,
 * `--transcription-command`): which ASR engine transcribes, checked at start.
 */
import type { AsrEngine } from './asr-engine';
import { CommandEngine } from './command-engine';
import { PocketsphinxEngine } from './pocketsphinx-engine';

export const TRANSCRIPTION_ENGINES = ['pocketsphinx', 'command'] as const;
export type TranscriptionEngineName = (typeof TRANSCRIPTION_ENGINES)[number];

/** Server option `transcription`. */
export interface TranscriptionOption {
  /** `pocketsphinx` (default) or `command`. */
  engine?: TranscriptionEngineName;
  /** The executable: `pocketsphinx_continuous` for pocketsphinx (default on PATH); required for `command`. */
  command?: string;
  /** Arguments of the `command` engine's executable. */
  args?: string[];
}

/** Makes the engine of a checked option. */
export function createAsrEngine(o: TranscriptionOption): AsrEngine {
  if ((o.engine ?? 'pocketsphinx') === 'pocketsphinx') return new PocketsphinxEngine(o.command ? { command: o.command } : {});
  return new CommandEngine({ command: o.command!, args: o.args ?? [] });
}
