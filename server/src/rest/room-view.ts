/** A stored room in Daily's REST shape. */
import { meetingUrlFor } from 'daily-node/protocol';
import type { RoomRecord } from '../storage/storage';

export interface DailyRoom {
  id: string;
  name: string;
  api_created: true;
  privacy: 'public' | 'private';
  url: string;
  created_at: string;
  config: Record<string, unknown>;
}

export function toDailyRoom(room: RoomRecord, publicUrl: string): DailyRoom {
  return {
    id: room.id,
    name: room.name,
    api_created: true,
    privacy: room.privacy,
    url: meetingUrlFor(publicUrl, room.name),
    created_at: room.createdAt,
    config: { ...room.properties },
  };
}
