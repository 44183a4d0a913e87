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

export interface EngineCoreMethods {
  'engine.init': { params: { protocol: number; logLevel: number }; result: EngineInfo };
  'engine.setLogLevel': { params: { logLevel: number }; result: Record<string, never> };
  'engine.shutdown': { params: Record<string, never>; result: Record<string, never> };
  /** What the engine registered: request handlers, data frame handlers, and its protocol's events. */
  'engine.describe': {
    params: Record<string, never>;
    result: { protocol: number; methods: EngineHandlerInfo[]; dataTypes: string[]; events: string[] };
  };
  'debug.echo': { params: { value?: unknown; delayMs?: number }; result: { value: unknown } };
}

export interface EngineCoreEvents {
  'engine.ready': { protocol: number; pid: number };
  'channel.error': { reason: string };
}
