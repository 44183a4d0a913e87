/**
 * Opus stereo on the send side: libwebrtc encodes stereo only when the remote
 * description asks for it (`stereo=1` in the Opus fmtp), and the SFU's answer
 * does not. The answer is amended locally for the m-lines that should send
 * stereo, as browsers do.
 * @internal
 * @module
 */
import { withOpusParameters } from './sdp-opus-parameters';

/** Adds `stereo=1;sprop-stereo=1` to the Opus fmtp of the m-lines whose mid is in `mids`. */
export function withOpusStereo(sdp: string, mids: ReadonlySet<string>): string {
  const stereo = { stereo: '1', 'sprop-stereo': '1' };
  return withOpusParameters(sdp, new Map([...mids].map((mid) => [mid, stereo])));
}
