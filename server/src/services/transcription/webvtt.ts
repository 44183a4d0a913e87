/**
 * A kept transcript as WebVTT: one cue per utterance, times from the start of
 * the transcription, the speaker's name as a voice tag (`<v Alice>`).
 */
import type { TranscriptLine } from '../../storage/transcript-store';

/** Cue length when the engine gave no end time. */
const DEFAULT_CUE_MS = 2000;

function clock(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const [h, m, sec] = [Math.floor(t / 3_600_000), Math.floor(t / 60_000) % 60, Math.floor(t / 1000) % 60];
  return `${pad(h)}:${pad(m)}:${pad(sec)}.${pad(t % 1000, 3)}`;
}

/** Cue text may not hold `-->`, and `<`, `&` are markup. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Speaker names go inside the voice tag, whose annotation ends at `>`. */
function voiceName(name: string, participantId: string): string {
  const clean = name.replace(/[<>&\r\n]/g, ' ').trim();
  return clean === '' ? participantId : clean;
}

export function toWebVtt(startedAt: number, lines: TranscriptLine[]): string {
  const cues = lines.map((l, i) => {
    const start = l.startMs - startedAt;
    const end = l.endMs !== null && l.endMs > l.startMs ? l.endMs - startedAt : start + DEFAULT_CUE_MS;
    const voice = voiceName(l.userName, l.participantId);
    return `${i + 1}\n${clock(start)} --> ${clock(end)}\n<v ${voice}>${escape(l.text)}</v>\n`;
  });
  return ['WEBVTT\n', ...cues].join('\n');
}
