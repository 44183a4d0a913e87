/**
 * The header rewriting that makes the dial-in listener a stateless SIP proxy
 * between a caller and a Janus SIP handle: requests get our Via on top (so
 * their responses come back through us) and, for the INVITE, our
 * Record-Route (so the rest of the dialog does too); responses lose our Via
 * and go to the next one. Only the header block changes, so Content-Length
 * stays right. RFC 3261 §16.11 (stateless proxies).
 */
import { createHash } from 'node:crypto';

/** Our `host:port` as it appears in Via, Route and Record-Route. */
export type HostPort = string;

function split(msg: Buffer): { lines: string[]; body: string } {
  const text = msg.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  return { lines: text.slice(0, end).split('\r\n'), body: text.slice(end) };
}

function join(lines: string[], body: string): Buffer {
  return Buffer.from(lines.join('\r\n') + body, 'latin1');
}

function isHeader(line: string, ...names: string[]): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && names.includes(line.slice(0, colon).trim().toLowerCase());
}

/** A branch that is the same for retransmissions of one request (so the next hop sees them as such). */
function branchFor(topVia: string, direction: string): string {
  const original = /;\s*branch=([^;,\s]+)/i.exec(topVia)?.[1] ?? topVia;
  return `z9hG4bK-dn-${createHash('sha1').update(`${direction}|${original}`).digest('hex').slice(0, 16)}`;
}

/**
 * `msg` (a request) as we forward it: our Via on top, our own Route entry
 * removed, and with `recordRoute` our Record-Route added.
 */
export function proxiedRequest(msg: Buffer, ours: HostPort, direction: string, recordRoute: boolean): Buffer {
  const { lines, body } = split(msg);
  const [start, ...headers] = lines;
  const topVia = headers.find((l) => isHeader(l, 'via', 'v')) ?? '';
  const routeIndex = headers.findIndex((l) => isHeader(l, 'route'));
  if (routeIndex >= 0 && headers[routeIndex]!.includes(ours)) {
    const rest = headers[routeIndex]!.slice(headers[routeIndex]!.indexOf(':') + 1)
      .split(',')
      .slice(1);
    if (rest.length > 0) headers[routeIndex] = `Route:${rest.join(',')}`;
    else headers.splice(routeIndex, 1);
  }
  const added = [`Via: SIP/2.0/UDP ${ours};branch=${branchFor(topVia, direction)}`];
  if (recordRoute) added.push(`Record-Route: <sip:${ours};lr>`);
  return join([start!, ...added, ...headers], body);
}

/** `msg` (a response) without our top Via, and where it goes next; undefined if the top Via is not ours. */
export function proxiedResponse(
  msg: Buffer,
  ours: HostPort,
): { datagram: Buffer; to: { host: string; port: number } } | undefined {
  const { lines, body } = split(msg);
  const first = lines.findIndex((l) => isHeader(l, 'via', 'v'));
  if (first < 0) return undefined;
  const line = lines[first]!;
  const values = line.slice(line.indexOf(':') + 1).split(',');
  if (!values[0]!.includes(ours)) return undefined;
  if (values.length > 1) lines[first] = `Via:${values.slice(1).join(',')}`;
  else lines.splice(first, 1);
  const next = lines.slice(first).find((l) => isHeader(l, 'via', 'v'));
  const sentBy = next && /SIP\/2\.0\/UDP\s+([^;:,\s]+)(?::(\d+))?/i.exec(next);
  if (!sentBy) return undefined;
  return { datagram: join(lines, body), to: { host: sentBy[1]!, port: sentBy[2] ? Number(sentBy[2]) : 5060 } };
}

/** `host:port` of a request's Request-URI (where a request from the handle goes). */
export function requestTarget(uri: string): { host: string; port: number } | undefined {
  const m = /^sips?:(?:[^@;>\s]+@)?([^:;>\s]+)(?::(\d{1,5}))?/.exec(uri);
  return m ? { host: m[1]!, port: m[2] ? Number(m[2]) : 5060 } : undefined;
}
