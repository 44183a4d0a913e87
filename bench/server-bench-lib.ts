/**
 * Shared pieces of the meeting-server benchmarks: the server runs as its own
 * process (the CLI, embedded Janus) so that its RSS and timing are its own;
 * clients are bare WebSockets speaking the signaling protocol.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, parseMeetingUrl, type JoinResult } from '../src/signaling/protocol';

export interface BenchServer {
  url: string;
  apiKey: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `daily-node-server` (built CLI) on a free port with a fresh data folder. */
export async function startServerProcess(): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-bench-'));
  const apiKey = 'bench-key';
  const cli = path.join(__dirname, '..', 'server', 'dist', 'cli.js');
  const child = spawn(
    process.execPath,
    [cli, '--port', '0', '--data-dir', dataDir, '--api-key', apiKey, '--log-level', 'warn'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      text += c;
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${text}`)));
  });
  return {
    url,
    apiKey,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createRoom(
  server: BenchServer,
  name: string,
  properties: Record<string, unknown> = {},
): Promise<string> {
  const res = await fetch(`${server.url}/v1/rooms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, properties }),
  });
  if (!res.ok) throw new Error(`create room: ${res.status} ${await res.text()}`);
  return `${server.url}/${name}`;
}

/** A bare signaling client. */
export class BenchClient {
  readonly socket: WebSocket;
  id = '';
  private nextId = 1;
  private readonly waiters: Array<(msg: Record<string, unknown>) => boolean> = [];

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as Record<string, unknown>;
      for (let i = 0; i < this.waiters.length; i++) {
        if (this.waiters[i]!(msg)) this.waiters.splice(i--, 1);
      }
    });
  }

  static open(meetingUrl: string): Promise<BenchClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(parseMeetingUrl(meetingUrl).signalingUrl);
      ws.once('open', () => resolve(new BenchClient(ws)));
      ws.once('error', reject);
    });
  }

  /** Resolves with the first message matching `match`. */
  next(match: (msg: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.waiters.push((msg) => {
        if (!match(msg)) return false;
        resolve(msg);
        return true;
      });
    });
  }

  async request(method: string, params: object): Promise<unknown> {
    const id = this.nextId++;
    const reply = this.next((m) => m.id === id);
    this.socket.send(JSON.stringify({ id, method, params }));
    const msg = await reply;
    if (msg.ok !== true) throw new Error(`${method}: ${JSON.stringify(msg.error)}`);
    return msg.result;
  }

  async join(meetingUrl: string, userName: string): Promise<JoinResult> {
    const result = (await this.request('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomName: parseMeetingUrl(meetingUrl).roomName,
      userName,
    })) as JoinResult;
    this.id = result.participantId;
    return result;
  }

  close(): void {
    this.socket.close();
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Resident set size of a process in MiB (from /proc). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Child processes of `pid` (to find the embedded Janus). */
export function childPids(pid: number): number[] {
  const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

export function fmt(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}
