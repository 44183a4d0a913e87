/**
 * REST endpoints about who is in a room right now: presence, app messages
 * from the server side (`from: "API"`), and ejections.
 */
import { Buffer } from 'node:buffer';
import { participantId, validation } from 'daily-node/protocol';
import { HttpError, notFound } from '../http/http-error';
import { readJson } from '../http/read-json';
import type { Router } from '../http/router';
import type { LiveRoom } from '../rooms/live-room';
import type { LiveRooms } from '../rooms/live-rooms';
import type { Storage } from '../storage/storage';
import { validated } from './rooms-api';

const { object, optional, json, array, either, oneOf } = validation;

export interface LiveApiDeps {
  storage: Storage;
  rooms: LiveRooms;
  maxAppMessageBytes: number;
}

/** Daily's presence entry. */
function presenceOf(room: LiveRoom): Array<Record<string, unknown>> {
  const now = Date.now();
  return [...room.participants.values()]
    .filter((p) => p.hasPresence)
    .map((p) => ({
      room: room.name,
      id: p.id,
      userId: p.userId,
      userName: p.userName,
      joinTime: p.joinedAt.toISOString(),
      duration: Math.floor((now - p.joinedAt.getTime()) / 1000),
    }));
}

export function addLiveRoutes(router: Router, deps: LiveApiDeps): void {
  const existing = async (name: string): Promise<LiveRoom | undefined> => {
    if (!(await deps.storage.getRoom(name))) throw notFound(`room "${name}" does not exist`);
    return deps.rooms.get(name);
  };

  router.add('GET', '/v1/rooms/:name/presence', async ({ params }) => {
    const room = await existing(params.name!);
    const data = room ? presenceOf(room) : [];
    return { total_count: data.length, data };
  });

  router.add('GET', '/v1/presence', () => {
    const out: Record<string, unknown> = {};
    for (const room of deps.rooms.all) {
      const entries = presenceOf(room);
      if (entries.length) out[room.name] = entries;
    }
    return out;
  });

  router.add('POST', '/v1/rooms/:name/send-app-message', async ({ req, params }) => {
    const room = await existing(params.name!);
    const raw = await readJson(req);
    const body = validated(() =>
      object({ data: json(), recipient: optional(either(oneOf('*'), participantId, '"*" or a participant id')) })(
        raw,
        '',
      ),
    );
    const size = Buffer.byteLength(JSON.stringify(body.data));
    if (size > deps.maxAppMessageBytes) {
      throw new HttpError(
        400,
        'invalid-request-error',
        `data: is ${size} bytes of JSON; the limit is ${deps.maxAppMessageBytes}`,
        'data',
      );
    }
    const to = body.recipient === '*' ? undefined : body.recipient;
    if (to !== undefined && !room?.participants.has(to))
      throw notFound(`no participant ${to} in room "${params.name}"`);
    room?.appMessage('API', body.data, to);
    return { sent: room !== undefined && room.participants.size > 0 };
  });

  router.add('POST', '/v1/rooms/:name/eject', async ({ req, params }) => {
    const room = await existing(params.name!);
    const raw = await readJson(req);
    const body = validated(() => object({ ids: array(participantId, { min: 1, max: 200 }) })(raw, ''));
    return { ejected: room ? room.ejectByApi(body.ids) : [] };
  });
}
