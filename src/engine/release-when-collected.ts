/**
 * Frees an engine object once the SDK object a user holds for it is
 * garbage-collected, for users who drop a track without releasing it (the
 * engine would otherwise keep it, and its source, for the life of the process).
 * @internal
 * @module
 */

/** The engine half of an SDK object: it must not refer back to the SDK object, or that could never be collected. */
export interface Releasable {
  release(): Promise<void>;
}

const registry = new FinalizationRegistry<Releasable>((resident) => {
  // Nobody is left to tell; an engine that died took the object with it.
  resident.release().catch(() => undefined);
});

/** Releases `resident` when `front` is collected, unless {@link forgetWhenCollected} was called first. */
export function releaseWhenCollected(front: object, resident: Releasable): void {
  registry.register(front, resident, front);
}

/** Called on an explicit release, so the registry stops holding the engine half. */
export function forgetWhenCollected(front: object): void {
  registry.unregister(front);
}
