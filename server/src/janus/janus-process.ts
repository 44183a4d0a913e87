/**
 * One Janus child process: spawn from a config folder, wait until its API
 * answers `info`, stop it cleanly. Janus may miss a SIGTERM that arrives just
 * after start, so stop() resends it and finally uses SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import type { Logger } from '../log';
import { withParentDeathSignal } from '../util/parent-death';
import { resolveJanusBinary } from './janus-binary';

export interface JanusExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface JanusProcessOptions {
  binary: string;
  configDir: string;
  /** `ws://127.0.0.1:<port>` of the API, probed for readiness. */
  apiUrl: string;
  log: Logger;
  readyTimeoutMs?: number;
  /** The child's environment (default: the server's own). */
  env?: NodeJS.ProcessEnv;
}

/** Keeps the last lines Janus printed, for error messages. */
class LineTail {
  private readonly lines: string[] = [];
  private partial = '';
  constructor(
    private readonly max: number,
    private readonly onLine: (line: string) => void,
  ) {}
  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
      this.onLine(line);
    }
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export class JanusProcess {
  readonly exited: Promise<JanusExit>;
  private exitInfo: JanusExit | undefined;
  private readonly tail: LineTail;

  private constructor(
    private readonly child: ChildProcess,
    log: Logger,
  ) {
    this.tail = new LineTail(40, (line) => {
      if (line.includes('[FATAL]') || line.includes('[ERR]')) log.warn({ janus: line }, 'janus');
      else log.debug({ janus: line }, 'janus');
    });
    child.stdout?.setEncoding('utf8').on('data', (c: string) => this.tail.push(c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => this.tail.push(c));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  /** Spawns Janus and resolves once its API answers; rejects (with its last output) if it exits or times out. */
  static async start(options: JanusProcessOptions): Promise<JanusProcess> {
    const [command, args] = withParentDeathSignal(resolveJanusBinary(options.binary), ['-F', options.configDir]);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    const proc = new JanusProcess(child, options.log);
    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    try {
      await Promise.race([proc.waitReady(options.apiUrl, options.readyTimeoutMs ?? 10_000), spawnError]);
    } catch (e) {
      await proc.stop();
      throw new Error(`Janus did not start: ${(e as Error).message}\n${proc.tail.text()}`, { cause: e });
    }
    return proc;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  /** The last lines Janus printed. */
  outputTail(): string {
    return this.tail.text();
  }

  /** SIGTERM, again after 1 s, SIGKILL after 3 s; resolves when the process is gone. */
  async stop(): Promise<JanusExit> {
    if (this.exitInfo) return this.exitInfo;
    const steps: Array<[NodeJS.Signals, number]> = [
      ['SIGTERM', 1000],
      ['SIGTERM', 2000],
      ['SIGKILL', 5000],
    ];
    for (const [signal, waitMs] of steps) {
      if (this.exitInfo) break;
      this.child.kill(signal);
      const done = await Promise.race([this.exited.then(() => true), delay(waitMs).then(() => false)]);
      if (done) break;
    }
    return this.exited;
  }

  /** Sends SIGKILL (tests use it to simulate a crash). */
  kill(): void {
    if (!this.exitInfo) this.child.kill('SIGKILL');
  }

  private async waitReady(apiUrl: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exitInfo) throw new Error(`exited with code ${this.exitInfo.code} signal ${this.exitInfo.signal}`);
      if (await probeInfo(apiUrl)) return;
      if (Date.now() > deadline) throw new Error(`API at ${apiUrl} not answering after ${timeoutMs} ms`);
      await delay(20);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** True when Janus at `url` answers `info` with `server_info`. */
function probeInfo(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'janus-protocol', { handshakeTimeout: 500 });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1000);
    ws.once('open', () => ws.send(JSON.stringify({ janus: 'info', transaction: 'ready-probe' })));
    ws.on('message', (raw) => {
      try {
        done((JSON.parse(raw.toString()) as { janus?: string }).janus === 'server_info');
      } catch {
        done(false);
      }
    });
    ws.once('error', () => done(false));
    ws.once('close', () => done(false));
  });
}
