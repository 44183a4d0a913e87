/**
 * Which participants are on the phone. The server gives a phone leg its SIP
 * address as `info.userId` (the dial-in caller's From URI, the dialled URI of
 * a dial-out unless `startDialout` set a userId), so the page reads the
 * participant data it already has instead of a field daily-python does not have.
 */

/** A user id that is a SIP or tel URI: a phone participant. */
export function isPhoneParticipant(userId: string | undefined): boolean {
  return /^(sips?|tel):/i.test(userId ?? '');
}
