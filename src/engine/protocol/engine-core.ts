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

export interface EngineCoreMethods {
  'engine.init': { params: { protocol: number; logLevel: number }; result: EngineInfo };
  'engine.setLogLevel': { params: { logLevel: number }; result: Record<string, never> };
  'engine.shutdown': { params: Record<string, never>; result: Record<string, never> };
  'debug.echo': { params: { value?: unknown; delayMs?: number }; result: { value: unknown } };
}

export interface EngineCoreEvents {
  'engine.ready': { protocol: number; pid: number };
  'channel.error': { reason: string };
}
