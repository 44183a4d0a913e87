/**
 * The virtual devices of this process as daily-python's `AvailableDevices`,
 * and who to tell when that list changes (each live CallClient emits
 * `available-devices-updated`: a bot's devices are the ones it made).
 * @internal
 * @module
 */
import type { AvailableDevices, MediaDeviceInfo } from '../call/types/service-types';

type DeviceLister = () => { cameras: string[]; microphones: string[]; speakers: string[] };

const listeners = new Set<(devices: AvailableDevices) => void>();
let lister: DeviceLister = () => ({ cameras: [], microphones: [], speakers: [] });
let pending = false;

/** Installed once by the device registries (kept here to avoid an import cycle). */
export function setDeviceLister(list: DeviceLister): void {
  lister = list;
}

/** The current list: `audio` holds every audio device (microphones, then speakers). */
export function availableDevices(): AvailableDevices {
  const { cameras, microphones, speakers } = lister();
  const info =
    (kind: string) =>
    (name: string): MediaDeviceInfo => ({ deviceId: name, groupId: '', kind, label: name });
  const microphone = microphones.map(info('audioinput'));
  const speaker = speakers.map(info('audiooutput'));
  return { audio: [...microphone, ...speaker], camera: cameras.map(info('videoinput')), microphone, speaker };
}

/** Calls `listener` with the new list after each change; returns the unsubscribe function. */
export function onDevicesChanged(listener: (devices: AvailableDevices) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A device was made or released. Listeners hear once per turn of the event
 * loop, after the synchronous code that made the change, with the list then.
 */
export function devicesChanged(): void {
  if (pending || listeners.size === 0) return;
  pending = true;
  queueMicrotask(() => {
    pending = false;
    const devices = availableDevices();
    for (const listener of [...listeners]) listener(structuredClone(devices));
  });
}
