/**
 * A bot kind on the benchmarks' command line: `ours`, `wrtc`, or `ours@<ms>`
 * (our bots publishing Opus frames of that duration, to compare it with the
 * default in the same run), optionally followed by engine settings as
 * `+lanes=<n>` (DAILY_NODE_ENGINE_TASK_LANES; 0 = a thread per libwebrtc task
 * queue, the old engine), `+jb=adaptive|low` (DAILY_NODE_JITTER_BUFFER) or
 * `+grid=<ms>` (DAILY_NODE_ENGINE_TIMER_GRID_MS; 0 = precise low-precision
 * timers, the engine before the grid), `+alloc=jemalloc|glibc`
 * (DAILY_NODE_ENGINE_ALLOCATOR) or `+rt=0|1` (DAILY_NODE_AUDIO_REALTIME: 0
 * keeps the audio clocks and lanes off SCHED_FIFO) or `+worker=shared|own`
 * (DAILY_NODE_ENGINE_WORKER: own = libwebrtc's worker on a thread of its own,
 * the engine before the shared worker) or `+ctlgrid=0|1`
 * (DAILY_NODE_ENGINE_CONTROLLER_ON_GRID: 0 = the transport controller's
 * tasks wake the lane, as before) or `+opus16k=0|1`
 * (DAILY_NODE_ENGINE_OPUS_AT_CAPTURE_RATE: 0 = Opus takes 48 kHz input for
 * every track, as before), for the same kind of A/B:
 * `ours+lanes=0`, `ours@20+jb=adaptive`, `ours+grid=0`, `ours+alloc=glibc`, `ours+rt=0`,
 * `ours+worker=own`, `ours+ctlgrid=0`, `ours+opus16k=0`.
 */
import type { WorkerArgs } from './worker-messages';

export interface KindSpec {
  /** As written (the row's label). */
  label: string;
  kind: WorkerArgs['kind'];
  frameDurationMs?: WorkerArgs['frameDurationMs'];
  engineEnv?: WorkerArgs['engineEnv'];
}

const ENGINE_SETTINGS: Record<string, { env: string; valid: (v: string) => boolean; expect: string }> = {
  lanes: { env: 'DAILY_NODE_ENGINE_TASK_LANES', valid: (v) => /^\d+$/.test(v), expect: 'a whole number' },
  jb: { env: 'DAILY_NODE_JITTER_BUFFER', valid: (v) => v === 'low' || v === 'adaptive', expect: "'low' or 'adaptive'" },
  grid: {
    env: 'DAILY_NODE_ENGINE_TIMER_GRID_MS',
    valid: (v) => /^\d+$/.test(v) && Number(v) <= 17,
    expect: 'a whole number from 0 to 17',
  },
  alloc: {
    env: 'DAILY_NODE_ENGINE_ALLOCATOR',
    valid: (v) => v === 'jemalloc' || v === 'glibc',
    expect: "'jemalloc' or 'glibc'",
  },
  rt: { env: 'DAILY_NODE_AUDIO_REALTIME', valid: (v) => v === '0' || v === '1', expect: "'0' or '1'" },
  ctlgrid: {
    env: 'DAILY_NODE_ENGINE_CONTROLLER_ON_GRID',
    valid: (v) => v === '0' || v === '1',
    expect: "'0' or '1'",
  },
  opus16k: {
    env: 'DAILY_NODE_ENGINE_OPUS_AT_CAPTURE_RATE',
    valid: (v) => v === '0' || v === '1',
    expect: "'0' or '1'",
  },
  worker: {
    env: 'DAILY_NODE_ENGINE_WORKER',
    valid: (v) => v === 'shared' || v === 'own',
    expect: "'shared' or 'own'",
  },
};

function parseEngineSettings(label: string, settings: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const setting of settings) {
    const [name, value] = setting.split('=');
    const spec = name === undefined ? undefined : ENGINE_SETTINGS[name];
    const known =
      'lanes=<n>, jb=low|adaptive, grid=<ms>, alloc=jemalloc|glibc, rt=0|1, ctlgrid=0|1, opus16k=0|1, worker=shared|own';
    if (!spec) throw new Error(`--kinds: '${label}': unknown engine setting '${setting}' (${known})`);
    if (value === undefined || !spec.valid(value))
      throw new Error(`--kinds: '${label}': ${name} must be ${spec.expect}, not '${value ?? ''}'`);
    env[spec.env] = value;
  }
  return env;
}

export function parseKinds(list: string): KindSpec[] {
  return list.split(',').map((label) => {
    const [base = '', ...settings] = label.split('+');
    const [kind, ms] = base.split('@');
    if (kind !== 'ours' && kind !== 'wrtc') throw new Error(`--kinds: unknown kind '${label}' (ours, ours@20, wrtc)`);
    if (kind !== 'ours' && settings.length > 0) throw new Error(`--kinds: '${label}': only ours takes engine settings`);
    const spec: KindSpec = { label, kind };
    if (settings.length > 0) spec.engineEnv = parseEngineSettings(label, settings);
    if (ms === undefined) return spec;
    if (kind !== 'ours' || ![10, 20, 40, 60].includes(Number(ms)))
      throw new Error(`--kinds: '${label}': only ours takes @10, @20, @40 or @60`);
    return { ...spec, frameDurationMs: Number(ms) as KindSpec['frameDurationMs'] };
  });
}
