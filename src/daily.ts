/**
 * `Daily`: process-wide setup of the SDK, as in daily-python.
 * @module
 */
import { InvalidArgumentError, InvalidStateError } from './errors';
import { engineHost } from './engine/engine-host';
import type { EngineExitInfo, EngineInfo } from './engine/protocol';
import { LogLevel } from './log-level';
import { checkOptionsObject } from './options-object';
import { checkColorFormat, checkFrameDimensions, type ColorFormat } from './media/video/color-format';
import { VirtualCameraDevice } from './media/video/virtual-camera-device';
import { audioDevices } from './media/audio/audio-devices';
import type { MicrophoneDeviceOptions, VirtualMicrophoneDevice } from './media/audio/virtual-microphone-device';
import type { SpeakerDeviceOptions, VirtualSpeakerDevice } from './media/audio/virtual-speaker-device';
import { createNativeVad, type NativeVad } from './vad/native-vad';
import type { NativeVadOptions } from './vad/native-vad-options';

/**
 * Options of {@link Daily.init}. daily-python's `worker_threads` has no
 * counterpart: the engine runs libwebrtc's network, worker and signaling
 * threads once per process, and with 50 bots its worker thread is not what
 * limits them (docs/architecture.md, "workerThreads"); `workerThreads` is
 * refused with that reason.
 */
export interface DailyInitOptions {
  /** Log verbosity of the SDK and its engine (default {@link LogLevel.Off}). */
  logLevel?: LogLevel;
}

/** Options of {@link Daily.createCameraDevice}. */
export interface CameraDeviceOptions {
  /** Layout of the frames the camera takes (default `RGBA`). */
  colorFormat?: ColorFormat;
}

/** Facts about the running media engine, returned by {@link Daily.init}. */
export interface EngineDetails extends EngineInfo {
  /** Process id of the media engine. */
  pid: number;
  /** Version of the channel protocol between the SDK and the engine. */
  protocol: number;
  /** The libwebrtc build the engine runs on. */
  webrtc: string;
  /** Audio codecs the engine can send (`opus`, `G722`, `PCMU`, ...). */
  audioCodecs: string[];
  /** Video codecs the engine can send (`VP8`, `VP9`, ...). */
  videoCodecs: string[];
}

/**
 * Process-wide entry point. Call {@link Daily.init} once before anything else
 * and {@link Daily.deinit} when done; only static methods.
 */
export class Daily {
  private constructor() {}

  /**
   * Starts the media engine process and completes its handshake.
   * Other calls made before the returned promise settles wait for it.
   */
  static async init(options: DailyInitOptions = {}): Promise<EngineDetails> {
    if (options !== null && typeof options === 'object' && 'workerThreads' in options) {
      throw new InvalidArgumentError(
        'options.workerThreads',
        'is not supported: the media engine runs one set of libwebrtc threads per process, and a second worker ' +
          'thread would not help (see docs/architecture.md, "workerThreads"); leave it out',
      );
    }
    options = checkOptionsObject(options, ['logLevel'], 'Daily.init');
    const logLevel = options.logLevel ?? LogLevel.Off;
    checkLogLevel(logLevel, 'logLevel');
    const channel = await engineHost.start({ logLevel });
    return channel.info as EngineInfo;
  }

  /**
   * Stops the media engine. Safe to call more than once. Devices, sources and
   * tracks made before are released: using them throws a clear error.
   */
  static async deinit(): Promise<void> {
    audioDevices.clear();
    await engineHost.stop();
  }

  /**
   * Creates a virtual microphone named `deviceName` (its name is the
   * `deviceId` that selects it in a call's inputs).
   * @throws InvalidArgumentError for an unsupported rate or channel count, a name already in use,
   *   or `options` that is not an object or has an unknown key
   */
  static createMicrophoneDevice(deviceName: string, options: MicrophoneDeviceOptions = {}): VirtualMicrophoneDevice {
    return audioDevices.createMicrophone(deviceName, options);
  }

  /**
   * Creates a virtual speaker named `deviceName`. Select it with
   * {@link Daily.selectSpeakerDevice} to receive the mix of the call's audio.
   */
  static createSpeakerDevice(deviceName: string, options: SpeakerDeviceOptions = {}): VirtualSpeakerDevice {
    return audioDevices.createSpeaker(deviceName, options);
  }

  /**
   * Makes `deviceName` the process's speaker (one at a time): it receives the
   * playout mix from now on. Resolves once the engine has switched.
   * @throws InvalidArgumentError if no speaker has that name
   */
  static selectSpeakerDevice(deviceName: string): Promise<void> {
    return audioDevices.selectSpeaker(deviceName);
  }

  /** Changes the log verbosity of the SDK and the engine. */
  static setLogLevel(logLevel: LogLevel): void {
    checkLogLevel(logLevel, 'logLevel');
    engineHost.setLogLevel(logLevel);
  }

  /**
   * Creates a virtual camera that sends the frames written into it. Select it
   * in a call with `inputs.camera.settings.deviceId = deviceName`.
   * @param deviceName a name unique among this process's cameras
   * @param width frame width, 1 to 4096 (even for I420)
   * @param height frame height, 1 to 4096 (even for I420)
   * @throws InvalidArgumentError naming `deviceName`, `width`, `height`, `options` or
   *   `colorFormat` (`invalid color format '<fmt>'`)
   * @throws InvalidStateError before {@link Daily.init}
   */
  static createCameraDevice(
    deviceName: string,
    width: number,
    height: number,
    options: CameraDeviceOptions = {},
  ): VirtualCameraDevice {
    requireInit('createCameraDevice');
    options = checkOptionsObject(options, ['colorFormat'], 'createCameraDevice');
    const colorFormat = checkColorFormat(options.colorFormat ?? 'RGBA');
    checkFrameDimensions(width, height, colorFormat);
    return new VirtualCameraDevice(deviceName, width, height, colorFormat);
  }

  /**
   * Creates a voice activity detector (WebRTC's GMM VAD) that analyses 10 ms
   * of 16-bit PCM per {@link NativeVad.analyzeFrames} call and returns a
   * speech confidence from 0 to 1.
   *
   * It runs in this process, synchronously, and does not use the media
   * engine: it works without {@link Daily.init} (and after
   * {@link Daily.deinit}), so it can also be used on audio that never goes
   * through a call.
   *
   * @throws InvalidArgumentError naming the option: `sampleRate` other than
   *   8000/16000/32000/48000 (44100 is not supported by WebRTC's VAD),
   *   `channels` other than 1 or 2, `resetPeriodMs` not an integer from 20
   *   to 86400000, or an unknown option
   */
  static createNativeVad(options: NativeVadOptions = {}): NativeVad {
    return createNativeVad(options);
  }

  /**
   * Registers a listener for the death of the media engine (beyond
   * daily-python). Pending operations fail with `EngineExitedError`; the next
   * operation starts a new engine.
   * @returns a function that removes the listener
   */
  static onEngineExit(listener: (info: EngineExitInfo) => void): () => void {
    return engineHost.onExit((info) => listener(info));
  }
}

function requireInit(method: string): void {
  if (!engineHost.initialized) throw new InvalidStateError(`Daily.${method}: call Daily.init() first`);
}

function checkLogLevel(level: unknown, field: string): void {
  if (typeof level !== 'number' || !(level in LogLevel)) {
    throw new InvalidArgumentError(
      field,
      `must be a LogLevel (Off, Error, Warn, Info, Debug, Trace), got ${String(level)}`,
    );
  }
}
