import { defineConfig } from 'vitest/config';

// Suites by what they need: unit (nothing), native (the engine), e2e (the
// meeting server with Janus). Media suites run one file at a time: the
// machines have two cores and audio timing is part of what they check.
/** sipp callers dialling in (see the dial-in project below). */
const DIAL_IN_FILES = ['test/e2e/telephony-dialin.test.ts', 'test/e2e/example-phone-bot.test.ts'];

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
          exclude: DIAL_IN_FILES,
          fileParallelism: false,
        },
      },
      // Dial-in (sipp calling the server's SIP listener) failed now and then in full runs only, with the
      // unit and native projects running beside it; alone it passed every time. Cause not found yet:
      // until it is, these files run last, by themselves.
      {
        extends: true,
        test: {
          name: 'dial-in',
          include: DIAL_IN_FILES,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
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
