/**
 * The media engine killed many times in a row mid-call (issue 15's recovery
 * race): A sends a continuous tone, B renders it; after every SIGKILL B must
 * hear A again, every time, and both bots must report the engine back. The
 * kill count and spacing come from DAILY_NODE_ENGINE_KILLS (default 8) and
 * DAILY_NODE_ENGINE_KILL_SPACING_MS (default 2500); the soak run uses more.
 * Then: a kill during a recovery (recovery starts over, no failure reported),
 * and a recovery that truly fails (no engine can start): `failed` and `error`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { engineHost } from '../../src/engine/engine-host';
import { waitFor } from '../helpers/process';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { joinToneLink, type ToneLink, type ToneListener } from './helpers/tone-link';
import { Daily } from './helpers/sdk';

const KILLS = Number(process.env.DAILY_NODE_ENGINE_KILLS ?? 8);
const SPACING_MS = Number(process.env.DAILY_NODE_ENGINE_KILL_SPACING_MS ?? 2500);
/** Media must be back this soon after each kill. */
const BACK_WITHIN_MS = Number(process.env.DAILY_NODE_ENGINE_BACK_WITHIN_MS ?? 3000);

let server: TestServer;
let a: Bot;
let b: Bot;
let link: ToneLink | undefined;
let heard: ToneListener;

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  const url = await createRoom(server, 'engine-kills');
  link = await joinToneLink(url, 'mic-kills');
  ({ a, b, heard } = link);
}, 60_000);

afterAll(async () => {
  await link?.close();
  await server?.close();
  await Daily.deinit();
});

describe(`media engine SIGKILLed ${KILLS} times, ${SPACING_MS} ms apart`, () => {
  it(
    'B hears A again after every kill; each recovery is reported; nobody leaves',
    async () => {
      const backMs: number[] = [];
      for (let i = 0; i < KILLS; i++) {
        const pid = engineHost.channel?.info?.pid;
        expect(pid, `kill ${i + 1}: an engine is running`).toBeGreaterThan(0);
        const marks = [a.mark, b.mark];
        const killedAt = Date.now();
        process.kill(pid!, 'SIGKILL');
        await waitFor(`kill ${i + 1}: A heard at B again`, () => heard.resumedAfter(killedAt) !== Infinity, 20_000);
        backMs.push(heard.resumedAfter(killedAt) - killedAt);
        for (const [k, bot] of [a, b].entries()) {
          const [up] = await bot.waitEvent(
            'network-connection',
            (e) => e.type === 'engine' && e.event !== 'interrupted',
            10_000,
            marks[k],
          );
          expect(up.event, `kill ${i + 1}: ${bot.name}'s engine recovery`).toBe('connected');
        }
        await new Promise((r) => setTimeout(r, Math.max(0, killedAt + SPACING_MS - Date.now())));
      }
      const sorted = [...backMs].sort((x, y) => x - y);
      console.log(
        `[engine-kills] ${KILLS} kills: media back after p50 ${sorted[Math.floor(sorted.length / 2)]} ms, ` +
          `max ${sorted[sorted.length - 1]} ms (${backMs.join(', ')})`,
      );
      expect(sorted[sorted.length - 1]).toBeLessThanOrEqual(BACK_WITHIN_MS);
      for (const bot of [a, b]) {
        expect(bot.all('participant-left')).toEqual([]);
        expect(bot.all('error')).toEqual([]);
        expect(bot.client.callState()).toBe('joined');
      }
    },
    60_000 + KILLS * (SPACING_MS + 20_000),
  );
});

describe('media engine killed again while the bots recover from the previous kill', () => {
  it('recovery starts over on the next engine: B hears A again, one recovery reported each, no error', async () => {
    const marks = [a.mark, b.mark];
    const first = engineHost.channel!.info!.pid;
    process.kill(first, 'SIGKILL');
    // The next engine, killed as soon as it is up (the bots are still publishing and subscribing on it).
    const second = await waitFor(
      'a new engine',
      () => {
        const pid = engineHost.channel?.info?.pid;
        return pid !== undefined && pid !== first ? pid : undefined;
      },
      10_000,
    );
    const killedAt = Date.now();
    process.kill(second, 'SIGKILL');
    await waitFor('A heard at B after two kills', () => heard.resumedAfter(killedAt) !== Infinity, 20_000);
    for (const [k, bot] of [a, b].entries()) {
      const [up] = await bot.waitEvent(
        'network-connection',
        (e) => e.type === 'engine' && e.event !== 'interrupted',
        10_000,
        marks[k],
      );
      expect(up.event).toBe('connected');
      const engineEvents = bot.events.slice(marks[k]).filter((e) => e.event === 'error');
      expect(engineEvents).toEqual([]);
    }
  }, 60_000);
});

describe('no media engine can start after a kill', () => {
  it('both bots report the engine recovery failed, with an error event naming the cause', async () => {
    const marks = [a.mark, b.mark];
    const saved = process.env.DAILY_NODE_ENGINE_PATH;
    process.env.DAILY_NODE_ENGINE_PATH = '/nonexistent/daily-node-engine';
    try {
      process.kill(engineHost.channel!.info!.pid, 'SIGKILL');
      for (const [k, bot] of [a, b].entries()) {
        const [failed] = await bot.waitEvent(
          'network-connection',
          (e) => e.type === 'engine' && e.event !== 'interrupted',
          20_000,
          marks[k],
        );
        expect(failed.event).toBe('failed');
        expect(failed.reason).toMatch(/media engine executable not found/);
        const [message] = await bot.waitEvent('error', () => true, 5000, marks[k]);
        expect(message).toMatch(/media could not be restored after the media engine exited: .*not found/);
      }
    } finally {
      if (saved === undefined) delete process.env.DAILY_NODE_ENGINE_PATH;
      else process.env.DAILY_NODE_ENGINE_PATH = saved;
    }
  }, 60_000);
});
