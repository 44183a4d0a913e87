/**
 * The embedded Janus: generates its config, starts it, restarts it when it
 * dies (with fresh ports if the old ones were taken meanwhile), stops it
 * cleanly. Emits `exit` for every unexpected death and `ready` for every
 * (re)start, so the node link and the rooms can follow.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../log';
import { writeJanusConfig, type JanusConfigValues } from './janus-config';
import { JanusProcess, type JanusExit } from './janus-process';
import { freePort } from './free-port';
import { findJemalloc, janusChildEnv, requestedAllocator, type JanusAllocator } from './janus-allocator';
import { requestedEventLoops } from './janus-event-loops';
import type { JanusNodeConfig } from './janus-node-link';

export interface EmbeddedJanusOptions {
  /** The janus executable (default `janus` on PATH). */
  binary?: string;
  /** WebRTC media ports (default `40000-44999`). */
  rtpPortRange?: string;
  /** SIP plugin RTP ports (default `45000-45999`). */
  sipRtpPortRange?: string;
  /** Restrict ICE gathering to these interfaces / IP prefixes (comma list). */
  iceEnforceList?: string;
  /** Public IP(s) to advertise for 1:1 NAT deployments. */
  natMapping?: string;
  /** Janus's own log level 0..7 (default 3 = warnings); its lines go to our log at debug. */
  debugLevel?: number;
  /**
   * Janus's malloc: `jemalloc` (default, preloaded into the Janus process only; glibc's with one log line
   * when libjemalloc2 is missing) or `glibc`. Default from DAILY_NODE_JANUS_ALLOCATOR, else `jemalloc`.
   */
  allocator?: JanusAllocator;
  /**
   * Event-loop threads Janus shares among all its handles (0: a thread per handle, Janus's own default).
   * Default from DAILY_NODE_JANUS_EVENT_LOOPS, else one per core (at most 16): see janus-event-loops.ts.
   */
  eventLoops?: number;
}

const RESTART_DELAYS_MS = [50, 200, 500, 1000, 2000, 5000];

function secret(): string {
  return randomBytes(24).toString('base64url');
}

export interface EmbeddedJanusEvents {
  ready: [JanusNodeConfig];
  exit: [JanusExit];
}

export class EmbeddedJanus extends EventEmitter<EmbeddedJanusEvents> {
  private readonly dir: string;
  private values: JanusConfigValues | undefined;
  private process: JanusProcess | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restarts = 0;
  private readonly childEnv: NodeJS.ProcessEnv;
  /** The malloc Janus runs with (after any fallback). */
  readonly allocator: JanusAllocator;
  /** Janus's shared event-loop threads (0: a thread per handle). */
  readonly eventLoops: number;

  constructor(
    private readonly options: EmbeddedJanusOptions,
    private readonly log: Logger,
  ) {
    super();
    const child = janusChildEnv(requestedAllocator(options.allocator), process.env, findJemalloc());
    if (child.fallback) log.warn(child.fallback);
    this.childEnv = child.env;
    this.allocator = child.allocator;
    this.eventLoops = requestedEventLoops(options.eventLoops);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-janus-'));
  }

  /** The node as the link connects to it (URL and secrets of the current process). */
  node(): JanusNodeConfig {
    if (!this.values) throw new Error('embedded Janus not started');
    return {
      id: 'embedded',
      url: `ws://127.0.0.1:${this.values.apiPort}`,
      apiSecret: this.values.apiSecret,
      adminKey: this.values.adminKey,
    };
  }

  /** The admin API of the running Janus (`janus-admin-protocol`; loopback only), for diagnostics. */
  admin(): { url: string; secret: string } {
    if (!this.values) throw new Error('embedded Janus not started');
    return { url: `ws://127.0.0.1:${this.values.adminPort}`, secret: this.values.adminSecret };
  }

  /** PID of the running Janus, if any (tests kill it to check supervision). */
  get pid(): number | undefined {
    return this.process?.hasExited ? undefined : this.process?.pid;
  }

  /** How many times Janus was restarted after dying. */
  get restartCount(): number {
    return this.restarts;
  }

  /** Starts Janus and resolves when its API answers. */
  async start(): Promise<JanusNodeConfig> {
    await this.launch();
    return this.node();
  }

  /** Stops Janus (SIGTERM, resend, SIGKILL) and removes its config folder. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.process?.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    this.values = {
      apiPort: await freePort(),
      adminPort: await freePort(),
      apiSecret: secret(),
      adminSecret: secret(),
      adminKey: secret(),
      rtpPortRange: this.options.rtpPortRange ?? '40000-44999',
      sipRtpPortRange: this.options.sipRtpPortRange ?? '45000-45999',
      debugLevel: this.options.debugLevel ?? 3,
      sessionTimeout: 60,
      eventLoops: this.eventLoops,
      ...(this.options.iceEnforceList ? { iceEnforceList: this.options.iceEnforceList } : {}),
      ...(this.options.natMapping ? { natMapping: this.options.natMapping } : {}),
    };
    writeJanusConfig(this.dir, this.values);
    const proc = await JanusProcess.start({
      binary: this.options.binary ?? 'janus',
      configDir: this.dir,
      apiUrl: `ws://127.0.0.1:${this.values.apiPort}`,
      log: this.log,
      env: this.childEnv,
    });
    if (this.stopping) {
      await proc.stop();
      return;
    }
    this.process = proc;
    this.log.info(
      { pid: proc.pid, apiPort: this.values.apiPort, allocator: this.allocator, eventLoops: this.eventLoops },
      'janus started',
    );
    void proc.exited.then((exit) => this.onExit(proc, exit));
    this.emit('ready', this.node());
  }

  private onExit(proc: JanusProcess, exit: JanusExit): void {
    if (this.stopping || proc !== this.process) return;
    this.log.error({ ...exit, output: proc.outputTail() }, 'janus died; restarting');
    this.emit('exit', exit);
    this.scheduleRestart(0);
  }

  private scheduleRestart(attempt: number): void {
    const wait = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)]!;
    this.restartTimer = setTimeout(() => {
      this.launch().then(
        () => {
          this.restarts++;
        },
        (e: Error) => {
          if (this.stopping) return;
          this.log.error({ err: e.message }, 'janus restart failed; retrying');
          this.scheduleRestart(attempt + 1);
        },
      );
    }, wait);
  }
}
