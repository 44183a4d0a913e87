/**
 * A bot kind on the benchmarks' command line: `ours`, `wrtc`, or `ours@<ms>`
 * (our bots publishing Opus frames of that duration, to compare it with the
 * default in the same run).
 */
import type { WorkerArgs } from './worker-messages';

export interface KindSpec {
  /** As written (the row's label). */
  label: string;
  kind: WorkerArgs['kind'];
  frameDurationMs?: WorkerArgs['frameDurationMs'];
}

export function parseKinds(list: string): KindSpec[] {
  return list.split(',').map((label) => {
    const [kind, ms] = label.split('@');
    if (kind !== 'ours' && kind !== 'wrtc') throw new Error(`--kinds: unknown kind '${label}' (ours, ours@20, wrtc)`);
    if (ms === undefined) return { label, kind };
    const frameDurationMs = Number(ms) as KindSpec['frameDurationMs'];
    if (kind !== 'ours' || ![10, 20, 40, 60].includes(Number(ms)))
      throw new Error(`--kinds: '${label}': only ours takes @10, @20, @40 or @60`);
    return { label, kind, frameDurationMs };
  });
}
