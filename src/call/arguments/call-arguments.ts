/**
 * Checks of the CallClient's own arguments (meeting URL, participant ids,
 * track names, renderer options, custom tracks). Each throws an
 * InvalidArgumentError naming the field and the reason; none has side effects.
 * @internal
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { CustomAudioTrack } from '../../media/audio/custom-audio-track';
import { CustomVideoTrack } from '../../media/video/custom-video-track';
import { TRACK_NAME_PATTERN } from '../../signaling/message-validators';
import { parseMeetingUrl, type MeetingEndpoint } from '../../signaling/meeting-url';
import { isStandardTrackName } from '../../signaling/participant';
import { checkKnownKeys } from '../../options-object';
import { ValidationError, describe } from '../../signaling/validation';
import { checkInteger, optionsAndCompletion } from './arguments';
import type { CustomAudioTrackOptions } from './call-options';
import { checkCompletion, type Completion } from './completion';
import { checkInputsUpdate, mergeInputs, resolveInputTracks } from '../settings/inputs';
import { checkPublishingUpdate } from '../settings/publishing';
import type { ClientSettings, InputSettings } from '../types/types';

/** daily-python's default `logging_interval_ms`. */
const DEFAULT_RENDERER_LOGGING_INTERVAL_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `http(s)://HOST[:PORT]/ROOM[?t=TOKEN]`, as the signaling endpoint it names. */
export function checkMeetingUrl(meetingUrl: unknown): MeetingEndpoint {
  try {
    return parseMeetingUrl(meetingUrl as string);
  } catch (err) {
    if (err instanceof ValidationError) throw new InvalidArgumentError(err.field, err.reason);
    throw err;
  }
}

/**
 * `join`'s `clientSettings`, checked against the inputs already set (a device
 * or custom track they name must exist now, not when publishing fails later).
 */
export function checkClientSettings(value: unknown, currentInputs: InputSettings): ClientSettings | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new InvalidArgumentError('clientSettings', `must be an object, got ${describe(value)}`);
  checkKnownKeys(value, ['inputs', 'publishing'], 'clientSettings');
  const raw = value as ClientSettings;
  const settings: ClientSettings = {};
  if (raw.inputs !== undefined) {
    settings.inputs = checkInputsUpdate(raw.inputs, 'clientSettings.inputs');
    resolveInputTracks(mergeInputs(currentInputs, settings.inputs), 'clientSettings.inputs');
  }
  if (raw.publishing !== undefined)
    settings.publishing = checkPublishingUpdate(raw.publishing, 'clientSettings.publishing');
  return settings;
}

/** A copy of `message` as JSON would carry it; refuses what JSON cannot (cycles, BigInt, functions). */
export function checkJsonValue(message: unknown, field: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(message);
  } catch (err) {
    throw new InvalidArgumentError(field, `must be JSON-serializable: ${(err as Error).message}`);
  }
  if (text === undefined) throw new InvalidArgumentError(field, `must be JSON-serializable, got ${typeof message}`);
  return JSON.parse(text) as unknown;
}

/** An optional participant id (a UUID), as `sendAppMessage`'s recipient. */
export function checkOptionalParticipantId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !UUID.test(value))
    throw new InvalidArgumentError(field, `invalid participant ID '${String(value)}'`);
  return value;
}

/** Whose media a renderer follows: a participant id, or `local`. */
export function checkRendererTarget(participantId: unknown): void {
  if (participantId === 'local') return;
  if (typeof participantId !== 'string' || !UUID.test(participantId)) {
    throw new InvalidArgumentError(
      'participantId',
      `must be a participant id (UUID) or 'local', got ${describe(participantId)}`,
    );
  }
}

/** A track name to render: a standard one (`microphone`, `camera`, ...) or a custom track's. */
export function checkTrackSource(source: unknown, field: string): string {
  if (typeof source !== 'string' || !TRACK_NAME_PATTERN.test(source)) {
    throw new InvalidArgumentError(
      field,
      `must be a track name (letters, digits, _, - and ., 1 to 64 characters), got ${describe(source)}`,
    );
  }
  return source;
}

/** A renderer's interval: audio arrives in 10 ms blocks, so other values would never fire on time. */
export function checkCallbackInterval(value: unknown, field: string): number {
  const interval = checkInteger(value, field, 10, 10_000);
  if (interval % 10 !== 0)
    throw new InvalidArgumentError(
      field,
      `must be a multiple of 10 ms (audio arrives in 10 ms blocks), got ${interval}`,
    );
  return interval;
}

/** `loggingIntervalMs`: 0 (never) or 100 ms to a day; absent means daily-python's 10 s. */
export function checkLoggingInterval(value: unknown): number {
  const ms = checkInteger(value ?? DEFAULT_RENDERER_LOGGING_INTERVAL_MS, 'loggingIntervalMs', 0, 86_400_000);
  if (ms !== 0 && ms < 100)
    throw new InvalidArgumentError('loggingIntervalMs', `must be 0 (no log line) or at least 100 ms, got ${ms}`);
  return ms;
}

/** A custom track's name: a valid track name that is not one of the standard inputs. */
export function checkCustomTrackName(trackName: unknown): string {
  if (typeof trackName !== 'string' || !TRACK_NAME_PATTERN.test(trackName)) {
    throw new InvalidArgumentError(
      'trackName',
      `must be letters, digits, _, - and . (1 to 64 characters), got ${describe(trackName)}`,
    );
  }
  if (isStandardTrackName(trackName)) {
    throw new InvalidArgumentError(
      'trackName',
      `'${trackName}' is a standard track; choose it through updateInputs instead`,
    );
  }
  return trackName;
}

/** Arguments of add/updateCustomAudioTrack; returns the completion wherever it was given. */
export function checkCustomAudioArgs(
  trackName: unknown,
  audioTrack: unknown,
  options: CustomAudioTrackOptions | Completion | null | undefined,
  completion: Completion | undefined,
): { completion: Completion | undefined; ignoreAudioLevel: boolean } {
  checkCustomTrackName(trackName);
  if (!(audioTrack instanceof CustomAudioTrack))
    throw new InvalidArgumentError('audioTrack', `must be a CustomAudioTrack, got ${describe(audioTrack)}`);
  if (audioTrack.released) throw new InvalidArgumentError('audioTrack', 'has been released');
  const split = optionsAndCompletion<CustomAudioTrackOptions, Completion>(
    options,
    completion,
    ['ignoreAudioLevel'],
    'add/updateCustomAudioTrack',
  );
  const ignore = split.options.ignoreAudioLevel;
  if (ignore !== undefined && ignore !== null && typeof ignore !== 'boolean') {
    throw new InvalidArgumentError('ignoreAudioLevel', `must be true, false or null, got ${describe(ignore)}`);
  }
  return { completion: split.completion, ignoreAudioLevel: ignore === true };
}

/** Arguments of add/updateCustomVideoTrack. */
export function checkCustomVideoArgs(trackName: unknown, videoTrack: unknown, completion: unknown): void {
  checkCustomTrackName(trackName);
  if (!(videoTrack instanceof CustomVideoTrack))
    throw new InvalidArgumentError('videoTrack', `must be a CustomVideoTrack, got ${describe(videoTrack)}`);
  if (videoTrack.isReleased) throw new InvalidArgumentError('videoTrack', 'has been released');
  checkCompletion(completion);
}

export function checkObjectArg(value: unknown, field: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(field, `must be an object, got ${describe(value)}`);
  }
}
