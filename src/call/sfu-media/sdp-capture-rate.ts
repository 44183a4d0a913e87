/**
 * The source's sample rate on the send side. libwebrtc feeds its Opus encoder
 * 48 kHz whatever the track carries, so a 16 kHz voice was resampled up for
 * every frame; the engine runs the encoder at 16 kHz instead when the Opus fmtp
 * names a capture rate of 16 kHz or less (native/engine/audio/
 * opus_encoder_at_capture_rate.h). The SDK knows each track's source rate and
 * writes it into the answer it applies as `sprop-maxcapturerate` (RFC 7587).
 * @internal
 * @module
 */
import { withOpusParameters } from './sdp-opus-parameters';

/** Sets `sprop-maxcapturerate=<Hz>` in the Opus fmtp of the m-lines whose mid is in `byMid`. */
export function withOpusCaptureRate(sdp: string, byMid: ReadonlyMap<string, number>): string {
  return withOpusParameters(sdp, new Map([...byMid].map(([mid, hz]) => [mid, { 'sprop-maxcapturerate': String(hz) }])));
}
