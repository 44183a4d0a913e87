/**
 * Seeded, replayable property runs for the fuzz tests. The seed is printed;
 * DAILY_NODE_FUZZ_SEED replays a run, DAILY_NODE_FUZZ_RUNS sets how many
 * inputs each property tries (the soak run uses 100k, CI a few thousand).
 */
import fc from 'fast-check';

export interface FuzzParams {
  seed: number;
  numRuns: number;
}

/** The seed and count for the property `name`; prints how to replay it. */
export function fuzzParams(name: string, defaultRuns: number): FuzzParams {
  const fromEnv = process.env.DAILY_NODE_FUZZ_SEED;
  const seed = fromEnv !== undefined ? Number(fromEnv) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const numRuns = Number(process.env.DAILY_NODE_FUZZ_RUNS ?? defaultRuns);
  console.log(`[fuzz] ${name}: ${numRuns} runs, seed ${seed} (replay: DAILY_NODE_FUZZ_SEED=${seed})`);
  return { seed, numRuns };
}

/** JSON values of any shape, including deep nesting and long strings. */
export const anyJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.nat({ max: 2000 }).map((depth) => nest(depth)),
    fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
    fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 53, '', [], {}, { __proto__: { polluted: true } }),
  );

/** `[[[...]]]` nested `depth` deep. */
export function nest(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Replaces one value somewhere inside `value` by `replacement` (picked by `path`). */
export function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[path[0] % entries.length];
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value };
  copy[key] = mutate(child, path.slice(1), replacement);
  return copy;
}
