/**
 * A stand-in for the addon's engine process, for unit tests of EngineChannel:
 * it records the frames the channel sends and lets the test answer them,
 * notify, or "exit" — synchronously, so tests are deterministic.
 */
import type { EngineEventCallback, NativeEngineProcess } from '../../../src/native';
import { AddonEventKind, FrameKind } from '../../../src/engine/frame-kind';
import type { EngineProcessFactory } from '../../../src/engine/engine-channel';

export interface SentRequest {
  id: number;
  method: string;
  data: Record<string, unknown>;
}

export class FakeEngineProcess implements NativeEngineProcess {
  readonly pid = 4242;
  running = true;
  readonly requests: SentRequest[] = [];
  /** Called for each request as it is sent; answer from here to play a live engine. */
  onRequest: (request: SentRequest) => void = () => {};

  constructor(private readonly emit: EngineEventCallback) {}

  /** A factory that hands out this kind of process and remembers the last one. */
  static factory(setup: (proc: FakeEngineProcess) => void = () => {}): {
    factory: EngineProcessFactory;
    last: () => FakeEngineProcess;
  } {
    let last: FakeEngineProcess | undefined;
    return {
      factory: (_path, onEvent) => {
        last = new FakeEngineProcess(onEvent);
        setup(last);
        return last;
      },
      last: () => last!,
    };
  }

  send(kind: number, json: string): boolean {
    if (!this.running) return false;
    if (kind === FrameKind.Request) {
      const request = JSON.parse(json) as SentRequest;
      this.requests.push(request);
      this.onRequest(request);
    }
    return true;
  }

  sendRaw(): boolean {
    return this.running;
  }

  ok(id: number, data: unknown = {}): void {
    this.emit(FrameKind.Response, JSON.stringify({ id, ok: true, data }), undefined);
  }

  fail(id: number, error: { code: string; message: string; field?: string }): void {
    this.emit(FrameKind.Response, JSON.stringify({ id, ok: false, error }), undefined);
  }

  notify(event: string, data: unknown): void {
    this.emit(FrameKind.Notification, JSON.stringify({ event, data }), undefined);
  }

  exit(code: number | null, signal: string | null = null, stderr = ''): void {
    this.running = false;
    this.emit(AddonEventKind.EngineExit, JSON.stringify({ code, signal, stderr }), undefined);
  }

  kill(): void {
    if (this.running) this.exit(null, 'SIGKILL');
  }

  close(): void {}
  ref(): void {}
  unref(): void {}
}

/** Plays the handshake: `engine.ready` once the channel listens, and an answer to `engine.init`. */
export function answerHandshake(proc: FakeEngineProcess): void {
  queueMicrotask(() => proc.notify('engine.ready', { protocol: 1, pid: proc.pid }));
  proc.onRequest = (r) => {
    if (r.method === 'engine.init') {
      proc.ok(r.id, { pid: proc.pid, protocol: 1, webrtc: 'fake', audioCodecs: [], videoCodecs: [] });
    }
  };
}
