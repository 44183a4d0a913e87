/**
 * The real embedded Janus runs on jemalloc (preloaded into it alone, kept
 * across its restarts) or, when asked, on glibc's malloc; the server process
 * itself never loads jemalloc. test/soak/churn.test.ts measures what it is
 * for: Janus's RSS flat under churn.
 */
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/helpers/process';
import { JANUS_MALLOC_CONF } from '../../src/janus/janus-allocator';
import { EmbeddedJanus } from '../../src/janus/embedded-janus';
import { createLogger } from '../../src/log';

const log = createLogger('silent');
const started: EmbeddedJanus[] = [];
afterAll(async () => {
  for (const janus of started) await janus.stop();
});

async function startJanus(allocator: 'jemalloc' | 'glibc'): Promise<EmbeddedJanus> {
  const janus = new EmbeddedJanus({ allocator }, log);
  started.push(janus);
  await janus.start();
  return janus;
}

function mapsJemalloc(pid: number | 'self'): boolean {
  return fs.readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libjemalloc');
}

function environ(pid: number): string[] {
  return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}

describe('the embedded Janus allocator', () => {
  it('runs Janus on jemalloc with our settings, and only Janus', async () => {
    const janus = await startJanus('jemalloc');
    expect(janus.allocator).toBe('jemalloc');
    expect(mapsJemalloc(janus.pid!)).toBe(true);
    const expectedConf = process.env.MALLOC_CONF || JANUS_MALLOC_CONF;
    expect(environ(janus.pid!)).toContain(`MALLOC_CONF=${expectedConf}`);
    expect(mapsJemalloc('self')).toBe(false);
    expect(process.env.LD_PRELOAD ?? '').not.toContain('libjemalloc');
  });

  it('keeps jemalloc when Janus is restarted after dying', async () => {
    const janus = started[0]!;
    const firstPid = janus.pid!;
    process.kill(firstPid, 'SIGKILL');
    await waitFor('Janus restarted', () => janus.pid !== undefined && janus.pid !== firstPid, 10_000);
    expect(mapsJemalloc(janus.pid!)).toBe(true);
  });

  it("runs Janus on glibc's malloc when asked", async () => {
    const janus = await startJanus('glibc');
    expect(janus.allocator).toBe('glibc');
    expect(mapsJemalloc(janus.pid!)).toBe(false);
  });
});
