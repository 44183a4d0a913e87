/** A real HTTP CONNECT proxy (tinyproxy) for proxy tests, with its log. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort } from '../../../server/src/janus/free-port';
import { startDaemon } from '../../helpers/daemon';

export interface HttpProxy {
  url: string;
  /** tinyproxy's log so far. */
  log(): string;
  stop(): Promise<void>;
}

/** Starts tinyproxy on 127.0.0.1 (any CONNECT port allowed) and waits until it accepts connections. */
export async function startHttpProxy(): Promise<HttpProxy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-proxy-'));
  const port = await freePort();
  const logFile = path.join(dir, 'tinyproxy.log');
  const conf = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 60',
    'MaxClients 50',
    'Allow 127.0.0.1',
    'LogLevel Info',
    `LogFile "${logFile}"`,
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'tinyproxy.conf'), conf);
  const stop = await startDaemon({
    command: 'tinyproxy',
    args: ['-d', '-c', path.join(dir, 'tinyproxy.conf')],
    dir,
    protocol: 'tcp',
    port,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    stop,
  };
}
