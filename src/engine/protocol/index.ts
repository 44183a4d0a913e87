/**
 * The typed engine channel protocol: every request method with its params and
 * result, and every notification with its data. Each area of the engine has
 * its own file; this one joins them.
 * @internal
 * @module
 */
import type { AudioMethods, AudioRenderHeader } from './audio';
import type { CompositorMethods } from './compositor';
import type { EngineCoreEvents, EngineCoreMethods } from './engine-core';
import type { VideoMethods, VideoRendererFrameHeader } from './video';
import type { PeerEvents, PeerMethods } from './peer';

export * from './audio';
export * from './compositor';
export * from './engine-core';
export * from './peer';
export * from './video';

/** Request methods: `{ params, result }` per method name. */
export interface EngineMethods extends EngineCoreMethods, AudioMethods, CompositorMethods, PeerMethods, VideoMethods {}

/** Notifications: data per event name. */
export interface EngineEvents extends EngineCoreEvents, PeerEvents {}

/** Data frames (a JSON header plus a binary payload), either way: header per `type`. */
export interface EngineDataFrames {
  /** SDK → engine: a frame for a custom video source. */
  'video.sourceFrame': { type: 'video.sourceFrame'; sourceId: string };
  /** SDK → engine: a renderer frame was handled. */
  'video.rendererAck': { type: 'video.rendererAck'; rendererId: string };
  /** engine → SDK: a frame of a video renderer. */
  'video.rendererFrame': VideoRendererFrameHeader;
  /** engine → SDK: audio of an audio renderer. */
  'audio.render': AudioRenderHeader;
}

export type EngineMethod = keyof EngineMethods;
export type EngineParams<M extends EngineMethod> = EngineMethods[M]['params'];
export type EngineResult<M extends EngineMethod> = EngineMethods[M]['result'];
export type EngineEvent = keyof EngineEvents;

/** Header of a data frame (binary payload attached). */
export interface DataHeader {
  type: string;
  [key: string]: unknown;
}

/** A log line sent by the engine. */
export interface EngineLogLine {
  level: 'error' | 'warn' | 'info' | 'debug' | 'trace';
  message: string;
  source: string;
}

/** What the addon reports when the engine process is gone. */
export interface EngineExitInfo {
  code: number | null;
  signal: string | null;
  stderr: string;
}
