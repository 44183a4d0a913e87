import { defineConfig } from 'vitest/config';

// Suites by what they need: unit (nothing), native (the engine), e2e (the
// meeting server with Janus). Media suites run one file at a time: the
// machines have two cores and audio timing is part of what they check.
export default defineConfig({
  // An address, not "localhost": minimal roots may have no /etc/hosts.
  server: { host: '127.0.0.1' },
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'server/test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'native', include: ['test/native/**/*.test.ts'], fileParallelism: false },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'server/test/e2e/**/*.test.ts'],
          fileParallelism: false,
        },
      },
      // Fault and load suites: short by default (npm test), long under `npm run soak` (scripts/soak).
      // They run after the others (groupOrder): network-faults drops UDP in the whole namespace.
      {
        extends: true,
        test: {
          name: 'soak',
          include: ['test/soak/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
