/** A coturn TURN server with a static long-term user, for relay tests (inside the namespace). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startDaemon } from './daemon';

export interface TurnServer {
  url: string;
  username: string;
  credential: string;
  stop(): Promise<void>;
}

/** Starts turnserver on `ip` (the namespace's media address) and waits until it listens. */
export async function startTurnServer(ip: string, port = 34780): Promise<TurnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-turn-'));
  const conf = [
    `listening-ip=${ip}`,
    `relay-ip=${ip}`,
    `listening-port=${port}`,
    'min-port=49160',
    'max-port=49260',
    'realm=daily-node.test',
    'fingerprint',
    'lt-cred-mech',
    'user=bot:s3cret',
    'no-tls',
    'no-dtls',
    'no-cli',
    'no-multicast-peers',
    `userdb=${dir}/turndb`,
    `pidfile=${dir}/turnserver.pid`,
    `log-file=${dir}/turn.log`,
    'simple-log',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'turnserver.conf'), conf);
  const stop = await startDaemon({
    command: 'turnserver',
    args: ['-c', path.join(dir, 'turnserver.conf')],
    dir,
    protocol: 'udp',
    port,
  });
  return {
    url: `turn:${ip}:${port}?transport=udp`,
    username: 'bot',
    credential: 's3cret',
    stop,
  };
}
