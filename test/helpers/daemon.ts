/**
 * Helper daemons tests start themselves (coturn, tinyproxy): each gets a
 * temporary folder for its config and log, counts as started once its port
 * listens, and is stopped by its PID (SIGTERM, then SIGKILL) with the folder
 * removed.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';

import { waitFor } from './process';

export interface DaemonOptions {
  command: string;
  args: string[];
  /** The daemon's folder (config, log); removed when it stops. */
  dir: string;
  protocol: 'tcp' | 'udp';
  port: number;
}

/** True when something listens on `port` (any address). */
export function listening(protocol: 'tcp' | 'udp', port: number): boolean {
  const out = execFileSync('ss', ['-H', protocol === 'tcp' ? '-tln' : '-uln', `sport = :${port}`], {
    encoding: 'utf8',
  });
  return out.trim().length > 0;
}

/** Starts the daemon and waits until it listens; resolves with its stop function. */
export async function startDaemon(o: DaemonOptions): Promise<() => Promise<void>> {
  const child = spawn(o.command, o.args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(o.dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${o.command} listening on ${o.protocol} port ${o.port}`, () => listening(o.protocol, o.port), 5000);
  } catch (err) {
    await stop();
    throw err;
  }
  return stop;
}
