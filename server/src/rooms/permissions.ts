/** Applying permission changes and the admin rules around them. */
import {
  CAN_ADMIN_PERMISSIONS,
  CAN_SEND_PERMISSIONS,
  type CanReceivePermission,
  type ParticipantPermissions,
  type PermissionsUpdate,
} from 'daily-node/protocol';

/** Returns `current` with every key present in `update` replaced (canReceive: per sub-key). */
export function applyPermissionsUpdate(
  current: ParticipantPermissions,
  update: PermissionsUpdate | undefined,
): ParticipantPermissions {
  if (!update) return current;
  const next: ParticipantPermissions = { ...current, canReceive: { ...current.canReceive } };
  if (update.hasPresence !== undefined) next.hasPresence = update.hasPresence;
  if (update.canSend !== undefined) {
    next.canSend =
      update.canSend === true
        ? [...CAN_SEND_PERMISSIONS]
        : update.canSend === false
          ? []
          : [...new Set(update.canSend)];
  }
  if (update.canAdmin !== undefined) {
    next.canAdmin =
      update.canAdmin === true
        ? [...CAN_ADMIN_PERMISSIONS]
        : update.canAdmin === false
          ? []
          : [...new Set(update.canAdmin)];
  }
  if (update.canReceive !== undefined) {
    const r = update.canReceive;
    const canReceive: CanReceivePermission = { ...next.canReceive };
    if (r.base !== undefined) canReceive.base = r.base;
    if (r.byUserId !== undefined) canReceive.byUserId = r.byUserId;
    if (r.byParticipantId !== undefined) canReceive.byParticipantId = r.byParticipantId;
    next.canReceive = canReceive;
  }
  return next;
}

/** Whether a participant may manage others (owner, or `canAdmin` holds `participants`). */
export function canManageParticipants(p: { isOwner: boolean; permissions: ParticipantPermissions }): boolean {
  return p.isOwner || p.permissions.canAdmin.includes('participants');
}
