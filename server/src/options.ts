/** Options of {@link startServer} (and the CLI), with their defaults and checks. */
import * as path from 'node:path';
import { JANUS_ALLOCATORS, type JanusAllocator } from './janus/janus-allocator';
import { eventLoopsProblem } from './janus/janus-event-loops';
import type { JanusOption } from './janus/janus-pool';
import { LOG_LEVELS, type LogLevelName, type Logger } from './log';
import { TRANSCRIPTION_ENGINES, type TranscriptionOption } from './services/transcription/engine-option';

/** Limits of the signaling endpoint. */
export interface SignalingLimitsOptions {
  /** Largest WebSocket message in bytes (default 256 KiB). */
  maxMessageBytes?: number;
  /** Largest app message data, JSON bytes (default 16 KiB). */
  maxAppMessageBytes?: number;
  /** App/chat messages per second per participant (default 20, burst 2×). */
  appMessagesPerSecond?: number;
  /** Requests per second per socket (default 50, burst 2×). */
  requestsPerSecond?: number;
  /** Signaling sockets open at once; more are refused with close code 1013 (default 10000). */
  maxConnections?: number;
  /**
   * Time for a client to send a request's headers, WebSocket upgrades included
   * (default 10000 ms): slow clients (slowloris) are cut off after it.
   */
  headersTimeoutMs?: number;
  /** Time for a client to send a whole HTTP request, body included (default 30000 ms). */
  requestTimeoutMs?: number;
  /** Time a new signaling socket has to join or resume before it is closed with 4000 (default 15000 ms). */
  joinDeadlineMs?: number;
}

export interface ServerOptions {
  /** TCP port (default 7880; 0 picks a free one). */
  port?: number;
  /** Address to listen on (default 127.0.0.1; use 0.0.0.0 to serve other machines). */
  host?: string;
  /** Folder of the SQLite database (default ./daily-node-data). */
  dataDir?: string;
  /** API key for the REST API; default: generated once and kept in the database. */
  apiKey?: string;
  /** Secret for signing meeting tokens; default: generated once and kept in the database. */
  tokenSecret?: string;
  /** Base URL in meeting URLs (default http://HOST:PORT); set it behind a proxy. */
  publicUrl?: string;
  /** pino level (default info). Ignored when `logger` is given. */
  logLevel?: LogLevelName;
  /** A pino logger to use instead of a new one. */
  logger?: Logger;
  /** Janus: `"embedded"` (default) or `{ nodes: [...] }`. */
  janus?: JanusOption;
  /** How long a participant whose socket dropped may resume (default 15000 ms). */
  resumeGraceMs?: number;
  /** Signaling limits. */
  limits?: SignalingLimitsOptions;
  /** The ASR engine of transcription (default pocketsphinx). */
  transcription?: TranscriptionOption;
  /** Telephony: the SIP trunk for `phoneNumber` dial-outs, the ring timeout, the dial-in listener. */
  sip?: SipOptions;
  /**
   * Web page origins (besides the server's own and loopback ones) allowed to
   * open signaling sockets; `*` allows any. Clients sending no Origin (the
   * SDK) are always allowed. Default: none.
   */
  allowedOrigins?: string[];
}

/** Options after defaults. */
export interface ResolvedOptions {
  port: number;
  host: string;
  dataDir: string;
  apiKey: string | undefined;
  tokenSecret: string | undefined;
  publicUrl: string | undefined;
  logLevel: LogLevelName;
  janus: JanusOption;
  resumeGraceMs: number;
  limits: Required<SignalingLimitsOptions>;
  transcription: TranscriptionOption;
  allowedOrigins: string[];
  sip: SipOptions;
}

/** An option is wrong; the message names it. */
export class OptionError extends Error {
  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'OptionError';
  }
}

function int(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionError(field, `must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new OptionError(field, 'must be a non-empty string');
  return value;
}

/** Telephony options (`sip`). */
export interface SipOptions {
  /** Where `phoneNumber` dial-outs go: INVITE `sip:<number>@<trunk host>`, with digest auth when given. */
  trunk?: { uri: string; username?: string; password?: string; callerId?: string };
  /** Unanswered dial-outs are hung up after this long (default 60000 ms). */
  ringTimeoutMs?: number;
  /** Dial-in: UDP port of the SIP listener (default: no listener; 0 picks a free port). */
  port?: number;
  /** Address of the SIP listener (default: the server's `host`). */
  host?: string;
}

function sipOption(s: SipOptions | undefined): SipOptions {
  if (s === undefined) return {};
  if (typeof s !== 'object' || s === null) throw new OptionError('sip', 'must be an object { trunk?, ringTimeoutMs? }');
  const out: SipOptions = {};
  if (s.ringTimeoutMs !== undefined) out.ringTimeoutMs = int(s.ringTimeoutMs, 'sip.ringTimeoutMs', 1000, 600_000);
  if (s.port !== undefined) out.port = int(s.port, 'sip.port', 0, 65535);
  const host = optionalString(s.host, 'sip.host');
  if (host !== undefined) out.host = host;
  if (s.trunk !== undefined) {
    const t = s.trunk;
    const uri = optionalString(t?.uri, 'sip.trunk.uri');
    if (uri === undefined || !/^sips?:([^@\s]+@)?[^@\s]+$/.test(uri))
      throw new OptionError('sip.trunk.uri', 'must be a SIP URI such as sip:trunk.example.com:5060');
    out.trunk = { uri };
    const username = optionalString(t.username, 'sip.trunk.username');
    const password = optionalString(t.password, 'sip.trunk.password');
    const callerId = optionalString(t.callerId, 'sip.trunk.callerId');
    if (username !== undefined) out.trunk.username = username;
    if (password !== undefined) out.trunk.password = password;
    if (callerId !== undefined) out.trunk.callerId = callerId;
  }
  return out;
}

function transcriptionOption(t: TranscriptionOption | undefined): TranscriptionOption {
  if (t === undefined) return { engine: 'pocketsphinx' };
  if (typeof t !== 'object' || t === null) {
    throw new OptionError('transcription', 'must be an object { engine, command?, args?, apiKey?, url? }');
  }
  const engine = t.engine ?? 'pocketsphinx';
  if (!TRANSCRIPTION_ENGINES.includes(engine)) {
    const names = TRANSCRIPTION_ENGINES.join(', ');
    throw new OptionError('transcription.engine', `must be one of ${names}, got ${String(engine)}`);
  }
  const command = optionalString(t.command, 'transcription.command');
  if (engine === 'command' && command === undefined) {
    throw new OptionError('transcription.command', 'is required with the command engine');
  }
  if (t.args !== undefined && (!Array.isArray(t.args) || t.args.some((a) => typeof a !== 'string'))) {
    throw new OptionError('transcription.args', 'must be a list of strings');
  }
  const url = optionalString(t.url, 'transcription.url');
  if (url !== undefined && !/^wss?:\/\//.test(url)) {
    throw new OptionError('transcription.url', 'must be a ws:// or wss:// URL');
  }
  const envKey = engine === 'deepgram' ? process.env.DEEPGRAM_API_KEY : undefined;
  const apiKey = optionalString(t.apiKey, 'transcription.apiKey') ?? envKey;
  if (engine === 'deepgram' && !apiKey) {
    throw new OptionError('transcription.apiKey', 'is required with the deepgram engine (or set DEEPGRAM_API_KEY)');
  }
  return {
    engine,
    ...(command !== undefined ? { command } : {}),
    ...(t.args ? { args: [...t.args] } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(url ? { url } : {}),
  };
}

export function resolveOptions(o: ServerOptions): ResolvedOptions {
  const logLevel = o.logLevel ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new OptionError('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`);
  const janus = o.janus ?? 'embedded';
  if (
    janus !== 'embedded' &&
    (typeof janus !== 'object' || janus === null || (!('nodes' in janus) && janus.mode !== 'embedded'))
  ) {
    throw new OptionError('janus', 'must be "embedded", { mode: "embedded", ... } or { nodes: [...] }');
  }
  if (typeof janus === 'object' && 'nodes' in janus) {
    if (!Array.isArray(janus.nodes) || janus.nodes.length === 0)
      throw new OptionError('janus.nodes', 'must list at least one node');
    janus.nodes.forEach((n, i) => {
      if (typeof n?.url !== 'string' || !/^wss?:\/\//.test(n.url))
        throw new OptionError(`janus.nodes[${i}].url`, 'must be a ws:// or wss:// URL');
      if (typeof n.id !== 'string' || n.id === '')
        throw new OptionError(`janus.nodes[${i}].id`, 'must be a non-empty string');
    });
  }
  if (typeof janus === 'object' && !('nodes' in janus) && janus.allocator !== undefined) {
    if (!JANUS_ALLOCATORS.includes(janus.allocator as JanusAllocator))
      throw new OptionError('janus.allocator', `must be one of ${JANUS_ALLOCATORS.join(', ')}`);
  }
  if (typeof janus === 'object' && !('nodes' in janus) && janus.eventLoops !== undefined) {
    const problem = eventLoopsProblem(janus.eventLoops);
    if (problem) throw new OptionError('janus.eventLoops', problem);
  }
  const limits = o.limits ?? {};
  const publicUrl = optionalString(o.publicUrl, 'publicUrl');
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+\/?$/.test(publicUrl)) {
    throw new OptionError('publicUrl', 'must be http(s)://HOST[:PORT] without a path');
  }
  return {
    port: o.port === undefined ? 7880 : int(o.port, 'port', 0, 65535),
    host: optionalString(o.host, 'host') ?? '127.0.0.1',
    dataDir: path.resolve(optionalString(o.dataDir, 'dataDir') ?? 'daily-node-data'),
    apiKey: optionalString(o.apiKey, 'apiKey'),
    tokenSecret: optionalString(o.tokenSecret, 'tokenSecret'),
    publicUrl: publicUrl?.replace(/\/$/, ''),
    logLevel,
    janus,
    transcription: transcriptionOption(o.transcription),
    resumeGraceMs: o.resumeGraceMs === undefined ? 15_000 : int(o.resumeGraceMs, 'resumeGraceMs', 0, 3_600_000),
    allowedOrigins: checkOrigins(o.allowedOrigins),
    sip: sipOption(o.sip),
    limits: {
      maxMessageBytes:
        limits.maxMessageBytes === undefined
          ? 256 * 1024
          : int(limits.maxMessageBytes, 'limits.maxMessageBytes', 1024, 16 * 1024 * 1024),
      maxAppMessageBytes:
        limits.maxAppMessageBytes === undefined
          ? 16 * 1024
          : int(limits.maxAppMessageBytes, 'limits.maxAppMessageBytes', 16, 1024 * 1024),
      appMessagesPerSecond:
        limits.appMessagesPerSecond === undefined
          ? 20
          : int(limits.appMessagesPerSecond, 'limits.appMessagesPerSecond', 1, 10_000),
      requestsPerSecond:
        limits.requestsPerSecond === undefined
          ? 50
          : int(limits.requestsPerSecond, 'limits.requestsPerSecond', 1, 100_000),
      maxConnections:
        limits.maxConnections === undefined
          ? 10_000
          : int(limits.maxConnections, 'limits.maxConnections', 1, 1_000_000),
      headersTimeoutMs: optionalMs(limits.headersTimeoutMs, 'limits.headersTimeoutMs', 10_000, 600_000),
      requestTimeoutMs: optionalMs(limits.requestTimeoutMs, 'limits.requestTimeoutMs', 30_000, 3_600_000),
      joinDeadlineMs: optionalMs(limits.joinDeadlineMs, 'limits.joinDeadlineMs', 15_000, 600_000),
    },
  };
}

/** A duration in ms from 100 to `max`, `fallback` when absent. */
function optionalMs(value: unknown, field: string, fallback: number, max: number): number {
  return value === undefined ? fallback : int(value, field, 100, max);
}

/** `allowedOrigins`: `*` or http(s) origins. */
function checkOrigins(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new OptionError('allowedOrigins', 'must be an array of origins such as "https://app.example.com"');
  }
  return value.map((v: unknown, i) => {
    if (v === '*') return v;
    if (typeof v !== 'string' || !/^https?:\/\/[^/]+\/?$/.test(v)) {
      throw new OptionError(`allowedOrigins[${i}]`, 'must be "*" or http(s)://HOST[:PORT] without a path');
    }
    return v;
  });
}
