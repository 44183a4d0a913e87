/**
 * The renderers a CallClient registers: audio (AudioRenderer) and video
 * (VideoRenderer) on whichever engine track carries the source.
 * @internal
 * @module
 */
import type { AudioData } from '../../media/audio/audio-data';
import { AudioRenderer } from '../../media/audio/audio-renderer';
import type { ColorFormat } from '../../media/video/color-format';
import type { VideoFrame } from '../../media/video/video-frame';
import { VideoRenderer } from '../../media/video/video-renderer';
import type { RendererSpec } from '../sfu-media/renderer-router';
import type { RendererActivity } from './renderer-activity';

export interface AudioRenderOptions {
  sampleRate: number;
  callbackIntervalMs: number;
  /** Drop blocks later than this (AudioRenderer's `maxLateMs`; default 2 s). */
  maxLateMs?: number;
}

export function audioRendererSpec(
  participantId: string,
  source: string,
  options: AudioRenderOptions,
  deliver: (data: AudioData) => void,
  activity?: RendererActivity,
): RendererSpec {
  // The renderer bound now; its drop count starts from 0 on each new binding.
  let bound: AudioRenderer | undefined;
  let droppedBefore = 0;
  const counted = (data: AudioData): void => {
    activity?.audioDelivered(data.numAudioFrames);
    if (activity && bound) {
      activity.framesDropped(bound.dropped - droppedBefore);
      droppedBefore = bound.dropped;
    }
    deliver(data);
  };
  return {
    participantId,
    source,
    kind: 'audio',
    removed: () => activity?.stop(),
    async start(trackId, ended) {
      const renderer = await AudioRenderer.start(
        trackId,
        {
          sampleRate: options.sampleRate,
          channels: 1,
          callbackIntervalMs: options.callbackIntervalMs,
          ...(options.maxLateMs !== undefined ? { maxLateMs: options.maxLateMs } : {}),
        },
        counted,
      );
      bound = renderer;
      droppedBefore = 0;
      renderer.onEnded((reason) => {
        if (reason !== 'stopped') ended();
      });
      return { stop: () => renderer.stop() };
    },
  };
}

export function videoRendererSpec(
  participantId: string,
  source: string,
  colorFormat: ColorFormat,
  deliver: (frame: VideoFrame) => void,
  activity?: RendererActivity,
): RendererSpec {
  return {
    participantId,
    source,
    kind: 'video',
    removed: () => activity?.stop(),
    async start(trackId) {
      let droppedBefore = 0;
      const renderer: VideoRenderer = new VideoRenderer(
        trackId,
        (frame) => {
          if (activity) {
            activity.videoDelivered();
            // The engine counts per renderer; a new binding starts from 0.
            activity.framesDropped(renderer.framesDropped - droppedBefore);
            droppedBefore = renderer.framesDropped;
          }
          deliver(frame);
        },
        { colorFormat },
      );
      try {
        await renderer.ready();
      } catch (err) {
        await renderer.stop().catch(() => undefined);
        throw err;
      }
      return { stop: () => renderer.stop() };
    },
  };
}
