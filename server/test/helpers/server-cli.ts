/**
 * The meeting server as its own process (the built CLI), for tests that kill
 * it the way a crash would and start another on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

/** Runs `daily-node-server` on `port` with `dataDir`; resolves once it listens. */
export async function runServerCli(
  port: number,
  dataDir: string,
  apiKey: string,
  extraArgs: string[] = [],
): Promise<ChildProcess> {
  const cli = spawn(
    process.execPath,
    [
      path.join(__dirname, '../../dist/cli.js'),
      ...['--port', String(port), '--data-dir', dataDir, '--api-key', apiKey],
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errors = '';
  cli.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    cli.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('meeting server listening')) resolve();
    });
    cli.once('exit', (code) => reject(new Error(`the server exited early (${code}): ${errors}`)));
  });
  return cli;
}
