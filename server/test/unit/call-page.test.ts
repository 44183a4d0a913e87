/**
 * Serving the browser call page: the page at /ROOM with its CSP and caching,
 * the built assets with their types and immutable caching, 404 for anything
 * else under /_page/, and no way out of the assets folder. Runs against the
 * page as `npm run build` (and setup) built it, through a plain HTTP server.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CallPage, DEFAULT_PAGE_DIR } from '../../src/http/call-page';

let server: http.Server;
let base: string;
const rooms = new Set(['standup']);

function serve(page: CallPage): Promise<http.Server> {
  const s = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    void page
      .handle(req, res, pathname, async (name) => rooms.has(name))
      .then((handled) => {
        if (!handled) res.writeHead(404).end('fell through');
      });
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

/** A raw GET, so that the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const port = (server.address() as AddressInfo).port;
    http
      .get({ host: '127.0.0.1', port, path: pathname }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  server = await serve(new CallPage());
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the call page at /ROOM', () => {
  it('is HTML with a strict CSP, no caching, and the room found', async () => {
    const res = await fetch(`${base}/standup?t=some.token`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`connect-src 'self' ws://${new URL(base).host} wss://${new URL(base).host}`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('name="daily-node-room" content="found"');
    // No inline code: every script and stylesheet is a file under /_page/assets/.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).toMatch(/<script type="module" crossorigin src="\/_page\/assets\/[^"]+\.js">/);
  });

  it('is served with 404 for an unknown room, telling the page so', async () => {
    const res = await fetch(`${base}/no-such-room`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('name="daily-node-room" content="not-found"');
  });

  it('leaves other paths to the caller', async () => {
    expect((await rawGet('/a/b')).body).toBe('fell through');
    expect((await rawGet('/bad%20name')).body).toBe('fell through');
    const post = await fetch(`${base}/standup`, { method: 'POST' });
    expect(await post.text()).toBe('fell through');
  });

  it('does not echo a hostile Host header into the CSP', async () => {
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(
        {
          host: '127.0.0.1',
          port: (server.address() as AddressInfo).port,
          path: '/standup',
          headers: { host: 'evil; script-src *' },
        },
        resolve,
      ),
    );
    res.resume();
    expect(res.headers['content-security-policy']).toContain("connect-src 'self';");
    expect(res.headers['content-security-policy']).not.toContain('evil');
  });
});

describe('the page assets under /_page/assets/', () => {
  it('serve what index.html references, with their types and immutable caching', async () => {
    const html = await (await fetch(`${base}/standup`)).text();
    const refs = [...html.matchAll(/(?:src|href)="(\/_page\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs.some((r) => r.endsWith('.js'))).toBe(true);
    expect(refs.some((r) => r.endsWith('.css'))).toBe(true);
    for (const ref of refs) {
      const res = await fetch(`${base}${ref}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(
        ref.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
      );
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });

  it('answer 404 for unknown assets and any way out of the folder', async () => {
    expect((await rawGet('/_page/assets/nope.js')).status).toBe(404);
    expect((await rawGet('/_page/assets/')).status).toBe(404);
    expect((await rawGet('/_page/assets/../index.html')).status).toBe(404);
    expect((await rawGet('/_page/assets/..%2findex.html')).status).toBe(404);
    expect((await rawGet('/_page/assets/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await rawGet('/_page/assets//etc/passwd')).status).toBe(404);
  });
});

describe('a folder with a file beside its assets', () => {
  it('never serves the file, and says plainly when the page is not built', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-page-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'secret.js'), 'secret');
    fs.writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    const s = await serve(new CallPage(dir));
    const at = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${at}/_page/assets/app-1.js`)).text()).toBe('console.log(1)');
      const port = (s.address() as AddressInfo).port;
      const escape = await new Promise<number>((resolve) =>
        http.get(
          { host: '127.0.0.1', port, path: '/_page/assets/../secret.js' },
          (r) => (r.resume(), resolve(r.statusCode!)),
        ),
      );
      expect(escape).toBe(404);
      const missing = await fetch(`${at}/standup`);
      expect(missing.status).toBe(503);
      expect(await missing.text()).toContain('npm run build');
    } finally {
      await new Promise<void>((r) => s.close(() => r()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('is built where the server looks for it', () => {
  expect(fs.existsSync(path.join(DEFAULT_PAGE_DIR, 'index.html'))).toBe(true);
});
