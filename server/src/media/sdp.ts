/** Just enough SDP parsing to check a publisher offer against its track list. */

/** One m-line of an SDP. */
export interface MediaSection {
  kind: string;
  mid: string | undefined;
  /** Port 0 or `a=inactive`: the m-line carries nothing. */
  inactive: boolean;
  /** Simulcast layers sent (rids in `a=simulcast:send`), 1 without simulcast. */
  layers: number;
}

/** The m-lines of `sdp`, in order. */
export function mediaSections(sdp: string): MediaSection[] {
  const sections: MediaSection[] = [];
  let current: MediaSection | undefined;
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      const [kind, port] = line.slice(2).split(' ');
      current = { kind: kind ?? '', mid: undefined, inactive: port === '0', layers: 1 };
      sections.push(current);
    } else if (current && line.startsWith('a=mid:')) {
      current.mid = line.slice(6);
    } else if (current && line === 'a=inactive') {
      current.inactive = true;
    } else if (current && line.startsWith('a=simulcast:send ')) {
      // "a=simulcast:send l;m;h" (alternatives separated by ",", paused ones prefixed "~").
      current.layers = line.slice('a=simulcast:send '.length).split(' ')[0]!.split(';').filter(Boolean).length || 1;
    }
  }
  return sections;
}
