/**
 * Which audio codecs a phone leg offers. The Janus SIP plugin does not
 * transcode: its INVITE carries only the codecs of our WebRTC offer, so the
 * offer must hold only what phones speak (G.711, G.722) plus telephone-event.
 */

/** daily-python codec names → RTP encoding names, in the default order of preference. */
const RTP_NAMES: Record<string, string> = { PCMU: 'PCMU', PCMA: 'PCMA', G722: 'G722', OPUS: 'opus' };
/** Without `codecs.audio`: G.711 µ-law then A-law, as PSTN gateways expect. */
export const DEFAULT_PHONE_CODECS = ['PCMU', 'PCMA'];

/** The RTP names to offer for daily-python's `codecs.audio` (always with telephone-event for DTMF). */
export function phoneCodecs(audio: readonly string[] | undefined): string[] {
  const names = (audio && audio.length > 0 ? audio : DEFAULT_PHONE_CODECS).map((c) => RTP_NAMES[c] ?? c);
  return [...new Set(names), 'telephone-event'];
}

/**
 * Keeps only `codecs` (RTP names, case-insensitive, in that order of
 * preference) in the audio m-lines of `sdp`; the payload types dropped lose
 * their rtpmap/fmtp/rtcp-fb lines. Returns the SDP and the names kept.
 */
export function restrictAudioCodecs(sdp: string, codecs: readonly string[]): { sdp: string; kept: string[] } {
  const wanted = codecs.map((c) => c.toLowerCase());
  const lines = sdp.split(/\r\n/);
  const out: string[] = [];
  const kept = new Set<string>();
  let section: string[] | undefined;
  const flush = (): void => {
    if (section) out.push(...filterSection(section, wanted, kept));
    section = undefined;
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      flush();
      section = [line];
    } else if (section) section.push(line);
    else out.push(line);
  }
  flush();
  return { sdp: out.join('\r\n'), kept: wanted.filter((w) => kept.has(w)) };
}

function filterSection(section: string[], wanted: string[], kept: Set<string>): string[] {
  if (!section[0]!.startsWith('m=audio ')) return section;
  const names = new Map<string, string>();
  for (const line of section) {
    const m = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line);
    if (m) names.set(m[1]!, m[2]!.toLowerCase());
  }
  const allowed = [...names.entries()]
    .filter(([, name]) => wanted.includes(name))
    .sort((a, b) => wanted.indexOf(a[1]) - wanted.indexOf(b[1]));
  for (const [, name] of allowed) kept.add(name);
  const keep = new Set(allowed.map(([pt]) => pt));
  const [mline, ...rest] = section;
  const head = mline!.split(' ').slice(0, 3);
  const filtered = rest.filter((line) => {
    const pt = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/.exec(line)?.[1];
    return pt === undefined || keep.has(pt);
  });
  return [[...head, ...allowed.map(([pt]) => pt)].join(' '), ...filtered];
}
