/**
 * Children of the server (Janus, ASR engines, ffmpeg encoders and relays) must
 * not outlive it: if this process dies without stopping them (SIGKILL, a
 * crash, a signal with no handler), the kernel kills them too. util-linux's
 * setpriv sets PR_SET_PDEATHSIG and then execs the program, so the pid stays
 * the program's own. Without setpriv the program is started directly (and only
 * an orderly stop ends it).
 */
import * as fs from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

/** The command and arguments that run `binary args` with a parent-death SIGKILL. */
export function withParentDeathSignal(binary: string, args: string[]): [string, string[]] {
  if (!fs.existsSync(SETPRIV)) return [binary, args];
  return [SETPRIV, ['--pdeathsig', 'KILL', '--', binary, ...args]];
}
