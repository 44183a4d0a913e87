/**
 * The renderers a CallClient registers: audio (AudioRenderer) and video
 * (VideoRenderer) on whichever engine track carries the source.
 * @internal
 * @module
 */
import type { AudioData } from '../media/audio/audio-data';
import { AudioRenderer } from '../media/audio/audio-renderer';
import type { ColorFormat } from '../media/video/color-format';
import type { VideoFrame } from '../media/video/video-frame';
import { VideoRenderer } from '../media/video/video-renderer';
import type { RendererSpec } from './media/renderer-router';

export interface AudioRenderOptions {
  sampleRate: number;
  callbackIntervalMs: number;
}

export function audioRendererSpec(
  participantId: string,
  source: string,
  options: AudioRenderOptions,
  deliver: (data: AudioData) => void,
): RendererSpec {
  return {
    participantId,
    source,
    kind: 'audio',
    async start(trackId, ended) {
      const renderer = await AudioRenderer.start(trackId, { sampleRate: options.sampleRate, channels: 1, callbackIntervalMs: options.callbackIntervalMs }, deliver);
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
): RendererSpec {
  return {
    participantId,
    source,
    kind: 'video',
    async start(trackId) {
      const renderer = new VideoRenderer(trackId, deliver, { colorFormat });
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
