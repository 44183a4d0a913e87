/**
 * Meeting URLs: `http(s)://HOST[:PORT]/ROOM` (optionally `?t=TOKEN`, as on Daily).
 * The signaling endpoint is derived from it: same host and port, `ws`/`wss`,
 * path {@link SIGNALING_PATH}.
 * @module
 */
import { SIGNALING_PATH } from './messages';
import { ROOM_NAME_PATTERN } from './message-validators';
import { ValidationError } from './validation';

/** What a meeting URL tells a client. */
export interface MeetingEndpoint {
  /** The room's name (last and only path segment). */
  roomName: string;
  /** WebSocket URL of the signaling endpoint. */
  signalingUrl: string;
  /** `http(s)://HOST[:PORT]`: base of the REST API (`/v1/...`). */
  serverUrl: string;
  /** A meeting token given in the URL as `?t=...`, if any. */
  token: string | undefined;
}

/**
 * Derives the signaling endpoint and room name from a meeting URL.
 * @throws ValidationError (field `meetingUrl`) when the URL is not of the form
 *   `http(s)://HOST[:PORT]/ROOM`
 */
export function parseMeetingUrl(meetingUrl: string): MeetingEndpoint {
  const field = 'meetingUrl';
  if (typeof meetingUrl !== 'string') throw new ValidationError(field, 'must be a string');
  let url: URL;
  try {
    url = new URL(meetingUrl);
  } catch {
    throw new ValidationError(field, `is not a URL: "${meetingUrl.slice(0, 200)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(field, `must start with http:// or https://, got ${url.protocol}//`);
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (segments.length !== 1)
    throw new ValidationError(field, 'must have exactly one path segment, the room name: http(s)://HOST[:PORT]/ROOM');
  const roomName = decodeURIComponent(segments[0]!);
  if (!ROOM_NAME_PATTERN.test(roomName)) {
    throw new ValidationError(
      field,
      `room name "${roomName.slice(0, 200)}" may only contain letters, digits, _ and - (1 to 128 characters)`,
    );
  }
  const wsScheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = url.searchParams.get('t') ?? undefined;
  return {
    roomName,
    signalingUrl: `${wsScheme}//${url.host}${SIGNALING_PATH}`,
    serverUrl: `${url.protocol}//${url.host}`,
    token: token === '' ? undefined : token,
  };
}

/** Builds the meeting URL of a room on a server whose base URL is `serverUrl`. */
export function meetingUrlFor(serverUrl: string, roomName: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/${roomName}`;
}
