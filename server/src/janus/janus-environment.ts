/**
 * The environment of the embedded Janus: the server's own, plus a cap on
 * glibc's malloc arenas. Janus 1.x runs one thread per handle, so every bot
 * joining starts threads, and glibc gives busy threads arenas of their own (up
 * to 8 per core). Memory freed in an arena is kept for reuse there, so
 * under churn Janus's RSS crept up while its live objects stayed flat
 * (docs/architecture.md, "Janus memory under churn"). Two arenas keep that
 * free memory in fewer places at no measurable CPU cost.
 */

/** Arenas the embedded Janus's malloc may use, unless the server's environment says otherwise. */
export const JANUS_MALLOC_ARENA_MAX = '2';

/** The environment to start Janus with; a `MALLOC_ARENA_MAX` already set by the operator wins. */
export function janusEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (base.MALLOC_ARENA_MAX !== undefined) return base;
  return { ...base, MALLOC_ARENA_MAX: JANUS_MALLOC_ARENA_MAX };
}
