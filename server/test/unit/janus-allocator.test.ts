/**
 * The environment the embedded Janus is started with: jemalloc preloaded
 * into that child only (the server's own environment untouched), an
 * operator's preload and MALLOC_CONF kept, a clean fallback to glibc when the
 * library is missing, and clear errors for a bad choice.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';

import { JANUS_MALLOC_CONF, findJemalloc, janusChildEnv, requestedAllocator } from '../../src/janus/janus-allocator';
import { resolveOptions } from '../../src/options';

const LIB = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';

describe('janusChildEnv', () => {
  it('preloads jemalloc with our settings, keeping the rest of the environment and leaving the base alone', () => {
    const base = { PATH: '/usr/bin', HOME: '/home/bot' };
    const child = janusChildEnv('jemalloc', base, LIB);
    expect(child.allocator).toBe('jemalloc');
    expect(child.fallback).toBeUndefined();
    expect(child.env).toEqual({ PATH: '/usr/bin', HOME: '/home/bot', LD_PRELOAD: LIB, MALLOC_CONF: JANUS_MALLOC_CONF });
    expect(base).toEqual({ PATH: '/usr/bin', HOME: '/home/bot' });
  });

  it("puts jemalloc ahead of an operator's preload and keeps an operator's MALLOC_CONF", () => {
    const child = janusChildEnv('jemalloc', { LD_PRELOAD: '/opt/trace.so', MALLOC_CONF: 'narenas:1' }, LIB);
    expect(child.env.LD_PRELOAD).toBe(`${LIB}:/opt/trace.so`);
    expect(child.env.MALLOC_CONF).toBe('narenas:1');
  });

  it('adds nothing for glibc', () => {
    const child = janusChildEnv('glibc', { PATH: '/usr/bin' }, LIB);
    expect(child).toEqual({ env: { PATH: '/usr/bin' }, allocator: 'glibc' });
  });

  it('falls back to glibc with one line naming the package when the library is missing', () => {
    const child = janusChildEnv('jemalloc', { PATH: '/usr/bin' }, undefined);
    expect(child.allocator).toBe('glibc');
    expect(child.env).toEqual({ PATH: '/usr/bin' });
    expect(child.fallback).toMatch(/jemalloc not found.*libjemalloc2/);
  });
});

describe('requestedAllocator', () => {
  it('takes the option, else DAILY_NODE_JANUS_ALLOCATOR, else jemalloc', () => {
    expect(requestedAllocator('glibc', { DAILY_NODE_JANUS_ALLOCATOR: 'jemalloc' })).toBe('glibc');
    expect(requestedAllocator(undefined, { DAILY_NODE_JANUS_ALLOCATOR: 'glibc' })).toBe('glibc');
    expect(requestedAllocator(undefined, { DAILY_NODE_JANUS_ALLOCATOR: '' })).toBe('jemalloc');
    expect(requestedAllocator(undefined, {})).toBe('jemalloc');
  });

  it('names the field and the choices for a bad value', () => {
    expect(() => requestedAllocator('tcmalloc', {})).toThrow('janus.allocator: must be one of jemalloc, glibc');
    expect(() => requestedAllocator(undefined, { DAILY_NODE_JANUS_ALLOCATOR: 'off' })).toThrow(
      /^DAILY_NODE_JANUS_ALLOCATOR: must be one of jemalloc, glibc \(got "off"\)$/,
    );
  });

  it('is checked with the server options', () => {
    expect(() => resolveOptions({ janus: { mode: 'embedded', allocator: 'tcmalloc' as 'glibc' } })).toThrow(
      'janus.allocator: must be one of jemalloc, glibc',
    );
    expect(resolveOptions({ janus: { mode: 'embedded', allocator: 'glibc' } }).janus).toMatchObject({
      allocator: 'glibc',
    });
  });
});

describe('findJemalloc', () => {
  it("finds Debian's libjemalloc2 (scripts/lib/packages.sh installs it)", () => {
    const found = findJemalloc();
    expect(found).toMatch(/\/libjemalloc\.so\.2$/);
    expect(fs.existsSync(found!)).toBe(true);
  });
});
