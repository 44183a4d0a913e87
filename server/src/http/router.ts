/**
 * A small HTTP router: routes by method and path pattern (`:name` segments),
 * JSON responses, errors as {@link HttpError} bodies. Unknown paths are 404,
 * known paths with another method 405.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log';
import { HttpError } from './http-error';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** A handler returns the JSON body (status 200) or `{status, body}`; or writes `res` itself and returns undefined. */
export type RouteResult = { status: number; body: unknown } | Record<string, unknown> | undefined;
export type RouteHandler = (ctx: RouteContext) => Promise<RouteResult> | RouteResult;

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  constructor(private readonly log: Logger) {}

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** Handles a request; resolves false when no route matched the path (caller may try others). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = match(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      await this.run(route, { req, res, params, query: url.searchParams });
      return true;
    }
    if (pathMatched) {
      sendJson(
        res,
        405,
        new HttpError(405, 'method-not-allowed', `${req.method} is not allowed on ${url.pathname}`).body(),
      );
      return true;
    }
    return false;
  }

  private async run(route: Route, ctx: RouteContext): Promise<void> {
    try {
      const result = await route.handler(ctx);
      if (result === undefined) return;
      if (typeof result.status === 'number' && 'body' in result) sendJson(ctx.res, result.status, result.body);
      else sendJson(ctx.res, 200, result);
    } catch (e) {
      if (e instanceof HttpError) {
        sendJson(ctx.res, e.status, e.body());
        return;
      }
      this.log.error({ err: e instanceof Error ? e.stack : String(e), path: ctx.req.url }, 'request failed');
      sendJson(ctx.res, 500, new HttpError(500, 'server-error', 'internal error').body());
    }
  }
}

function match(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    let part: string;
    try {
      part = decodeURIComponent(parts[i]!);
    } catch {
      return undefined;
    }
    if (seg.startsWith(':')) params[seg.slice(1)] = part;
    else if (seg !== part) return undefined;
  }
  return params;
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
