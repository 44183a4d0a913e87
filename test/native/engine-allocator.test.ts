/**
 * The media engine's malloc (DAILY_NODE_ENGINE_ALLOCATOR): jemalloc by
 * default, really mapped into the engine process (and not into this one),
 * glibc when asked, and a bad value refused by Daily.init naming the
 * variable. The figures behind the default are in docs/reliability.md.
 */
import * as fs from 'node:fs';

import { afterEach, expect, it } from 'vitest';

import { Daily } from '../../src';
import { findJemalloc } from '../../src/allocator/jemalloc';
import { ENGINE_ALLOCATOR_ENV } from '../../src/engine/engine-allocator';
import { engineHost } from '../../src/engine/engine-host';

const saved = process.env[ENGINE_ALLOCATOR_ENV];

afterEach(async () => {
  await Daily.deinit();
  if (saved === undefined) delete process.env[ENGINE_ALLOCATOR_ENV];
  else process.env[ENGINE_ALLOCATOR_ENV] = saved;
});

function mapsJemalloc(pid: number): boolean {
  return fs.readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libjemalloc');
}

it('the engine runs on jemalloc by default; this process keeps its own malloc', async () => {
  expect(findJemalloc(), 'libjemalloc2 is in scripts/lib/packages.sh').toBeDefined();
  delete process.env[ENGINE_ALLOCATOR_ENV];
  await Daily.init();
  const pid = engineHost.channel!.pid;
  expect(engineHost.allocator).toBe('jemalloc');
  expect(mapsJemalloc(pid)).toBe(true);
  expect(mapsJemalloc(process.pid)).toBe(false);
  // It serves as before, and engine.stats reads jemalloc's own counters (glibc's mallinfo2 sees nothing then).
  expect(await engineHost.channel!.request('debug.echo', { value: 'jemalloc' })).toEqual({ value: 'jemalloc' });
  const stats = await engineHost.channel!.request('engine.stats', { trimHeap: true });
  expect(stats.heapInUseBytes).toBeGreaterThan(256 << 10);
  expect(stats.heapInUseBytes).toBeLessThan(stats.rssKiB * 1024);
});

it('DAILY_NODE_ENGINE_ALLOCATOR=glibc starts it on glibc', async () => {
  process.env[ENGINE_ALLOCATOR_ENV] = 'glibc';
  await Daily.init();
  expect(engineHost.allocator).toBe('glibc');
  expect(mapsJemalloc(engineHost.channel!.pid)).toBe(false);
  expect((await engineHost.channel!.request('engine.stats', {})).heapInUseBytes).toBeGreaterThan(256 << 10);
});

it('a bad value is refused by Daily.init, naming the variable and the values it takes', async () => {
  process.env[ENGINE_ALLOCATOR_ENV] = 'tcmalloc';
  await expect(Daily.init()).rejects.toThrow(
    /DAILY_NODE_ENGINE_ALLOCATOR: must be one of jemalloc, glibc \(got "tcmalloc"\)/,
  );
  await Daily.deinit();
  process.env[ENGINE_ALLOCATOR_ENV] = 'jemalloc';
  await Daily.init();
  expect(engineHost.allocator).toBe('jemalloc');
});
