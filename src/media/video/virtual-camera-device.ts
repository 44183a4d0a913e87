/**
 * `VirtualCameraDevice`: a named camera the application writes frames into.
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { engineHost } from '../../engine/engine-host';
import { devicesChanged } from '../device-list';
import type { ColorFormat } from './color-format';
import { namedVideoSource, type CustomVideoSource } from './custom-video-source';
import { CustomVideoTrack } from './custom-video-track';

/** Cameras of the current SDK session by name (cleared by Daily.deinit()). */
const cameras = new Map<string, VirtualCameraDevice>();
let camerasSession = -1;

function currentCameras(): Map<string, VirtualCameraDevice> {
  if (camerasSession !== engineHost.session) {
    cameras.clear();
    camerasSession = engineHost.session;
  }
  return cameras;
}

/**
 * A virtual camera, made by `Daily.createCameraDevice`. Select it as a call's
 * camera with `inputs.camera.settings.deviceId` set to its {@link name}, then
 * keep writing frames (about 30 per second).
 */
export class VirtualCameraDevice {
  /** The device name, used as `deviceId` in input settings. */
  readonly name: string;
  private readonly source: CustomVideoSource;
  private readonly track: CustomVideoTrack;

  /** @internal Use `Daily.createCameraDevice`. */
  constructor(name: string, width: number, height: number, colorFormat: ColorFormat) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError('deviceName', `must be a non-empty string, got ${String(name)}`);
    }
    const registry = currentCameras();
    if (registry.has(name)) throw new InvalidArgumentError('deviceName', `a camera named '${name}' already exists`);
    this.name = name;
    this.source = namedVideoSource(`VirtualCameraDevice '${name}'`, width, height, { colorFormat });
    this.track = new CustomVideoTrack(this.source);
    registry.set(name, this);
    devicesChanged();
  }

  /** Frame width in pixels. */
  get width(): number {
    return this.source.width;
  }

  /** Frame height in pixels. */
  get height(): number {
    return this.source.height;
  }

  /** Layout of the frames {@link writeFrame} takes. */
  get colorFormat(): ColorFormat {
    return this.source.colorFormat;
  }

  /** @internal The id of the camera's local track in the engine (for peer connections). */
  get trackId(): string {
    return this.track.id;
  }

  /** Frames written while the media engine was down (beyond daily-python). */
  get framesDropped(): number {
    return this.source.framesDropped;
  }

  /**
   * Sends one frame of exactly `width × height × 4` bytes (3 for RGB,
   * `width × height × 3 / 2` for I420). Unlike daily-python, the size is
   * checked. Returns at once; see {@link CustomVideoSource.writeFrame}.
   * @throws InvalidArgumentError `frame`
   * @throws InvalidStateError after {@link release} or `Daily.deinit()`
   */
  writeFrame(frame: Uint8Array | ArrayBufferView | ArrayBuffer): void {
    this.source.writeFrame(frame);
  }

  /** Resolves once the camera exists in the media engine. @internal */
  async ready(): Promise<void> {
    await this.source.ready();
    await this.track.ready();
  }

  /**
   * Removes the camera and frees its name (beyond daily-python, where devices
   * live until `Daily.deinit()`). Later writes throw.
   */
  async release(): Promise<void> {
    if (currentCameras().get(this.name) === this) {
      cameras.delete(this.name);
      devicesChanged();
    }
    await this.track.release();
    await this.source.release();
  }
}

/** Names of the current SDK session's cameras, in creation order. @internal */
export function cameraDeviceNames(): string[] {
  return [...currentCameras().keys()];
}

/** The camera of the current SDK session with this name, if any. @internal */
export function findCameraDevice(name: string): VirtualCameraDevice | undefined {
  return currentCameras().get(name);
}
