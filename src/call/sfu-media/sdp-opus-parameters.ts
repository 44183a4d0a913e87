/**
 * Opus settings on the send side. libwebrtc configures its Opus encoder from
 * the remote description, and the SFU's answer carries only its own choices;
 * the SDK amends the answer locally per m-line before applying it (stereo:
 * sdp-stereo.ts; frame duration: sdp-frame-duration.ts; the source's capture
 * rate: sdp-capture-rate.ts).
 * @internal
 * @module
 */

/** What `edit` gets for one Opus m-line: its text, its Opus payload type, and the SDP's line ending. */
export interface OpusSection {
  section: string;
  pt: string;
  eol: string;
}

/**
 * Rewrites each audio m-line that carries Opus and whose mid is in `byMid`
 * with `edit` (given that mid's value); other sections are kept as they are.
 */
export function editOpusSections<T>(
  sdp: string,
  byMid: ReadonlyMap<string, T>,
  edit: (opus: OpusSection, value: T) => string,
): string {
  if (byMid.size === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/(?=^m=)/m)
    .map((section) => {
      const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
      const value = mid === undefined ? undefined : byMid.get(mid);
      if (!section.startsWith('m=audio') || value === undefined) return section;
      const pt = /^a=rtpmap:(\d+) opus\/48000/im.exec(section)?.[1];
      return pt === undefined ? section : edit({ section, pt, eol }, value);
    })
    .join('');
}

/**
 * Sets `params` in the Opus fmtp line of each audio m-line whose mid is in
 * `byMid` (replacing those names, keeping the others), adding the fmtp line
 * when the section has none.
 */
export function withOpusParameters(sdp: string, byMid: ReadonlyMap<string, Record<string, string>>): string {
  return editOpusSections(sdp, byMid, ({ section, pt, eol }, params) => {
    const added = Object.entries(params).map(([name, value]) => `${name}=${value}`);
    const fmtp = new RegExp(`^a=fmtp:${pt} (.*)$`, 'm');
    if (!fmtp.test(section))
      return section.replace(new RegExp(`^(a=rtpmap:${pt} .*)$`, 'm'), `$1${eol}a=fmtp:${pt} ${added.join(';')}`);
    return section.replace(fmtp, (_line, existing: string) => {
      const kept = existing.split(';').filter((p) => p.trim() && !(p.trim().split('=')[0]! in params));
      return `a=fmtp:${pt} ${[...kept, ...added].join(';')}`;
    });
  });
}
