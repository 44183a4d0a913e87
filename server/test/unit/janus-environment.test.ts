import { describe, expect, it } from 'vitest';
import { janusEnvironment } from '../../src/janus/janus-environment';

describe('janusEnvironment', () => {
  it('caps malloc arenas at 2 and keeps the rest of the environment', () => {
    const env = janusEnvironment({ PATH: '/usr/bin', HOME: '/root' });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/root', MALLOC_ARENA_MAX: '2' });
  });

  it("keeps the operator's MALLOC_ARENA_MAX", () => {
    expect(janusEnvironment({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX).toBe('8');
  });
});
