/**
 * Checks of startTranscription / updateTranscription arguments (the same
 * validators the server applies, so bad input fails at once, naming the field).
 * @internal
 * @module
 */
import { participantId, transcriptionSettings } from '../../signaling/message-validators';
import { array, nullable } from '../../signaling/validation';
import type { TranscriptionSettings } from '../types/service-types';
import { check } from './check';

/** `settings` of startTranscription; null/undefined = the engine's defaults. */
export function checkTranscriptionSettings(value: unknown, field: string): TranscriptionSettings | undefined {
  if (value === undefined || value === null) return undefined;
  return check(transcriptionSettings, value, field) as TranscriptionSettings;
}

/** `participants` of updateTranscription: ids, or null/undefined for everyone. */
export function checkTranscribedParticipants(value: unknown, field: string): string[] | null {
  if (value === undefined) return null;
  return check(nullable(array(participantId, { max: 200 })), value, field);
}
