/**
 * Soak: Janus SIGKILLed mid-call (DAILY_NODE_SOAK_JANUS_KILLS, default 2;
 * `npm run soak`: 20), then the meeting server restarted
 * (DAILY_NODE_SOAK_SERVER_RESTARTS, default 2; soak: 10). After each, B must
 * hear A's tone again within 5 s, both keep their participant ids, nobody
 * leaves. Prints p50/max of the time until B hears A again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waitFor } from '../helpers/process';
import { Bot } from '../e2e/helpers/bot';
import { createRoom, startCallServer, type TestServer } from '../e2e/helpers/call-server';
import { Daily } from '../e2e/helpers/sdk';
import { joinToneLink, type ToneLink, type ToneListener } from '../e2e/helpers/tone-link';

const JANUS_KILLS = Number(process.env.DAILY_NODE_SOAK_JANUS_KILLS ?? 2);
const SERVER_RESTARTS = Number(process.env.DAILY_NODE_SOAK_SERVER_RESTARTS ?? 2);
const BACK_WITHIN_MS = 5000;

let server: TestServer;
let a: Bot;
let b: Bot;
let ids: [string, string];
let link: ToneLink | undefined;
let heard: ToneListener;

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  const url = await createRoom(server, 'soak-restarts');
  link = await joinToneLink(url, 'mic-soak');
  ({ a, b, heard } = link);
  ids = [a.id, b.id];
}, 60_000);

afterAll(async () => {
  await link?.close();
  await server?.close();
  await Daily.deinit();
});

/** Runs `fault` `times` times; after each, B must hear A again. Returns the times to media back. */
async function repeatFault(what: string, times: number, fault: () => Promise<void>): Promise<number[]> {
  const backMs: number[] = [];
  for (let i = 0; i < times; i++) {
    const at = Date.now();
    const mark = [a.mark, b.mark];
    await fault();
    await waitFor(`${what} ${i + 1}: A heard at B again`, () => heard.resumedAfter(at) !== Infinity, 30_000).catch(
      (e: Error) => {
        for (const [k, bot] of [a, b].entries()) {
          const seen = bot.events.slice(mark[k]).filter((r) => r.event === 'network-connection' || r.event === 'error');
          console.log(`${bot.name} since the fault: ${JSON.stringify(seen.map((r) => r.args[0]))}`);
        }
        throw e;
      },
    );
    backMs.push(heard.resumedAfter(at) - at);
    expect([a.id, b.id]).toEqual(ids);
    // Let the call settle before the next fault.
    await new Promise((r) => setTimeout(r, 1500));
  }
  const sorted = [...backMs].sort((x, y) => x - y);
  console.log(
    `[soak] ${what} x${times}: media back p50 ${sorted[Math.floor(sorted.length / 2)]} ms, ` +
      `max ${sorted.at(-1)} ms (${backMs.join(', ')})`,
  );
  return backMs;
}

function noOneLeft(): void {
  for (const bot of [a, b]) {
    expect(bot.all('participant-left')).toEqual([]);
    expect(bot.client.callState()).toBe('joined');
  }
}

describe('SFU and meeting server faults mid-call', () => {
  it(
    `Janus SIGKILLed ${JANUS_KILLS} times: media back within ${BACK_WITHIN_MS} ms each, same participant ids`,
    async () => {
      const embedded = server.janus.embedded!;
      const backMs = await repeatFault('Janus SIGKILL', JANUS_KILLS, async () => {
        const pid = embedded.pid!;
        process.kill(pid, 'SIGKILL');
        await waitFor('Janus restarted', () => embedded.pid !== undefined && embedded.pid !== pid, 10_000);
      });
      expect(Math.max(...backMs)).toBeLessThanOrEqual(BACK_WITHIN_MS);
      noOneLeft();
    },
    60_000 + JANUS_KILLS * 40_000,
  );

  it(
    `meeting server restarted ${SERVER_RESTARTS} times: media back within ${BACK_WITHIN_MS} ms each, same ids`,
    async () => {
      const backMs = await repeatFault('server restart', SERVER_RESTARTS, async () => {
        const { port, dataDir } = server;
        await server.close();
        server = await startCallServer({ port, dataDir });
      });
      expect(Math.max(...backMs)).toBeLessThanOrEqual(BACK_WITHIN_MS);
      noOneLeft();
    },
    60_000 + SERVER_RESTARTS * 40_000,
  );
});
