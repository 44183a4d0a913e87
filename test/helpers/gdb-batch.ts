/**
 * Runs gdb commands inside a running process (gdb attaches, runs them in
 * batch mode, detaches): how the soak suites ask a process we did not build,
 * such as Janus, about its malloc. The process stops while gdb is attached.
 */
import { execFileSync } from 'node:child_process';

/** gdb's standard output, or undefined when gdb is missing, cannot attach or times out. */
export function gdbBatch(pid: number, commands: string[]): string | undefined {
  try {
    const args = ['-p', String(pid), '-batch', '-nx', ...commands.flatMap((c) => ['-ex', c])];
    return execFileSync('gdb', args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).toString();
  } catch {
    return undefined;
  }
}
