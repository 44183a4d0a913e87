/**
 * engine.* and debug.* methods: handshake, log level, shutdown, liveness.
 * @internal
 * @module
 */

/** Protocol version spoken by this SDK; the engine must speak the same. */
export const ENGINE_PROTOCOL_VERSION = 1;

/** What the engine reports at the handshake (public as `EngineDetails`). */
export interface EngineInfo {
  pid: number;
  protocol: number;
  webrtc: string;
  audioCodecs: string[];
  videoCodecs: string[];
}

/**
 * Codes of the errors the engine answers requests with. `invalid-argument`
 * and `invalid-state` surface as InvalidArgumentError and InvalidStateError.
 */
export type EngineErrorCode =
  'invalid-request' | 'unknown-method' | 'invalid-argument' | 'invalid-state' | 'internal' | 'engine-start-failed';

/** A request handler the engine has, with the result keys it was built to answer with. */
export interface EngineHandlerInfo {
  method: string;
  resultKeys: string[];
}

/**
 * What the engine holds right now: its live objects by kind, and its heap as
 * glibc's malloc sees it. Churn tests compare these round by round to tell a
 * leak (objects or bytes in use growing) from the allocator keeping freed
 * memory (RSS growing while they stay flat).
 */
export interface EngineStats {
  peerConnections: number;
  /** Tracks in the engine's registry: local ones and those received. */
  tracks: number;
  audioSources: number;
  mixers: number;
  speakers: number;
  audioRenderers: number;
  videoSources: number;
  videoRenderers: number;
  /** Bytes handed out by malloc and not yet freed (glibc: mallinfo2 uordblks + hblkhd; jemalloc: stats.allocated). */
  heapInUseBytes: number;
  /** Bytes malloc keeps resident beyond those (glibc: mallinfo2 fordblks; jemalloc: stats.resident − allocated). */
  heapFreeBytes: number;
  /** Resident memory of the engine process, after the trim if one was asked for. */
  rssKiB: number;
}

export interface EngineCoreMethods {
  'engine.init': { params: { protocol: number; logLevel: number }; result: EngineInfo };
  'engine.setLogLevel': { params: { logLevel: number }; result: Record<string, never> };
  'engine.shutdown': { params: Record<string, never>; result: Record<string, never> };
  /** What the engine registered: request handlers, data frame handlers, and its protocol's events. */
  'engine.describe': {
    params: Record<string, never>;
    result: { protocol: number; methods: EngineHandlerInfo[]; dataTypes: string[]; events: string[] };
  };
  /** Live objects and heap figures; `trimHeap` first gives malloc's free memory back to the system (malloc_trim). */
  'engine.stats': { params: { trimHeap?: boolean }; result: EngineStats };
  'debug.echo': { params: { value?: unknown; delayMs?: number }; result: { value: unknown } };
}

export interface EngineCoreEvents {
  'engine.ready': { protocol: number; pid: number };
  'channel.error': { reason: string };
}
