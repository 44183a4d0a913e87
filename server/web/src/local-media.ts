/**
 * The person's own microphone and camera: opened with getUserMedia on the
 * chosen devices, switched on and off, and listed for the device pickers.
 */

export interface DeviceChoice {
  microphoneId?: string;
  cameraId?: string;
}

export class LocalMedia {
  microphone: MediaStreamTrack | undefined;
  camera: MediaStreamTrack | undefined;
  /** Whether the person wants each on (a track may be missing: no device, or refused). */
  micOn = true;
  cameraOn = true;
  /** Why a device could not be opened, for the pre-join page. */
  problem: string | undefined;

  /** Settles when the latest {@link open} has finished (joining waits for it). */
  ready: Promise<void> = Promise.resolve();

  /** Opens (or reopens) the chosen devices; keeps working with what could be opened. */
  open(choice: DeviceChoice = {}): Promise<void> {
    this.ready = this.ready.then(() => this.openNow(choice));
    return this.ready;
  }

  private async openNow(choice: DeviceChoice): Promise<void> {
    this.problem = undefined;
    const audio: MediaTrackConstraints = choice.microphoneId ? { deviceId: { exact: choice.microphoneId } } : {};
    const video: MediaTrackConstraints = {
      width: { ideal: 640 },
      height: { ideal: 360 },
      ...(choice.cameraId ? { deviceId: { exact: choice.cameraId } } : {}),
    };
    const mic = await this.get({ audio }, 'microphone');
    const cam = await this.get({ video }, 'camera');
    this.replace('microphone', mic?.getAudioTracks()[0]);
    this.replace('camera', cam?.getVideoTracks()[0]);
  }

  /** Switches the microphone on or off (the track stays open, sending silence when off). */
  setMicOn(on: boolean): void {
    this.micOn = on;
    if (this.microphone) this.microphone.enabled = on;
  }

  /** Switches the camera on or off (the track stays open, sending black when off). */
  setCameraOn(on: boolean): void {
    this.cameraOn = on;
    if (this.camera) this.camera.enabled = on;
  }

  /** The devices of a kind, for a picker (labels appear once permission was given). */
  static async devices(kind: 'audioinput' | 'videoinput'): Promise<MediaDeviceInfo[]> {
    if (!navigator.mediaDevices?.enumerateDevices) return [];
    return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind);
  }

  /** Stops every track (leaving). */
  stop(): void {
    this.microphone?.stop();
    this.camera?.stop();
    this.microphone = undefined;
    this.camera = undefined;
  }

  private replace(kind: 'microphone' | 'camera', track: MediaStreamTrack | undefined): void {
    const old = this[kind];
    if (old && old !== track) old.stop();
    this[kind] = track;
    if (track) track.enabled = kind === 'microphone' ? this.micOn : this.cameraOn;
  }

  private async get(constraints: MediaStreamConstraints, what: string): Promise<MediaStream | undefined> {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.problem =
        'This browser cannot open a microphone or camera here (a secure origin, https or localhost, is needed).';
      return undefined;
    }
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (err) {
      const name = (err as DOMException).name;
      const why =
        name === 'NotAllowedError'
          ? 'permission was refused'
          : name === 'NotFoundError'
            ? 'none was found'
            : (err as Error).message;
      this.problem = `${this.problem ? `${this.problem} ` : ''}No ${what}: ${why}.`;
      return undefined;
    }
  }
}
