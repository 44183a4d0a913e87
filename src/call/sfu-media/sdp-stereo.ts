/**
 * Opus stereo on the send side: libwebrtc encodes stereo only when the remote
 * description asks for it (`stereo=1` in the Opus fmtp), and the SFU's answer
 * does not. The answer is amended locally for the m-lines that should send
 * stereo, as browsers do.
 * @internal
 * @module
 */

/** Adds `stereo=1;sprop-stereo=1` to the Opus fmtp of the m-lines whose mid is in `mids`. */
export function withOpusStereo(sdp: string, mids: ReadonlySet<string>): string {
  if (mids.size === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const sections = sdp.split(/(?=^m=)/m);
  return sections
    .map((section) => {
      const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
      if (!section.startsWith('m=audio') || mid === undefined || !mids.has(mid)) return section;
      const pt = /^a=rtpmap:(\d+) opus\/48000/im.exec(section)?.[1];
      if (pt === undefined) return section;
      const fmtp = new RegExp(`^a=fmtp:${pt} (.*)$`, 'm');
      if (fmtp.test(section)) {
        return section.replace(fmtp, (_line, params: string) => {
          const kept = params.split(';').filter((p) => p && !/^(stereo|sprop-stereo)=/.test(p.trim()));
          return `a=fmtp:${pt} ${[...kept, 'stereo=1', 'sprop-stereo=1'].join(';')}`;
        });
      }
      return section.replace(new RegExp(`^(a=rtpmap:${pt} .*)$`, 'm'), `$1${eol}a=fmtp:${pt} stereo=1;sprop-stereo=1`);
    })
    .join('');
}
