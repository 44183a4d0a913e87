/**
 * video.* methods and data frames: sources the SDK writes frames into, local
 * video tracks made from them (registered in the engine's track registry under
 * the SDK's id), and renderers on any video track.
 *
 * Data frames:
 * - SDK → engine `video.sourceFrame {sourceId}` + the frame's bytes.
 * - engine → SDK `video.rendererFrame {rendererId, width, height, colorFormat,
 *   timestampUs, dropped}` + the converted pixels.
 * - SDK → engine `video.rendererAck {rendererId}` (empty) once a frame was
 *   handled; the engine keeps at most `maxPendingFrames` unacknowledged frames
 *   per renderer and drops newer frames until an ack comes.
 * @internal
 * @module
 */

import type { ColorFormat } from '../../media/video/color-format';

type Empty = Record<string, never>;

export interface VideoMethods {
  'video.createSource': {
    params: { sourceId: string; width: number; height: number; colorFormat: ColorFormat };
    result: Empty;
  };
  'video.releaseSource': { params: { sourceId: string }; result: Empty };
  /** Makes a local video track of a source and registers it under `trackId`. */
  'video.createTrack': { params: { trackId: string; sourceId: string }; result: Empty };
  'video.releaseTrack': { params: { trackId: string }; result: Empty };
  'video.createRenderer': {
    params: { rendererId: string; trackId: string; colorFormat: ColorFormat; maxPendingFrames?: number };
    result: Empty;
  };
  'video.stopRenderer': { params: { rendererId: string }; result: { framesDelivered: number; framesDropped: number } };
}

/** Header of a `video.rendererFrame` data frame. */
export interface VideoRendererFrameHeader {
  type: 'video.rendererFrame';
  rendererId: string;
  width: number;
  height: number;
  colorFormat: ColorFormat;
  /** Wall-clock time (µs since the Unix epoch) at which the engine received the frame. */
  timestampUs: number;
  /** Frames this renderer dropped so far because JS had not caught up. */
  dropped: number;
}
