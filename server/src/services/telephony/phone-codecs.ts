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

/** The codecs a transceiver was set to, and the asked ones the engine does not have. */
export interface AppliedCodecs {
  /** RTP names as the engine spells them, in order of preference. */
  applied: string[];
  /** Asked names the engine refused as unknown. */
  missing: string[];
}

/**
 * Sets a transceiver's codec preferences (the engine's `pc.setCodecPreferences`)
 * to `asked`, leaving out names the engine does not know: it refuses a list
 * with an unknown name, naming its index (`codecs[2]`), so that name is dropped
 * and the rest tried again.
 */
export async function preferPhoneCodecs(
  setPreferences: (codecs: string[]) => Promise<string[]>,
  asked: readonly string[],
): Promise<AppliedCodecs> {
  const trying = [...asked];
  const missing: string[] = [];
  for (;;) {
    try {
      return { applied: await setPreferences(trying), missing };
    } catch (e) {
      const index = /^codecs\[(\d+)\]$/.exec((e as { field?: string }).field ?? '')?.[1];
      if (index === undefined || trying.length <= 1) throw e;
      missing.push(...trying.splice(Number(index), 1));
    }
  }
}
