/**
 * Serves the browser call page (built by Vite from server/web into
 * server/dist/web): `GET /ROOM` gets index.html, the page's hashed assets are
 * under `/_page/assets/`. Headers: a strict Content-Security-Policy (scripts
 * and styles only from this origin, no inline code; signaling over ws/wss
 * to this host), no-cache for the page, immutable caching for hashed assets.
 * Only files listed in the built assets folder are ever read, so no request
 * path reaches the file system.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { ROOM_NAME_PATTERN } from 'daily-node/protocol';

/** URL prefix of the page's assets. */
export const PAGE_ASSETS_PREFIX = '/_page/assets/';

/** Where `vite build` puts the page (the same from server/src/http and server/dist/http). */
export const DEFAULT_PAGE_DIR = path.resolve(__dirname, '../../dist/web');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** A Host header we are willing to echo into the CSP (host name or address, optional port). */
const SAFE_HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

interface Asset {
  body: Buffer;
  type: string;
}

/** The Content-Security-Policy of the page: no inline script or style, signaling to this host only. */
export function pageCsp(host: string | undefined): string {
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self'${sockets}`,
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export class CallPage {
  private html: string | undefined;
  private assets: Map<string, Asset> | undefined;

  constructor(private readonly dir: string = DEFAULT_PAGE_DIR) {}

  /**
   * Answers GET/HEAD of `/ROOM` and `/_page/assets/NAME`; resolves false for
   * any other request (the caller answers it).
   */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    roomExists: (name: string) => Promise<boolean>,
  ): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (pathname.startsWith(PAGE_ASSETS_PREFIX)) {
      this.sendAsset(req, res, pathname);
      return true;
    }
    const segments = pathname.split('/').filter(Boolean);
    if (segments.length !== 1 || !ROOM_NAME_PATTERN.test(segments[0]!)) return false;
    this.sendPage(req, res, await roomExists(segments[0]!));
    return true;
  }

  /** Answers `GET /ROOM`: the page, with the room's status for the page to read (404 for an unknown room). */
  sendPage(req: IncomingMessage, res: ServerResponse, roomExists: boolean): void {
    const html = this.loadHtml();
    if (html === undefined) {
      sendText(
        res,
        503,
        `The call page is not built (no ${path.join(this.dir, 'index.html')}): run "npm run build" in daily-node.\n`,
      );
      return;
    }
    const body = html.replace(
      'name="daily-node-room" content="unknown"',
      `name="daily-node-room" content="${roomExists ? 'found' : 'not-found'}"`,
    );
    res.writeHead(roomExists ? 200 : 404, {
      ...securityHeaders(req),
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** Answers `GET /_page/assets/NAME`; 404 for anything not in the built assets. */
  sendAsset(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const name = pathname.slice(PAGE_ASSETS_PREFIX.length);
    const asset = this.loadAssets().get(name);
    if (!asset) {
      sendText(res, 404, 'Not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': asset.body.length,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  }

  private loadHtml(): string | undefined {
    try {
      this.html ??= fs.readFileSync(path.join(this.dir, 'index.html'), 'utf8');
    } catch {
      return undefined;
    }
    return this.html;
  }

  /** The built assets, read once: file name → contents and type. */
  private loadAssets(): Map<string, Asset> {
    if (this.assets) return this.assets;
    const assets = new Map<string, Asset>();
    const dir = path.join(this.dir, 'assets');
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return assets; // not built: every asset is 404 (and the page itself says why)
    }
    for (const name of names) {
      const type = CONTENT_TYPES[path.extname(name)];
      const file = path.join(dir, name);
      if (type && fs.statSync(file).isFile()) assets.set(name, { body: fs.readFileSync(file), type });
    }
    this.assets = assets;
    return assets;
  }
}

function securityHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'content-security-policy': pageCsp(req.headers.host),
    'x-content-type-options': 'nosniff',
    // The URL may hold a meeting token (?t=): never send it elsewhere.
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self)',
  };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}
