/**
 * The `command` ASR engine: any executable that speaks this line protocol
 * (documented in server/README.md), so users can plug in the recognizer they
 * run (whisper.cpp, vosk, ...):
 * - one process per transcribed participant, started as `command ...args`
 *   with the TranscriptionSettings as JSON in `DAILY_NODE_TRANSCRIPTION_SETTINGS`;
 * - stdin: raw PCM, 16 kHz, mono, signed 16-bit little endian, in real time;
 *   end of input = the stream is over (flush and exit);
 * - stdout: one JSON object per finished utterance,
 *   `{"text": "...", "start": 1.2, "end": 2.5}` (`start`/`end` optional, in
 *   seconds from the first sample; any other keys travel in `rawResponse`).
 *   Other lines are ignored.
 */
import type { TranscriptionSettings } from 'daily-node';
import { LineProcess } from './line-process';
import {
  UnsupportedSettingError,
  type AsrEngine,
  type AsrStream,
  type AsrStreamListener,
  type AsrUtterance,
} from './asr-engine';

/** Environment variable holding the settings as JSON. */
export const SETTINGS_ENV = 'DAILY_NODE_TRANSCRIPTION_SETTINGS';

export interface CommandEngineOptions {
  command: string;
  args?: string[];
  /** Language and model reported in TranscriptionStatus when the settings name none. */
  language?: string;
  model?: string;
}

export class CommandEngine implements AsrEngine {
  readonly name = 'command';

  constructor(private readonly options: CommandEngineOptions) {}

  checkSettings(s: TranscriptionSettings): void {
    // The executable gets every setting; only what cannot be sent as JSON is refused here.
    for (const [key, value] of Object.entries(s.extra ?? {})) {
      if (value === undefined) throw new UnsupportedSettingError(`settings.extra.${key}`, 'must be a JSON value');
    }
  }

  describe(s: TranscriptionSettings): { language: string; model: string } {
    return {
      language: s.language ?? this.options.language ?? 'en-US',
      model: s.model ?? s.tier ?? this.options.model ?? this.options.command,
    };
  }

  open(settings: TranscriptionSettings, listener: AsrStreamListener): AsrStream {
    const proc = new LineProcess({
      command: this.options.command,
      args: this.options.args ?? [],
      env: { ...process.env, [SETTINGS_ENV]: JSON.stringify(settings) },
      onLine: (line) => {
        const u = parseCommandLine(line);
        if (u) listener.utterance(u);
      },
      onExit: (reason) => listener.failed(reason),
    });
    return { write: (pcm) => proc.write(pcm), close: () => proc.close(), pid: proc.pid };
  }
}

/** One stdout line → an utterance, or undefined for anything else. */
export function parseCommandLine(line: string): AsrUtterance | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.text !== 'string' || raw.text.trim() === '') return undefined;
  const seconds = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
  return { text: raw.text.trim(), start: seconds(raw.start), end: seconds(raw.end), raw };
}
