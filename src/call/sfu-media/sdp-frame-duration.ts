/**
 * Opus frame duration on the send side: libwebrtc's Opus encoder takes its
 * frame length from the `a=ptime` of the remote description, and the SFU's
 * answer names none (so 20 ms). The answer is amended locally per m-line.
 * Shorter frames cut mouth-to-ear delay (the encoder waits for a whole frame);
 * they cost packets (100/s instead of 50/s) and so header bytes and CPU per packet.
 * @internal
 * @module
 */
import { editOpusSections } from './sdp-opus-parameters';

/** Sets `a=ptime:<ms>` on the audio m-lines whose mid is in `byMid` (replacing any ptime/maxptime). */
export function withOpusFrameDuration(sdp: string, byMid: ReadonlyMap<string, number>): string {
  return editOpusSections(sdp, byMid, ({ section, pt, eol }, ms) =>
    section
      .replace(/^a=(max)?ptime:.*\r?\n/gm, '')
      .replace(new RegExp(`^(a=rtpmap:${pt} opus/48000.*)$`, 'im'), `$1${eol}a=ptime:${ms}`),
  );
}
