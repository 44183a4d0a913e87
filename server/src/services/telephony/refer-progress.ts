/**
 * Follows one blind transfer (SIP REFER) of a phone leg: the phone answers the
 * REFER 202 and then reports how its call to the Refer-To target goes in
 * NOTIFYs whose body is a message/sipfrag status line ("SIP/2.0 180
 * Ringing", then a final "SIP/2.0 200 OK" or "SIP/2.0 486 Busy Here"). Janus
 * relays those as `notify` events (notify: "refer"). A REFER the phone
 * refuses is only logged by Janus (no event), and RFC 3515 makes the first
 * NOTIFY immediate, so silence past a deadline counts as a failed transfer.
 */

/** One step of a transfer, as the room reports it. */
export interface ReferStep {
  /** The Refer-To URI. */
  uri: string;
  /** The sipfrag's status code (0 when none came: the deadline passed). */
  code: number;
  /** "Busy Here", or why there is no code. */
  reason: string;
  /** No more steps follow. */
  final: boolean;
  /** The transfer did not happen (final and not 2xx). */
  failed: boolean;
}

/** How long the phone has to send its first NOTIFY (covers SIP retransmissions up to 4 s). */
export const REFER_NOTIFY_TIMEOUT_MS = 8000;

/** The status line of a message/sipfrag body, or undefined when it has none. */
export function parseSipfrag(content: string | undefined): { code: number; reason: string } | undefined {
  const m = /^\s*SIP\/2\.0\s+(\d{3})\s*([^\r\n]*)/.exec(content ?? '');
  return m ? { code: Number(m[1]), reason: m[2]!.trim() } : undefined;
}

export class ReferProgress {
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(
    readonly uri: string,
    private readonly report: (step: ReferStep) => void,
    timeoutMs = REFER_NOTIFY_TIMEOUT_MS,
  ) {
    this.timer = setTimeout(() => {
      this.finish({ code: 0, reason: `no NOTIFY within ${timeoutMs / 1000} s (the phone refused the REFER?)` });
    }, timeoutMs);
  }

  get finished(): boolean {
    return this.done;
  }

  /** A `notify` event of the leg's SIP handle (`substate` "terminated" ends the subscription). */
  onNotify(content: string | undefined, substate: string | undefined): void {
    if (this.done) return;
    clearTimeout(this.timer);
    const frag = parseSipfrag(content) ?? { code: 0, reason: `NOTIFY without a status line (${substate ?? '?'})` };
    if (frag.code >= 200 || substate === 'terminated') this.finish(frag);
    else this.report({ uri: this.uri, ...frag, final: false, failed: false });
  }

  /** The call ended (or the leg went away) before the outcome came. */
  cancel(): void {
    this.done = true;
    clearTimeout(this.timer);
  }

  private finish(frag: { code: number; reason: string }): void {
    this.cancel();
    const failed = frag.code < 200 || frag.code >= 300;
    this.report({ uri: this.uri, ...frag, final: true, failed });
  }
}
