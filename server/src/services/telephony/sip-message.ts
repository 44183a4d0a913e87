/**
 * Just enough SIP message handling for the dial-in listener: the start line
 * and headers of one datagram (bounded: size, header count), and responses
 * built from a request. Bodies are never parsed; anything odd is refused as
 * `undefined` (the listener drops it).
 */

/** Largest datagram looked at. */
export const MAX_SIP_DATAGRAM = 8192;
const MAX_HEADERS = 80;

/** RFC 3261 compact header names → full (lowercase). */
const COMPACT: Record<string, string> = {
  i: 'call-id',
  v: 'via',
  f: 'from',
  t: 'to',
  m: 'contact',
  l: 'content-length',
};

export interface SipRequest {
  method: string;
  /** The Request-URI (`sip:room@host:port`). */
  uri: string;
  /** Header values by lowercase full name, in order. */
  headers: Map<string, string[]>;
}

/** A response: its status code and headers. */
export interface SipResponse {
  status: number;
  headers: Map<string, string[]>;
}

/** Parses a request's start line and headers; responses and malformed input give undefined. */
export function parseSipRequest(datagram: Buffer): SipRequest | undefined {
  const parsed = parseSipMessage(datagram);
  return parsed && 'method' in parsed ? parsed : undefined;
}

/** Parses a request or a response (start line and headers); malformed input gives undefined. */
export function parseSipMessage(datagram: Buffer): SipRequest | SipResponse | undefined {
  if (datagram.length > MAX_SIP_DATAGRAM) return undefined;
  const text = datagram.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = text.slice(0, end).split('\r\n');
  if (lines.length > MAX_HEADERS + 1) return undefined;
  const start = /^([A-Z]{3,16}) (sips?:[^\s]{1,256}) SIP\/2\.0$/.exec(lines[0]!);
  const status = /^SIP\/2\.0 ([1-6]\d\d) /.exec(lines[0]!);
  if (!start && !status) return undefined;
  const headers = parseHeaders(lines.slice(1));
  if (!headers) return undefined;
  for (const required of ['via', 'from', 'to', 'call-id', 'cseq']) if (!headers.get(required)?.length) return undefined;
  return start ? { method: start[1]!, uri: start[2]!, headers } : { status: Number(status![1]), headers };
}

function parseHeaders(lines: string[]): Map<string, string[]> | undefined {
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    const value = line.slice(colon + 1).trim();
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return headers;
}

/** The first value of a header. */
export function header(req: SipRequest | SipResponse, name: string): string {
  return req.headers.get(name)?.[0] ?? '';
}

/** The user part of a SIP URI or name-addr (`"Bob" <sip:bob@host>;tag=1` → `bob`). */
export function uriUser(value: string): string | undefined {
  return /sips?:([^@;>\s]+)@/.exec(value)?.[1];
}

/** `host:port` of a Contact (`<sip:u@127.0.0.1:5062;transport=udp>`). */
export function contactAddress(value: string): { host: string; port: number } | undefined {
  const m = /sips?:(?:[^@;>\s]+@)?([^:;>\s]+)(?::(\d{1,5}))?/.exec(value);
  if (!m) return undefined;
  return { host: m[1]!, port: m[2] ? Number(m[2]) : 5060 };
}

/** A response to `req` without a body; a To tag is added when the request had none. */
export function sipResponse(req: SipRequest, code: number, reason: string, extra: string[] = []): Buffer {
  const to = header(req, 'to');
  const lines = [
    `SIP/2.0 ${code} ${reason}`,
    ...(req.headers.get('via') ?? []).map((v) => `Via: ${v}`),
    `From: ${header(req, 'from')}`,
    `To: ${/;\s*tag=/i.test(to) ? to : `${to};tag=dn${Math.random().toString(36).slice(2, 10)}`}`,
    `Call-ID: ${header(req, 'call-id')}`,
    `CSeq: ${header(req, 'cseq')}`,
    ...extra,
    'Server: daily-node',
    'Content-Length: 0',
    '',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'latin1');
}
