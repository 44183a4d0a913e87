/**
 * Several users of the engine noticing its death at once (peer connections,
 * sources, renderers of several calls) must get the same new engine, never
 * one each.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { Daily } from '../../src';
import { engineHost } from '../../src/engine/engine-host';
import { isProcessAlive, waitFor, waitForProcessGone } from '../helpers/process';

beforeAll(async () => {
  await Daily.init();
});

afterAll(async () => {
  await Daily.deinit();
});

it('concurrent restarts after the engine died share one new engine', async () => {
  const pid = engineHost.channel!.info!.pid;
  process.kill(pid, 'SIGKILL');
  await waitForProcessGone(pid);
  await waitFor('the exit to be noticed', () => engineHost.channel === undefined);
  const channels = await Promise.all([engineHost.ensure(), engineHost.ensure(), engineHost.ensure()]);
  expect(new Set(channels).size).toBe(1);
  const newPid = channels[0]!.info!.pid;
  expect(newPid).not.toBe(pid);
  expect(isProcessAlive(newPid)).toBe(true);
  expect(engineHost.channel).toBe(channels[0]);
});
