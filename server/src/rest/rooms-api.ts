/**
 * `/v1/rooms`: create, list, get, update (POST to the room, as Daily), delete.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ROOM_NAME_PATTERN, validation } from 'daily-node/protocol';
import { HttpError, badRequest, notFound } from '../http/http-error';
import { readJson } from '../http/read-json';
import type { Router } from '../http/router';
import { checkRoomProperties, mergeRoomProperties, type RoomProperties } from '../rooms/room-properties';
import { RoomExistsError, type RoomRecord, type Storage } from '../storage/storage';
import { toDailyRoom } from './room-view';

const { object, optional, oneOf, string, json, ValidationError } = validation;

/** Names that would collide with the server's own paths. */
const RESERVED_NAMES = new Set(['v1', 'healthz']);

/** What the rooms API tells the live side (signaling) about. */
export interface RoomChangeListener {
  roomUpdated(room: RoomRecord): void;
  roomDeleted(name: string): void;
}

export interface RoomsApiDeps {
  storage: Storage;
  publicUrl: string;
  listener?: RoomChangeListener | undefined;
}

/** Runs a validation and turns its error into a 400. */
export function validated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValidationError) throw badRequest(e.field, e.reason);
    throw e;
  }
}

const roomName = string({ pattern: ROOM_NAME_PATTERN, patternText: 'letters, digits, _ and - (1 to 128 characters)' });
const roomBody = object({
  name: optional(roomName),
  privacy: optional(oneOf('public', 'private')),
  properties: optional(json()),
});

function randomRoomName(): string {
  // 20 characters from [A-Za-z0-9], like Daily's generated names.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('');
}

function pageLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw badRequest('limit', `must be an integer from 1 to 100, got "${raw.slice(0, 40)}"`);
  return n;
}

export function addRoomRoutes(router: Router, deps: RoomsApiDeps): void {
  const { storage, publicUrl } = deps;

  const getOr404 = async (name: string): Promise<RoomRecord> => {
    const room = await storage.getRoom(name);
    if (!room) throw notFound(`room "${name}" does not exist`);
    return room;
  };

  router.add('POST', '/v1/rooms', async ({ req }) => {
    const raw = await readJson(req);
    const body = validated(() => roomBody(raw, ''));
    const properties = validated(() =>
      checkRoomProperties(body.properties ?? {}, 'properties', false),
    ) as RoomProperties;
    const name = body.name ?? randomRoomName();
    if (RESERVED_NAMES.has(name)) throw badRequest('name', `"${name}" is reserved by the server`);
    const room: RoomRecord = {
      id: randomUUID(),
      name,
      privacy: body.privacy ?? 'public',
      properties,
      createdAt: new Date().toISOString(),
    };
    try {
      await storage.createRoom(room);
    } catch (e) {
      if (e instanceof RoomExistsError) throw new HttpError(409, 'already-exists', e.message, 'name');
      throw e;
    }
    return toDailyRoom(room, publicUrl) as unknown as Record<string, unknown>;
  });

  router.add('GET', '/v1/rooms', async ({ query }) => {
    const limit = pageLimit(query);
    const startingAfter = query.get('starting_after') ?? undefined;
    const endingBefore = query.get('ending_before') ?? undefined;
    const rooms = await storage.listRooms({
      limit,
      ...(startingAfter !== undefined ? { startingAfter } : {}),
      ...(endingBefore !== undefined ? { endingBefore } : {}),
    });
    return { total_count: await storage.countRooms(), data: rooms.map((r) => toDailyRoom(r, publicUrl)) };
  });

  router.add('GET', '/v1/rooms/:name', async ({ params }) => {
    return toDailyRoom(await getOr404(params.name!), publicUrl) as unknown as Record<string, unknown>;
  });

  router.add('POST', '/v1/rooms/:name', async ({ req, params }) => {
    const current = await getOr404(params.name!);
    const raw = await readJson(req);
    const body = validated(() =>
      object({ privacy: optional(oneOf('public', 'private')), properties: optional(json()) })(raw, ''),
    );
    const change = validated(() => checkRoomProperties(body.properties ?? {}, 'properties', true));
    const properties = mergeRoomProperties(current.properties, change);
    if (typeof properties.nbf === 'number' && typeof properties.exp === 'number' && properties.exp <= properties.nbf) {
      throw badRequest('properties.exp', 'must be later than nbf');
    }
    const updated = await storage.updateRoom(current.name, { privacy: body.privacy ?? current.privacy, properties });
    if (!updated) throw notFound(`room "${current.name}" does not exist`);
    deps.listener?.roomUpdated(updated);
    return toDailyRoom(updated, publicUrl) as unknown as Record<string, unknown>;
  });

  router.add('DELETE', '/v1/rooms/:name', async ({ params }) => {
    const name = params.name!;
    if (!(await storage.deleteRoom(name))) throw notFound(`room "${name}" does not exist`);
    deps.listener?.roomDeleted(name);
    return { deleted: true, name };
  });
}
