/**
 * A child process fed with PCM whose stdout is read line by line: the
 * transport of the pocketsphinx and command engines. A child that exits while
 * it was meant to run is reported once.
 *
 * Input goes to stdin, or (`fifoInput`) to a named pipe whose path replaces
 * `{input}` in the arguments: Node's stdin pipes are socket pairs, which
 * programs that open `/dev/stdin` by name (pocketsphinx `-infile`) cannot open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { withParentDeathSignal } from '../../util/parent-death';

export interface LineProcessOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Feed the input through a named pipe at `{input}` in `args` instead of stdin. */
  fifoInput?: boolean;
  onLine(line: string): void;
  /** The child exited or could not start, without `close()`. */
  onExit(reason: string): void;
}

/** Stderr kept for the exit reason. */
const STDERR_TAIL = 2048;
/** Input queued beyond the pipe for a child that does not keep up; more is dropped. */
const MAX_QUEUED_BYTES = 1024 * 1024;

/** Children alive: a server that exits (or crashes) takes its engines with it. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class LineProcess {
  private readonly child: ChildProcess;
  private readonly input: Writable;
  private readonly fifoDir: string | undefined;
  private closed = false;
  private exited = false;
  private stderr = '';

  constructor(private readonly options: LineProcessOptions) {
    let args = options.args;
    if (options.fifoInput) {
      this.fifoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-asr-'));
      const fifo = path.join(this.fifoDir, 'input');
      execFileSync('mkfifo', ['-m', '600', fifo]);
      // Read-write and non-blocking: opening never waits for the reader, and the child's open never waits for us.
      const fd = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
      this.input = new net.Socket({ fd, readable: false, writable: true });
      args = args.map((a) => (a === '{input}' ? fifo : a));
    }
    // Killed with the server even when it dies without running its exit handler (SIGKILL, an unhandled signal).
    this.child = spawn(...withParentDeathSignal(options.command, args), {
      stdio: [options.fifoInput ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: options.env,
    });
    this.input ??= this.child.stdin!;
    this.input.on('error', () => undefined); // EPIPE once the child is gone: reported by 'exit'
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-STDERR_TAIL);
    });
    // Lines after close() still count: the engine flushes its last utterance at end of input.
    createInterface({ input: this.child.stdout! }).on('line', (line) => options.onLine(line));
    running.add(this.child);
    this.child.once('exit', () => running.delete(this.child));
    this.child.on('error', (e) => this.exit(`could not run ${options.command}: ${e.message}`));
    this.child.on('exit', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = this.stderr.trim().split('\n').slice(-3).join(' | ');
      this.exit(`${options.command} ${how}${tail ? `: ${tail}` : ''}`);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  write(data: Buffer): void {
    if (this.closed || this.exited || !this.input.writable || this.input.writableLength > MAX_QUEUED_BYTES) return;
    this.input.write(data);
  }

  /**
   * Ends input (the engine flushes its last utterance) and kills the child if
   * it has not exited 2 s later: one closed before it opened its named pipe
   * would otherwise wait for a writer for ever.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fifoDir) this.input.end(() => this.input.destroy());
    else this.input.end();
    if (this.exited) {
      this.cleanUp();
      return;
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    this.child.once('exit', () => clearTimeout(timer));
  }

  private exit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    this.cleanUp();
    if (!this.closed) this.options.onExit(reason);
  }

  private cleanUp(): void {
    if (this.fifoDir) {
      this.input.destroy();
      fs.rmSync(this.fifoDir, { recursive: true, force: true });
    }
  }
}
