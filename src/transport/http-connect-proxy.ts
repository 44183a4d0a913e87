/**
 * Tunnels a TCP connection through an HTTP proxy with `CONNECT host:port`, so
 * that the signaling WebSocket (ws or wss) works where only a proxy reaches the
 * meeting server. Media is not proxied (WebRTC uses ICE/TURN instead).
 * @internal
 * @module
 */
import * as http from 'node:http';
import type { Socket } from 'node:net';
import * as tls from 'node:tls';

import { InvalidArgumentError } from '../errors';

/** A parsed proxy URL. */
export interface ProxyConfig {
  host: string;
  port: number;
  /** `Proxy-Authorization` value when the URL carries `user:password@`. */
  authorization: string | undefined;
  /** The URL without credentials, for messages and logs. */
  display: string;
}

/**
 * Parses `http://[user:password@]host[:port]` (port 80 by default; `https`
 * proxies are not supported).
 * @throws InvalidArgumentError naming `field`
 */
export function parseProxyUrl(proxyUrl: unknown, field = 'proxyUrl'): ProxyConfig {
  if (typeof proxyUrl !== 'string' || proxyUrl.length === 0) {
    throw new InvalidArgumentError(
      field,
      `must be a non-empty string like "http://proxy.example:3128", got ${String(proxyUrl)}`,
    );
  }
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new InvalidArgumentError(field, `is not a URL: "${proxyUrl.slice(0, 200)}"`);
  }
  if (url.protocol !== 'http:') {
    throw new InvalidArgumentError(field, `must be an http:// proxy URL (HTTP CONNECT), got ${url.protocol}//`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new InvalidArgumentError(field, 'must be just http://[user:password@]host[:port], without a path or query');
  }
  const port = url.port ? Number(url.port) : 80;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const authorization = user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port, authorization, display: `http://${url.host}` };
}

/** Where the tunnel should lead. */
export interface TunnelTarget {
  host: string;
  port: number;
  /** Wrap the tunnel in TLS (wss://), verifying `host`. */
  secure: boolean;
}

/**
 * Opens a tunnel through `proxy` to `target` and hands the connected socket
 * (TLS-wrapped for wss) to `callback`, in the shape `http.request`'s
 * `createConnection` option expects.
 */
export function connectThroughProxy(
  proxy: ProxyConfig,
  target: TunnelTarget,
  timeoutMs: number,
  callback: (err: Error | null, socket?: Socket) => void,
): void {
  const authority = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
  const req = http.request({
    host: proxy.host,
    port: proxy.port,
    method: 'CONNECT',
    path: authority,
    headers,
    agent: false,
  });
  let settled = false;
  const finish = (err: Error | null, socket?: Socket): void => {
    if (settled) {
      socket?.destroy();
      return;
    }
    settled = true;
    clearTimeout(timer);
    callback(err, socket);
  };
  const timer = setTimeout(() => {
    req.destroy();
    finish(new Error(`the proxy ${proxy.display} did not open a tunnel to ${authority} within ${timeoutMs} ms`));
  }, timeoutMs);
  req.once('connect', (res, socket) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      const why = res.statusCode === 407 ? ' (proxy authentication required: put user:password@ in the proxy URL)' : '';
      finish(new Error(`the proxy ${proxy.display} refused CONNECT ${authority}: HTTP ${res.statusCode}${why}`));
      return;
    }
    if (!target.secure) {
      finish(null, socket);
      return;
    }
    const secured = tls.connect({ socket, servername: target.host });
    secured.once('secureConnect', () => finish(null, secured));
    secured.once('error', (err) => finish(err));
  });
  req.once('error', (err) => finish(new Error(`cannot reach the proxy ${proxy.display}: ${err.message}`)));
  req.end();
}
