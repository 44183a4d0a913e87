/**
 * An example from examples/ run as a user runs it (examples/README.md):
 * `ts-node -T -P examples/tsconfig.json examples/<name>.ts <args>`, here
 * through ts-node's own bin so that the PID is the example's node process.
 * Collects its output lines and lets a test wait for them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import { waitFor } from '../../helpers/process';

const ROOT = path.resolve(__dirname, '../../..');
const TS_NODE_BIN = require.resolve('ts-node/dist/bin.js');

/** The command line examples/README.md gives, after `npx`. */
export const EXAMPLE_COMMAND = ['ts-node', '-T', '-P', 'examples/tsconfig.json'];

export interface ExampleOptions {
  /** `pipe` to write to its stdin (default `ignore`). */
  stdin?: 'ignore' | 'pipe';
  /** Its stdout carries bytes (audio), not lines: collect them in `stdoutBytes`. */
  binaryStdout?: boolean;
}

export class ExampleProcess {
  readonly child: ChildProcess;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly stdoutBytes: Buffer[] = [];
  exitCode: number | null | undefined;
  signal: NodeJS.Signals | null = null;
  private readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    args: string[],
    options: ExampleOptions = {},
  ) {
    this.child = spawn(process.execPath, [TS_NODE_BIN, ...EXAMPLE_COMMAND.slice(1), `examples/${name}.ts`, ...args], {
      cwd: ROOT,
      stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
      // Its own process group: cleanup can also reach the media engine it spawned.
      detached: true,
    });
    if (options.binaryStdout) this.child.stdout!.on('data', (chunk: Buffer) => this.stdoutBytes.push(chunk));
    else collectLines(this.child.stdout!, this.stdout);
    collectLines(this.child.stderr!, this.stderr);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.signal = signal;
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The first line of `stream` matching `pattern`, waiting up to `timeoutMs`. */
  async line(pattern: RegExp, timeoutMs: number, stream: 'stdout' | 'stderr' = 'stdout'): Promise<string> {
    const lines = this[stream];
    try {
      return await waitFor(
        `${this.name}: ${pattern}`,
        () => lines.find((l) => pattern.test(l)) ?? (this.exitCode !== undefined && fail()),
        timeoutMs,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${this.transcript()}`, { cause: err });
    }
    function fail(): never {
      throw new Error('exited before printing it');
    }
  }

  /** Resolves with the exit code, rejects after `timeoutMs`. */
  async exit(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name} still running after ${timeoutMs} ms\n${this.transcript()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Asks the example to stop as Ctrl-C does (SIGINT to its PID). */
  interrupt(): void {
    process.kill(this.pid, 'SIGINT');
  }

  /** Stops whatever is left of it (its process group, engine included) by PID; for cleanup after a failure. */
  async kill(): Promise<void> {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      return; // the group is gone already
    }
    await this.exit(5000);
  }

  /** Its output, for failure messages. */
  transcript(): string {
    return [`--- ${this.name} stdout`, ...this.stdout, `--- ${this.name} stderr`, ...this.stderr].join('\n');
  }
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    into.push(...lines);
  });
  stream.on('end', () => {
    if (partial) into.push(partial);
  });
}
