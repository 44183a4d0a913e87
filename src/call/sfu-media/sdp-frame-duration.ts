/**
 * Opus frame duration on the send side: libwebrtc's Opus encoder takes its
 * frame length from the `a=ptime` of the remote description, and the SFU's
 * answer names none (so 20 ms). The answer is amended locally per m-line.
 * Shorter frames cut mouth-to-ear delay (the encoder waits for a whole frame);
 * they cost packets (100/s instead of 50/s) and so header bytes and CPU per packet.
 * @internal
 * @module
 */

/** Sets `a=ptime:<ms>` on the audio m-lines whose mid is in `byMid` (replacing any ptime/maxptime). */
export function withOpusFrameDuration(sdp: string, byMid: ReadonlyMap<string, number>): string {
  if (byMid.size === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/(?=^m=)/m)
    .map((section) => {
      const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
      const ms = mid === undefined ? undefined : byMid.get(mid);
      if (!section.startsWith('m=audio') || ms === undefined) return section;
      if (!/^a=rtpmap:\d+ opus\/48000/im.test(section)) return section;
      const cleaned = section.replace(/^a=(max)?ptime:.*\r?\n/gm, '');
      return cleaned.replace(/^(a=rtpmap:\d+ opus\/48000.*)$/im, `$1${eol}a=ptime:${ms}`);
    })
    .join('');
}
