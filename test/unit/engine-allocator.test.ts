/** The media engine's environment for each allocator (pure: no process is started). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { findJemalloc } from '../../src/allocator/jemalloc';
import { ENGINE_MALLOC_CONF, engineChildEnv, environmentList } from '../../src/engine/engine-allocator';

const LIB = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';

describe('engineChildEnv', () => {
  it('preloads jemalloc with the engine settings by default, leaving the rest of the environment as it was', () => {
    const base = { PATH: '/usr/bin', DAILY_NODE_JITTER_BUFFER: 'low' };
    const child = engineChildEnv(base, () => LIB);
    expect(child.allocator).toBe('jemalloc');
    expect(child.env).toEqual({ ...base, LD_PRELOAD: LIB, MALLOC_CONF: ENGINE_MALLOC_CONF });
    expect(base).toEqual({ PATH: '/usr/bin', DAILY_NODE_JITTER_BUFFER: 'low' });
    expect(child.fallback).toBeUndefined();
  });

  it("keeps an operator's preload (after jemalloc) and an operator's MALLOC_CONF", () => {
    const child = engineChildEnv({ LD_PRELOAD: '/opt/trace.so', MALLOC_CONF: 'narenas:1' }, () => LIB);
    expect(child.env.LD_PRELOAD).toBe(`${LIB}:/opt/trace.so`);
    expect(child.env.MALLOC_CONF).toBe('narenas:1');
  });

  it('glibc when asked: nothing preloaded', () => {
    const child = engineChildEnv({ DAILY_NODE_ENGINE_ALLOCATOR: 'glibc' }, () => LIB);
    expect(child.allocator).toBe('glibc');
    expect(child.env.LD_PRELOAD).toBeUndefined();
    expect(child.env.MALLOC_CONF).toBeUndefined();
  });

  it('falls back to glibc with one line naming the package when the library is missing', () => {
    const child = engineChildEnv({ PATH: '/usr/bin' }, () => undefined);
    expect(child.allocator).toBe('glibc');
    expect(child.env.LD_PRELOAD).toBeUndefined();
    expect(child.fallback).toMatch(/libjemalloc2.*media engine runs with glibc/);
  });

  it('refuses a bad DAILY_NODE_ENGINE_ALLOCATOR, naming it', () => {
    expect(() => engineChildEnv({ DAILY_NODE_ENGINE_ALLOCATOR: 'JEMALLOC' }, () => LIB)).toThrow(
      'DAILY_NODE_ENGINE_ALLOCATOR: must be one of jemalloc, glibc (got "JEMALLOC")',
    );
  });
});

describe('environmentList', () => {
  it('gives NAME=value strings, skipping unset names and keeping "=" inside values', () => {
    expect(environmentList({ A: '1', B: undefined, C: 'x=y', D: '' })).toEqual(['A=1', 'C=x=y', 'D=']);
  });
});

describe('findJemalloc', () => {
  it("takes the prebuilt engine's own copy first, and skips a folder LD_PRELOAD would split (space or colon)", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'jemalloc-'));
    try {
      const lib = path.join(base, 'lib');
      const spaced = path.join(base, 'with space');
      for (const dir of [lib, spaced]) {
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'libjemalloc.so.2'), '');
      }
      expect(findJemalloc('x64', [lib])).toBe(path.join(lib, 'libjemalloc.so.2'));
      // Not the spaced copy: the system's (installed here by scripts/lib/packages.sh), or none.
      expect(findJemalloc('x64', [spaced])).not.toBe(path.join(spaced, 'libjemalloc.so.2'));
      expect(findJemalloc('x64', [spaced])).toBe(findJemalloc('x64'));
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
