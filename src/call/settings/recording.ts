/**
 * Checks of startRecording / stopRecording / updateRecording arguments (the
 * same validators the server applies, so bad input fails at once, naming the
 * field).
 * @internal
 * @module
 */
import { streamId, streamingEndpoints, streamingLayout, streamingSettings } from '../../signaling/streaming-validators';
import { object } from '../../signaling/validation';
import type { StreamingLayout, StreamingSettings } from '../types/service-types';
import { check } from './check';

/** `streamingSettings`; null/undefined = the server's defaults. */
export function checkStreamingSettings(value: unknown, field: string): StreamingSettings | undefined {
  if (value === undefined || value === null) return undefined;
  return check(streamingSettings, value, field) as StreamingSettings;
}

/** `streamId`; null/undefined = none given. */
export function checkStreamId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return check(streamId, value, field);
}

/** `updateSettings` of updateRecording / updateLiveStream: `{ layout }`. */
export function checkStreamingUpdate(value: unknown, field: string): StreamingLayout {
  return check(object({ layout: streamingLayout }), value, field).layout;
}

/** RTMP URLs or endpoint names of a live stream. */
export function checkStreamingEndpoints(value: unknown, field: string): string[] {
  return check(streamingEndpoints, value, field);
}
