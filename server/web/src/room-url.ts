/**
 * What the page's own address says: the room (the one path segment), the
 * meeting token (`?t=`), a pre-filled name (`?name=`), and whether the server
 * found the room when it served the page.
 */
import { ROOM_NAME_PATTERN } from '../../../src/signaling/protocol';

export interface PageAddress {
  roomName: string | undefined;
  token: string | undefined;
  name: string;
  /** `not-found` when the server knew at serving time that the room does not exist. */
  roomStatus: string;
}

export function readPageAddress(): PageAddress {
  const segments = location.pathname.split('/').filter(Boolean);
  let roomName: string | undefined;
  try {
    const candidate = segments.length === 1 ? decodeURIComponent(segments[0]!) : '';
    roomName = ROOM_NAME_PATTERN.test(candidate) ? candidate : undefined;
  } catch {
    roomName = undefined;
  }
  const query = new URLSearchParams(location.search);
  const meta = document.querySelector<HTMLMetaElement>('meta[name="daily-node-room"]');
  return {
    roomName,
    token: query.get('t') || undefined,
    name: query.get('name') ?? '',
    roomStatus: meta?.content ?? 'unknown',
  };
}
