/**
 * Runtime checks of the telephony settings (daily-python's DialoutSettings,
 * DialoutSendDtmfSettings and SipCallTransferSettings), shared by the SDK and
 * the server so bad input fails at once, naming the field.
 * @module
 */
import type { DialoutSendDtmfSettings, DialoutSettings, SipCallTransferSettings } from '../call/types/service-types';
import {
  ValidationError,
  array,
  boolean,
  json,
  number,
  object,
  oneOf,
  optional,
  record,
  string,
  type Validator,
} from './validation';

/** `sip:` or `sips:` URIs with a host (user part optional), no spaces or angle brackets; at most 256 characters. */
export const SIP_URI_PATTERN = /^sips?:([^\s@<>"]+@)?[A-Za-z0-9.[\]:_-]+(;[^\s<>"]*)?$/;
/** E.164-like numbers: an optional `+`, then 3 to 15 digits. */
export const PHONE_NUMBER_PATTERN = /^\+?[0-9]{3,15}$/;
/** DTMF digits: 0-9, *, #, A-D. */
export const DTMF_TONES_PATTERN = /^[0-9*#A-D]+$/;
/** Audio codecs a phone leg can offer (daily-python's names). */
export const DIALOUT_AUDIO_CODECS = ['PCMU', 'PCMA', 'OPUS', 'G722'] as const;

export const sipUri = string({ min: 1, max: 256, pattern: SIP_URI_PATTERN, patternText: 'a SIP URI (sip:user@host)' });
const phoneNumber = string({
  pattern: PHONE_NUMBER_PATTERN,
  patternText: 'an E.164 number (+ and 3 to 15 digits)',
});
export const dtmfTones = string({ min: 1, max: 64, pattern: DTMF_TONES_PATTERN, patternText: '0-9, *, #, A-D' });
const sessionId = string({ min: 1, max: 128 });

const dialoutShape = object({
  sipUri: optional(sipUri),
  phoneNumber: optional(phoneNumber),
  provider: optional(string({ min: 1, max: 64 })),
  displayName: optional(string({ max: 256 })),
  userId: optional(string({ min: 1, max: 256 })),
  callerId: optional(string({ min: 1, max: 64 })),
  video: optional(boolean()),
  codecs: optional(
    object({
      audio: optional(array(oneOf(...DIALOUT_AUDIO_CODECS), { min: 1, max: 4 })),
      video: optional(array(oneOf('H264', 'VP8'), { max: 2 })),
    }),
  ),
  permissions: optional(object({ canReceive: optional(record(json(), { max: 16 })) })),
  extension: optional(string({ min: 1, max: 32, pattern: /^[0-9*#A-Dw,]+$/, patternText: '0-9, *, #, A-D, w and ,' })),
  waitBeforeExtensionDialSec: optional(number({ min: 0, max: 60 })),
});

/** Checks DialoutSettings: exactly one of `sipUri` and `phoneNumber`; no video (phone legs are audio). */
export const dialoutSettings: Validator<DialoutSettings> = (value, field) => {
  const s = dialoutShape(value, field) as DialoutSettings;
  const at = (k: string): string => (field ? `${field}.${k}` : k);
  if (s.sipUri === undefined && s.phoneNumber === undefined)
    throw new ValidationError(at('sipUri'), 'is required (or phoneNumber)');
  if (s.sipUri !== undefined && s.phoneNumber !== undefined)
    throw new ValidationError(at('phoneNumber'), 'must not be given with sipUri');
  if (s.video === true) throw new ValidationError(at('video'), 'is not supported: phone legs carry audio only');
  return s;
};

/** Checks DialoutSendDtmfSettings. */
export const dtmfSettings: Validator<DialoutSendDtmfSettings> = object({
  sessionId,
  tones: dtmfTones,
  method: optional(oneOf('sip-info', 'telephone-event', 'auto')),
  digitDurationMs: optional(number({ integer: true, min: 40, max: 5000 })),
});

/** Checks SipCallTransferSettings (sipCallTransfer and sipRefer). */
export const sipTransferSettings: Validator<SipCallTransferSettings> = object({
  sessionId,
  toEndPoint: string({ min: 1, max: 512 }),
  callerId: optional(string({ min: 1, max: 64 })),
});
