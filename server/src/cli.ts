#!/usr/bin/env node
/**
 * `npx daily-node-server [options]`: runs the meeting server until SIGINT/SIGTERM.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { JanusOption } from './janus/janus-pool';
import type { JanusNodeConfig } from './janus/janus-node-link';
import type { JanusAllocator } from './janus/janus-allocator';
import type { LogLevelName } from './log';
import { startServer } from './server';
import type { TranscriptionEngineName } from './services/transcription/engine-option';

const HELP = `Usage: daily-node-server [options]

  --port <n>              TCP port (default 7880; 0 = any free port)
  --host <addr>           listen address (default 127.0.0.1; 0.0.0.0 for all)
  --data-dir <dir>        where the SQLite database lives (default ./daily-node-data)
  --api-key <key>         REST API key (or env DAILY_NODE_API_KEY; default: generated once, stored)
  --token-secret <s>      meeting-token signing secret (or env DAILY_NODE_TOKEN_SECRET; default: generated, stored)
  --public-url <url>      base of meeting URLs, e.g. https://meet.example.com (default http://HOST:PORT)
  --log-level <level>     fatal, error, warn, info (default), debug, trace, silent
  --resume-grace-ms <n>   how long a dropped client may resume (default 15000)
  --janus-nodes <file>    JSON file [{ "id", "url", "apiSecret"?, "adminKey"? }]: use external Janus nodes
  --rtp-port-range <a-b>  embedded Janus: WebRTC media ports (default 40000-44999)
  --ice-enforce-list <l>  embedded Janus: only gather ICE on these interfaces/IP prefixes
  --nat-1-1 <ip>          embedded Janus: public IP to advertise (1:1 NAT)
  --janus-allocator <a>   embedded Janus's malloc: jemalloc (default; needs libjemalloc2) or glibc
                          (or env DAILY_NODE_JANUS_ALLOCATOR)
  --janus-event-loops <n> embedded Janus: loop threads shared by its handles (default: one per core,
                          at most 16; 0: a thread per handle; or env DAILY_NODE_JANUS_EVENT_LOOPS)
  --transcription-engine <e>   ASR engine: pocketsphinx (default), command, or deepgram (key in env DEEPGRAM_API_KEY)
  --transcription-command <p>  the command engine's executable (line protocol: server/README.md),
                               or another pocketsphinx_continuous
  --transcription-url <url>    the deepgram engine's streaming endpoint (default wss://api.deepgram.com/v1/listen)
  --sip-port <n>          dial-in: UDP port of the SIP listener (default off; 0 = any free port);
                          callers dial sip:ROOM@HOST:PORT for rooms with the sip property
  --sip-trunk <uri>       dial-out by phoneNumber: the SIP trunk (credentials in env DAILY_NODE_SIP_TRUNK_USER
                          and DAILY_NODE_SIP_TRUNK_PASSWORD)
  --help                  this text
`;

function fail(message: string): never {
  process.stderr.write(`daily-node-server: ${message}\n\n${HELP}`);
  process.exit(2);
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) fail(`${flag} must be an integer, got "${value}"`);
  return n;
}

function janusOption(v: Record<string, string | boolean | undefined>): JanusOption {
  if (typeof v['janus-nodes'] === 'string') {
    let nodes: JanusNodeConfig[];
    try {
      nodes = JSON.parse(fs.readFileSync(v['janus-nodes'], 'utf8')) as JanusNodeConfig[];
    } catch (e) {
      fail(`--janus-nodes: cannot read ${v['janus-nodes']}: ${(e as Error).message}`);
    }
    return { nodes };
  }
  return {
    mode: 'embedded',
    ...(typeof v['rtp-port-range'] === 'string' ? { rtpPortRange: v['rtp-port-range'] } : {}),
    ...(typeof v['ice-enforce-list'] === 'string' ? { iceEnforceList: v['ice-enforce-list'] } : {}),
    ...(typeof v['nat-1-1'] === 'string' ? { natMapping: v['nat-1-1'] } : {}),
    ...(typeof v['janus-allocator'] === 'string' ? { allocator: v['janus-allocator'] as JanusAllocator } : {}),
    ...(typeof v['janus-event-loops'] === 'string'
      ? { eventLoops: number(v['janus-event-loops'], '--janus-event-loops') }
      : {}),
  };
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'api-key': { type: 'string' },
        'token-secret': { type: 'string' },
        'public-url': { type: 'string' },
        'log-level': { type: 'string' },
        'resume-grace-ms': { type: 'string' },
        'janus-nodes': { type: 'string' },
        'rtp-port-range': { type: 'string' },
        'ice-enforce-list': { type: 'string' },
        'nat-1-1': { type: 'string' },
        'janus-allocator': { type: 'string' },
        'janus-event-loops': { type: 'string' },
        'transcription-engine': { type: 'string' },
        'transcription-command': { type: 'string' },
        'transcription-url': { type: 'string' },
        'sip-port': { type: 'string' },
        'sip-trunk': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const port = number(str('port'), '--port');
  const resumeGraceMs = number(str('resume-grace-ms'), '--resume-grace-ms');
  const sipPort = number(str('sip-port'), '--sip-port');
  const trunkUri = str('sip-trunk');
  const trunkUser = process.env.DAILY_NODE_SIP_TRUNK_USER;
  const trunkPassword = process.env.DAILY_NODE_SIP_TRUNK_PASSWORD;
  const apiKey = str('api-key') ?? process.env.DAILY_NODE_API_KEY;
  const tokenSecret = str('token-secret') ?? process.env.DAILY_NODE_TOKEN_SECRET;
  const server = await startServer({
    ...(port !== undefined ? { port } : {}),
    ...(str('host') ? { host: str('host')! } : {}),
    ...(str('data-dir') ? { dataDir: str('data-dir')! } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(tokenSecret ? { tokenSecret } : {}),
    ...(str('public-url') ? { publicUrl: str('public-url')! } : {}),
    ...(str('log-level') ? { logLevel: str('log-level') as LogLevelName } : {}),
    ...(resumeGraceMs !== undefined ? { resumeGraceMs } : {}),
    janus: janusOption(values),
    sip: {
      ...(sipPort !== undefined ? { port: sipPort } : {}),
      ...(trunkUri
        ? {
            trunk: {
              uri: trunkUri,
              ...(trunkUser ? { username: trunkUser } : {}),
              ...(trunkPassword ? { password: trunkPassword } : {}),
            },
          }
        : {}),
    },
    transcription: {
      engine: (str('transcription-engine') ?? 'pocketsphinx') as TranscriptionEngineName,
      ...(str('transcription-command') ? { command: str('transcription-command')! } : {}),
      ...(str('transcription-url') ? { url: str('transcription-url')! } : {}),
    },
  });
  process.stderr.write(
    `daily-node-server: listening on ${server.url} (REST under ${server.url}/v1, meeting URLs ${server.url}/ROOM)\n`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'signal received');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`daily-node-server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
