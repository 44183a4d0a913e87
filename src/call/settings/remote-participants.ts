/**
 * Checks of permission changes and remote participant updates.
 * @internal
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { participantId, permissionsUpdate } from '../../signaling/message-validators';
import type { PermissionsUpdate, RemoteParticipantUpdate } from '../../signaling/messages';
import { array, boolean, describe, isPlainObject, object, optional, record } from '../../signaling/validation';
import { check } from './check';

export function checkPermissionsUpdate(value: unknown, field: string): PermissionsUpdate {
  if (!isPlainObject(value)) throw new InvalidArgumentError(field, `must be an object, got ${describe(value)}`);
  return check(permissionsUpdate, value, field);
}

const remoteUpdate = object({
  permissions: optional(permissionsUpdate),
  inputsEnabled: optional(
    object({ camera: optional(boolean()), microphone: optional(boolean()), screenShare: optional(boolean()) }),
  ),
});

export function checkRemoteUpdates(value: unknown, field: string): Record<string, RemoteParticipantUpdate> {
  if (!isPlainObject(value))
    throw new InvalidArgumentError(field, `must be an object of participant id → update, got ${describe(value)}`);
  const updates = check(record(remoteUpdate, { key: participantId, max: 200 }), value, field);
  if (Object.keys(updates).length === 0) throw new InvalidArgumentError(field, 'must name at least one participant');
  return updates;
}

export function checkParticipantIds(value: unknown, field: string): string[] {
  return check(array(participantId, { min: 1, max: 200 }), value, field);
}
