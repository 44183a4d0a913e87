/** A real HTTP CONNECT proxy (tinyproxy) for proxy tests, with its log. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';


export interface HttpProxy {
  url: string;
  /** tinyproxy's log so far. */
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Starts tinyproxy on 127.0.0.1 (any CONNECT port allowed) and waits until it accepts connections. */
export async function startHttpProxy(): Promise<HttpProxy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-proxy-'));
  const port = await freePort();
  const logFile = path.join(dir, 'tinyproxy.log');
  const conf = [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 60', 'MaxClients 50', 'Allow 127.0.0.1', 'LogLevel Info', `LogFile "${logFile}"`].join('\n');
  fs.writeFileSync(path.join(dir, 'tinyproxy.conf'), conf);
  const child = spawn('tinyproxy', ['-d', '-c', path.join(dir, 'tinyproxy.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let up = false;
  const deadline = Date.now() + 5000;
  while (!up && Date.now() < deadline) {
    up = await accepting(port);
    if (!up) await new Promise((r) => setTimeout(r, 50));
  }
  if (!up) {
    child.kill('SIGKILL');
    throw new Error(`tinyproxy did not start on port ${port}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
