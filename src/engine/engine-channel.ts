/**
 * The SDK's end of the framed channel to one media engine process.
 * @internal
 * @module
 */
import { PendingRequests } from '../async/pending-requests';
import { EngineError, EngineExitedError } from '../errors';
import { nativeAddon, type EngineEventCallback, type NativeEngineProcess } from '../native';
import { engineErrorFrom, type EngineErrorAnswer } from './engine-error';
import { AddonEventKind, FrameKind } from './frame-kind';
import {
  ENGINE_PROTOCOL_VERSION,
  type DataHeader,
  type EngineEvent,
  type EngineEvents,
  type EngineExitInfo,
  type EngineInfo,
  type EngineLogLine,
  type EngineMethod,
  type EngineParams,
  type EngineResult,
} from './protocol';

/**
 * Starts an engine process whose frames go to `onEvent`, with `environment`
 * (`NAME=value` strings; this process's own when undefined): the addon's
 * EngineProcess, or a fake in unit tests.
 */
export type EngineProcessFactory = (
  enginePath: string,
  onEvent: EngineEventCallback,
  environment?: string[],
) => NativeEngineProcess;

const spawnEngineProcess: EngineProcessFactory = (enginePath, onEvent, environment) => {
  const { EngineProcess } = nativeAddon();
  return new EngineProcess(enginePath, onEvent, environment);
};

export interface EngineChannelOptions {
  enginePath: string;
  /** How the engine process is started (default: the addon spawns the engine executable). */
  processFactory?: EngineProcessFactory;
  /** The engine's environment as `NAME=value` strings (default: this process's). */
  environment?: string[];
  logLevel: number;
  /** How long to wait for the engine's hello and init answer. */
  startTimeoutMs?: number;
  /** Receives log lines from the first one on (the handshake logs too). */
  onLog?: (line: EngineLogLine) => void;
}

export interface RequestOptions {
  binary?: Uint8Array;
  /** Reject if no answer comes in this time (default 30 s; 0 waits forever). */
  timeoutMs?: number;
}

type Handler<T> = (value: T) => void;
type DataHandler = (header: DataHeader, payload: Buffer) => void;

const DEFAULT_TIMEOUT_MS = 30_000;

export class EngineChannel {
  private readonly proc: NativeEngineProcess;
  /** Requests by id, each with its method name. */
  private readonly pending = new PendingRequests<number, string>({
    tooManyError: (method, max) =>
      new EngineError(`"${method}" was not sent: ${max} requests already wait for the media engine`, 'rate-limited'),
  });
  private readonly notificationHandlers = new Map<string, Set<Handler<never>>>();
  private readonly dataHandlers = new Map<string, Set<DataHandler>>();
  private readonly exitHandlers = new Set<Handler<EngineExitInfo>>();
  private readonly logHandlers = new Set<Handler<EngineLogLine>>();
  private readonly channelErrorHandlers = new Set<Handler<string>>();
  private exit: EngineExitInfo | undefined;
  private engineInfo: EngineInfo | undefined;

  private constructor(enginePath: string, processFactory: EngineProcessFactory, environment?: string[]) {
    this.proc = processFactory(enginePath, (kind, json, binary) => this.dispatch(kind, json, binary), environment);
  }

  /** Spawns an engine and completes the handshake (hello, then engine.init). */
  static async open(options: EngineChannelOptions): Promise<EngineChannel> {
    const channel = new EngineChannel(
      options.enginePath,
      options.processFactory ?? spawnEngineProcess,
      options.environment,
    );
    if (options.onLog) channel.onLog(options.onLog);
    const timeoutMs = options.startTimeoutMs ?? 10_000;
    try {
      await channel.waitForNotification('engine.ready', timeoutMs);
      channel.engineInfo = await channel.request(
        'engine.init',
        { protocol: ENGINE_PROTOCOL_VERSION, logLevel: options.logLevel },
        { timeoutMs },
      );
    } catch (err) {
      channel.kill();
      throw err;
    }
    return channel;
  }

  get pid(): number {
    return this.proc.pid;
  }

  get info(): EngineInfo | undefined {
    return this.engineInfo;
  }

  /** Exit information once the engine process is gone, else undefined. */
  get exitInfo(): EngineExitInfo | undefined {
    return this.exit;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  request<M extends EngineMethod>(
    method: M,
    params: EngineParams<M>,
    options: RequestOptions = {},
  ): Promise<EngineResult<M>> {
    if (this.exit) return Promise.reject(this.exitedError(method, false));
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeoutError = (): Error =>
      new EngineError(`the media engine did not answer "${method}" within ${timeoutMs} ms`, 'timeout');
    return this.pending.start(method, { timeoutMs, timeoutError }, (id) => {
      // A failed send means the engine is going away; its exit event follows
      // and rejects this request with the reason (signal, exit code, stderr).
      this.proc.send(FrameKind.Request, JSON.stringify({ id, method, data: params }), options.binary);
    });
  }

  /** Sends a data frame (audio, video) without waiting for an answer. */
  sendData(header: DataHeader, payload: Uint8Array): void {
    if (this.exit || !this.proc.send(FrameKind.Data, JSON.stringify(header), payload)) {
      throw this.exitedError(`${header.type} data`, false);
    }
  }

  /** Writes raw bytes on the channel, bypassing framing (robustness tests). */
  sendRaw(bytes: Uint8Array): boolean {
    return this.proc.sendRaw(bytes);
  }

  onNotification<E extends EngineEvent>(event: E, handler: Handler<EngineEvents[E]>): () => void {
    return addTo(this.notificationHandlers, event, handler as Handler<never>);
  }

  onData(type: string, handler: DataHandler): () => void {
    return addTo(this.dataHandlers, type, handler);
  }

  onExit(handler: Handler<EngineExitInfo>): () => void {
    this.exitHandlers.add(handler);
    return () => this.exitHandlers.delete(handler);
  }

  onLog(handler: Handler<EngineLogLine>): () => void {
    this.logHandlers.add(handler);
    return () => this.logHandlers.delete(handler);
  }

  onChannelError(handler: Handler<string>): () => void {
    this.channelErrorHandlers.add(handler);
    return () => this.channelErrorHandlers.delete(handler);
  }

  waitForNotification<E extends EngineEvent>(event: E, timeoutMs: number): Promise<EngineEvents[E]> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        off();
        offExit();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new EngineError(`the media engine sent no "${event}" within ${timeoutMs} ms`, 'timeout'));
      }, timeoutMs);
      const off = this.onNotification(event, (data) => {
        cleanup();
        resolve(data);
      });
      const offExit = this.onExit(() => {
        cleanup();
        reject(this.exitedError(`waiting for ${event}`));
      });
    });
  }

  /** Keeps (true) or stops keeping (false) the Node process alive while the engine runs. */
  setKeepAlive(keepAlive: boolean): void {
    if (this.exit) return;
    if (keepAlive) this.proc.ref();
    else this.proc.unref();
  }

  /** Asks the engine to stop; kills it if it has not exited within `timeoutMs`. */
  async shutdown(timeoutMs = 3000): Promise<EngineExitInfo> {
    if (this.exit) return this.exit;
    const exited = new Promise<EngineExitInfo>((resolve) => this.onExit(resolve));
    this.request('engine.shutdown', {}, { timeoutMs }).catch(() => undefined);
    const timer = setTimeout(() => this.kill(), timeoutMs);
    const info = await exited;
    clearTimeout(timer);
    return info;
  }

  kill(signal?: number): void {
    if (!this.exit) this.proc.kill(signal);
  }

  private dispatch(kind: number, json: string, binary: Buffer | undefined): void {
    switch (kind) {
      case FrameKind.Response:
        return this.handleResponse(json, binary);
      case FrameKind.Notification:
        return this.handleNotification(json);
      case FrameKind.Log:
        return this.handleLog(json);
      case FrameKind.Data:
        return this.handleData(json, binary);
      case AddonEventKind.ChannelError:
        return this.emitChannelError(String(parseObject(json)?.reason ?? 'malformed frame from the engine'));
      case AddonEventKind.EngineExit:
        return this.handleExit(json);
      default:
        return this.emitChannelError(`unexpected frame kind ${kind} from the engine`);
    }
  }

  private handleResponse(json: string, binary: Buffer | undefined): void {
    const msg = parseObject(json);
    const id = msg?.id;
    const method = typeof id === 'number' ? this.pending.info(id) : undefined;
    if (!msg || method === undefined)
      return this.emitChannelError(`response for no pending request: ${json.slice(0, 200)}`);
    if (msg.ok === true) {
      // A binary payload (audio read from a speaker, ...) rides beside the JSON
      // result as its `binary` property.
      const data = (msg.data ?? {}) as Record<string, unknown>;
      this.pending.resolve(id as number, binary ? { ...data, binary } : data);
    } else {
      this.pending.reject(id as number, engineErrorFrom((msg.error ?? {}) as EngineErrorAnswer, method));
    }
  }

  private handleNotification(json: string): void {
    const msg = parseObject(json);
    if (!msg || typeof msg.event !== 'string') return this.emitChannelError('notification without an event name');
    const handlers = this.notificationHandlers.get(msg.event);
    if (msg.event === 'channel.error') {
      const reason = (msg.data as { reason?: string } | undefined)?.reason ?? 'unknown';
      this.emitChannelError(`engine rejected a frame: ${reason}`);
    }
    if (!handlers) return;
    for (const h of [...handlers]) (h as Handler<unknown>)(msg.data);
  }

  private handleLog(json: string): void {
    const msg = parseObject(json) as EngineLogLine | undefined;
    if (!msg) return;
    for (const h of [...this.logHandlers]) h(msg);
  }

  private handleData(json: string, binary: Buffer | undefined): void {
    const header = parseObject(json) as DataHeader | undefined;
    if (!header || typeof header.type !== 'string') return this.emitChannelError('data frame without a type');
    const handlers = this.dataHandlers.get(header.type);
    if (!handlers) return;
    const payload = binary ?? Buffer.alloc(0);
    for (const h of [...handlers]) h(header, payload);
  }

  private handleExit(json: string): void {
    const info = (parseObject(json) ?? {}) as Partial<EngineExitInfo>;
    this.exit = { code: info.code ?? null, signal: info.signal ?? null, stderr: info.stderr ?? '' };
    this.pending.rejectAll((method) => this.exitedError(method));
    for (const h of [...this.exitHandlers]) h(this.exit);
  }

  private emitChannelError(reason: string): void {
    for (const h of [...this.channelErrorHandlers]) h(reason);
  }

  private exitedError(what: string, wasPending = true): EngineExitedError {
    const info = this.exit;
    if (!info) return new EngineExitedError(`the media engine channel is closed; cannot send "${what}"`, null, null);
    const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
    const tail = info.stderr.trim().split('\n').slice(-3).join(' | ');
    const when = wasPending ? `while "${what}" was pending` : `before "${what}" could be sent`;
    return new EngineExitedError(
      `the media engine ${how} ${when}${tail ? ` (engine said: ${tail})` : ''}`,
      info.code,
      info.signal,
    );
  }
}

function parseObject(json: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function addTo<T>(map: Map<string, Set<T>>, key: string, handler: T): () => void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(handler);
  return () => set.delete(handler);
}
