/**
 * Opus parameters on the send side. libwebrtc configures its Opus encoder
 * from the fmtp of the remote description, and the SFU's answer carries only
 * its own; the SDK amends the answer locally per m-line before applying it
 * (stereo: sdp-stereo.ts; the source's capture rate: sdp-capture-rate.ts).
 * @internal
 * @module
 */

/**
 * Sets `params` in the Opus fmtp line of each audio m-line whose mid is in
 * `byMid` (replacing those names, keeping the others), adding the fmtp line
 * when the section has none.
 */
export function withOpusParameters(sdp: string, byMid: ReadonlyMap<string, Record<string, string>>): string {
  if (byMid.size === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/(?=^m=)/m)
    .map((section) => {
      const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
      const params = mid === undefined ? undefined : byMid.get(mid);
      if (!section.startsWith('m=audio') || params === undefined) return section;
      const pt = /^a=rtpmap:(\d+) opus\/48000/im.exec(section)?.[1];
      if (pt === undefined) return section;
      const added = Object.entries(params).map(([name, value]) => `${name}=${value}`);
      const fmtp = new RegExp(`^a=fmtp:${pt} (.*)$`, 'm');
      if (!fmtp.test(section))
        return section.replace(new RegExp(`^(a=rtpmap:${pt} .*)$`, 'm'), `$1${eol}a=fmtp:${pt} ${added.join(';')}`);
      return section.replace(fmtp, (_line, existing: string) => {
        const kept = existing.split(';').filter((p) => p.trim() && !(p.trim().split('=')[0]! in params));
        return `a=fmtp:${pt} ${[...kept, ...added].join(';')}`;
      });
    })
    .join('');
}
