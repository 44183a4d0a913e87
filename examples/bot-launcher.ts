/**
 * An HTTP service that starts speaking bots on demand, each in its own
 * process, like daily-python's demos/flask/app.py (fastify instead of Flask,
 * a child process instead of a Celery task).
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/bot-launcher.ts [--port 8091]
 *
 *   curl -X POST -H 'content-type: application/json' -d '{"url":"http://127.0.0.1:7880/my-room"}' \
 *     http://127.0.0.1:8091/start              # → 201 {"id":1,"pid":1234}
 *   curl http://127.0.0.1:8091/bots            # → [{"id":1,"url":...,"pid":1234,"status":"running"}]
 *
 * `POST /start` takes `{ "url": meeting URL, "text"?: what the bot says }`;
 * a body without a usable `url` gets 400 and `{ "error": "url: ..." }`. Each
 * bot is examples/speaking-bot.ts; its output is printed here prefixed with
 * `bot <id>:`. On Ctrl-C (SIGINT) or SIGTERM the service stops every running
 * bot (SIGTERM: they leave their calls) and exits once they have.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';

import Fastify from 'fastify';

import { onStopSignal } from './stop-signals';

interface LaunchedBot {
  id: number;
  url: string;
  process: ChildProcess;
  exitCode?: number | null;
}

/** What `POST /start` accepts, or an error message naming the field at fault. */
function parseStart(body: unknown): { url: string; text?: string } | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'body: must be a JSON object like {"url": "<meeting URL>"}';
  const { url, text } = body as Record<string, unknown>;
  if (url === undefined) return 'url: missing; give the meeting URL the bot joins';
  if (typeof url !== 'string') return `url: must be a string, got ${typeof url}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `url: not a URL: ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `url: must be http(s), got ${parsed.protocol}`;
  if (text !== undefined && (typeof text !== 'string' || !text.trim())) return 'text: must be a non-empty string';
  return { url, text: text as string | undefined };
}

/** Runs speaking-bot.ts in a new Node process (through ts-node when this file runs as TypeScript). */
function startBot(id: number, url: string, text: string | undefined): ChildProcess {
  const script = path.join(__dirname, `speaking-bot${path.extname(__filename)}`);
  const typescript = __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [];
  const args = [...typescript, script, url, '--name', `Launched bot ${id}`, ...(text ? ['--text', text] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
  });
  for (const stream of [child.stdout!, child.stderr!])
    readline.createInterface({ input: stream }).on('line', (line) => console.log(`bot ${id}: ${line}`));
  return child;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8091' } } });
  const port = Number(values.port);
  if (!(Number.isInteger(port) && port >= 0 && port < 65536))
    throw new Error(`--port: must be 0 to 65535, got ${values.port}`);

  const bots: LaunchedBot[] = [];
  const app = Fastify();
  app.post('/start', async (request, reply) => {
    const start = parseStart(request.body);
    if (typeof start === 'string') return reply.code(400).send({ error: start });
    const bot: LaunchedBot = {
      id: bots.length + 1,
      url: start.url,
      process: startBot(bots.length + 1, start.url, start.text),
    };
    bots.push(bot);
    bot.process.once('exit', (code) => (bot.exitCode = code));
    console.log(`started bot ${bot.id} (pid ${bot.process.pid}) for ${bot.url}`);
    return reply.code(201).send({ id: bot.id, pid: bot.process.pid });
  });
  app.get('/bots', async () =>
    bots.map((b) => ({
      id: b.id,
      url: b.url,
      pid: b.process.pid,
      status: b.exitCode === undefined ? 'running' : 'exited',
      ...(b.exitCode === undefined ? {} : { exitCode: b.exitCode }),
    })),
  );
  const address = await app.listen({ port, host: '127.0.0.1' });
  console.log(`listening on ${address}; POST /start {"url": ...}, GET /bots`);

  onStopSignal(() => {
    void (async () => {
      const running = bots.filter((b) => b.exitCode === undefined);
      console.log(`stopping ${running.length} running bots`);
      const exited = running.map((b) => new Promise((done) => b.process.once('exit', done)));
      for (const b of running) b.process.kill('SIGTERM');
      await Promise.all(exited);
      await app.close();
      console.log('stopped');
    })();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
