/**
 * A recording's output from its StreamingSettings (already checked by the
 * protocol validators) and the room's `enable_recording`: defaults filled in,
 * and what this server cannot do refused, naming the field.
 */
import { SignalingProtocolError, type StreamingLayout, type StreamingSettings } from 'daily-node/protocol';
import type { RecordingMode } from '../../rooms/room-properties';

/** Daily's defaults for a cloud recording. */
const DEFAULTS = { width: 1280, height: 720, fps: 30, backgroundColor: '#000000', bitrateKbps: 2500, audioKbps: 128 };
/** Daily stops a recording after 3 hours unless told otherwise. */
export const DEFAULT_MAX_DURATION_S = 3 * 3600;

export interface ResolvedRecording {
  type: 'cloud' | 'cloud-audio-only';
  layout: StreamingLayout;
  video: { width: number; height: number; fps: number; bitrateKbps: number; backgroundColor: string } | null;
  audioBitrateKbps: number;
  maxDurationS: number;
}

/** The kinds of recording this server makes. */
export type RecordingType = ResolvedRecording['type'] | 'raw-tracks';

/** The recording `enable_recording` allows, or the reason it is refused. */
export function recordingType(mode: RecordingMode | false | undefined, roomName: string): RecordingType {
  if (mode === 'cloud' || mode === 'cloud-audio-only' || mode === 'raw-tracks') return mode;
  const why = mode === undefined ? 'is not set' : mode === false ? 'is false' : `is "${mode}"`;
  throw new SignalingProtocolError(
    'forbidden',
    `recording is disabled in room "${roomName}" (enable_recording ${why}; ` +
      '"cloud", "cloud-audio-only" or "raw-tracks" allow it)',
  );
}

export function resolveRecording(type: ResolvedRecording['type'], s: StreamingSettings = {}): ResolvedRecording {
  const audioOnly = type === 'cloud-audio-only' || s.layout?.preset === 'audio-only';
  const v = s.video ?? {};
  return {
    type: audioOnly ? 'cloud-audio-only' : 'cloud',
    layout: audioOnly ? { preset: 'audio-only' } : (s.layout ?? { preset: 'default' }),
    video: audioOnly
      ? null
      : {
          width: v.width ?? DEFAULTS.width,
          height: v.height ?? DEFAULTS.height,
          fps: v.fps ?? DEFAULTS.fps,
          bitrateKbps: v.bitrate ?? DEFAULTS.bitrateKbps,
          backgroundColor: v.backgroundColor ?? DEFAULTS.backgroundColor,
        },
    audioBitrateKbps: s.audio?.bitrate ?? DEFAULTS.audioKbps,
    maxDurationS: s.maxDuration ?? DEFAULT_MAX_DURATION_S,
  };
}

/** A layout change must keep the kind of output the encoder was started with. */
export function checkLayoutChange(current: ResolvedRecording | null, layout: StreamingLayout): void {
  if (current === null) {
    throw new SignalingProtocolError(
      'bad-request',
      'a raw-tracks recording has no layout (it writes one file per track)',
      'params.layout',
    );
  }
  if ((layout.preset === 'audio-only') !== (current.video === null)) {
    const what =
      current.video === null
        ? 'an audio-only recording cannot get video'
        : 'a video recording cannot become audio-only';
    throw new SignalingProtocolError('bad-request', `${what}; start a new recording instead`, 'params.layout.preset');
  }
}
