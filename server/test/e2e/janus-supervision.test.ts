/**
 * The embedded Janus is started from our generated config, restarted when it
 * dies, and stopped cleanly; an external node list works too.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor, waitForProcessGone, isProcessAlive } from '../../../test/helpers/process';
import { EmbeddedJanus } from '../../src/janus/embedded-janus';
import { JanusConnection } from '../../src/janus/janus-connection';
import { JanusSession } from '../../src/janus/janus-session';
import { createLogger } from '../../src/log';
import { startTestServer, type TestServer } from '../helpers/server-fixture';

const log = createLogger('silent');
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe('embedded Janus', () => {
  let server: TestServer;

  it('serves its API on loopback only, with our secret and only our modules', async () => {
    server = await startTestServer();
    cleanup.push(() => server.close());
    const node = server.janus.embedded!.node();
    expect(node.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const conn = await JanusConnection.open(node.url, undefined);
    const info = await conn.request({ janus: 'info' });
    expect(Object.keys(info.plugins as object).sort()).toEqual(['janus.plugin.sip', 'janus.plugin.videoroom']);
    expect(Object.keys(info.transports as object)).toEqual(['janus.transport.websockets']);
    expect(info.api_secret).toBe(true);
    // Without the secret Janus refuses to make a session.
    await expect(JanusSession.create(conn)).rejects.toThrow(/403/);
    conn.close();
  });

  it('restarts Janus after it is killed, and the link comes back', async () => {
    const embedded = server.janus.embedded!;
    const link = server.janus.links[0]!;
    const firstPid = embedded.pid!;
    const firstGeneration = link.generation;
    process.kill(firstPid, 'SIGKILL');
    await waitFor('janus restarted', () => embedded.pid !== undefined && embedded.pid !== firstPid, 10_000);
    await waitFor('link up again', () => link.isUp && link.generation > firstGeneration, 10_000);
    expect(embedded.restartCount).toBe(1);
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toEqual({ ok: true, janus: 'up' });
  });

  it('stops Janus and removes its config folder on close', async () => {
    const own = await startTestServer();
    const pid = own.janus.embedded!.pid!;
    const configDir = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[2]!; // janus -F <dir>
    expect(fs.existsSync(`${configDir}/janus.jcfg`)).toBe(true);
    await own.close();
    await waitForProcessGone(pid, 5000);
    expect(isProcessAlive(pid)).toBe(false);
    expect(fs.existsSync(configDir)).toBe(false);
  });

  it('does not outlive the server process when that is killed', async () => {
    const child = spawn(process.execPath, [`${__dirname}/../fixtures/janus-process.js`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const janusPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
      child.once('exit', (code) => reject(new Error(`server process exited early (${code})`)));
    });
    expect(isProcessAlive(janusPid)).toBe(true);
    child.kill('SIGKILL');
    await waitForProcessGone(janusPid, 5000);
  });
});

describe('external Janus nodes', () => {
  it('connects to a listed node and reports it up', async () => {
    const janus = new EmbeddedJanus({}, log);
    const node = await janus.start();
    cleanup.push(() => janus.stop());
    const server = await startTestServer({ janus: { nodes: [{ ...node, id: 'node-a' }] } });
    cleanup.push(() => server.close());
    expect(server.janus.embedded).toBeUndefined();
    expect(server.janus.links.map((l) => [l.id, l.isUp])).toEqual([['node-a', true]]);
    expect(server.janus.assignRoom()?.id).toBe('node-a');
  });

  it('refuses to start when no node is reachable', async () => {
    await expect(
      startTestServer({ janus: { nodes: [{ id: 'dead', url: 'ws://127.0.0.1:1' }], connectTimeoutMs: 500 } }),
    ).rejects.toThrow(/no Janus node reachable/);
  });
});
