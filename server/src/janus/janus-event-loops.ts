/**
 * How many event-loop threads the embedded Janus shares among its handles
 * (its `event_loops` setting). Left unset, Janus starts one thread per handle,
 * and every such thread that runs an ICE check has libnice ask GnuTLS for
 * random bytes; the GnuTLS of Debian 12 (3.7.9) keeps each thread's random
 * generator until the process exits. Under bot churn that was Janus's slow
 * creep (a jemalloc heap profile: `gnutls_rnd` under `stun_agent_init_request`
 * was most of the growth). With a fixed set of loop threads the generators
 * are made once, and Janus no longer starts and stops a thread per bot.
 * docs/architecture.md, "Janus memory under churn".
 */
import * as os from 'node:os';

/** Environment variable that sets the count when the server options do not. */
export const JANUS_EVENT_LOOPS_ENV = 'DAILY_NODE_JANUS_EVENT_LOOPS';

/** The most loop threads accepted (Janus itself takes any count; more than the cores buys nothing). */
export const MAX_JANUS_EVENT_LOOPS = 64;

/** The default: one loop per core the process may use, at most 16, at least 1. */
export function defaultEventLoops(cores: number = os.availableParallelism()): number {
  return Math.min(16, Math.max(1, Math.floor(cores)));
}

/** A whole-number string (an environment variable's) as a number; anything else as it is. */
function asCount(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
}

/** Why `value` is no loop count, or undefined when it is one. 0 keeps Janus's own way: a thread per handle. */
export function eventLoopsProblem(value: unknown): string | undefined {
  const n = asCount(value);
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_JANUS_EVENT_LOOPS) return undefined;
  return `must be an integer from 0 to ${MAX_JANUS_EVENT_LOOPS} (0: a thread per handle; got ${JSON.stringify(value)})`;
}

/** `value` as a loop count, or an error naming `field`. */
export function checkEventLoops(value: unknown, field: string): number {
  const problem = eventLoopsProblem(value);
  if (problem) throw new Error(`${field}: ${problem}`);
  return asCount(value) as number;
}

/** The count asked for: the option, else DAILY_NODE_JANUS_EVENT_LOOPS, else one per core. Throws on a bad value. */
export function requestedEventLoops(option: unknown, env: NodeJS.ProcessEnv = process.env): number {
  if (option !== undefined) return checkEventLoops(option, 'janus.eventLoops');
  const fromEnv = env[JANUS_EVENT_LOOPS_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return checkEventLoops(fromEnv, JANUS_EVENT_LOOPS_ENV);
  return defaultEventLoops();
}
