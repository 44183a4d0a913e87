/**
 * Which web pages may open a signaling socket. Browsers send `Origin` with
 * every WebSocket and let any page connect anywhere, so without a check any
 * web site a user visits could join rooms of a server on their machine or
 * network in their name. Non-browser clients (the SDK, bots) send no Origin
 * and are let in: they are not driven by someone else's page. Allowed: the
 * server's own origin (its call page), loopback origins (local development
 * servers), and the origins listed in `allowedOrigins` (`*` allows any).
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A check of a request's Origin header: true when the socket may open. */
export type OriginPolicy = (origin: string | undefined) => boolean;

export function originPolicy(serverUrl: string, allowedOrigins: readonly string[]): OriginPolicy {
  const own = new URL(serverUrl).origin;
  const listed = new Set(allowedOrigins.map((o) => (o === '*' ? o : new URL(o).origin)));
  return (origin) => {
    if (origin === undefined) return true;
    if (listed.has('*') || origin === own || listed.has(origin)) return true;
    try {
      const url = new URL(origin);
      return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
    } catch {
      return false; // "null" (sandboxed pages, files) and anything unparsable
    }
  };
}
