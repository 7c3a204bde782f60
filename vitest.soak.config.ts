import { defineConfig } from 'vitest/config';

// `npm run soak` only: tests too long for the default run (a minute each), kept apart by their file name
// (*.soak.ts) so that the default run has no test that skips itself (issue 17 item 6).
const config = defineConfig({
  test: {
    include: ['test/**/*.soak.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});

// vitest requires the config as the default export; this is the one exception to named exports.
// eslint-disable-next-line no-restricted-syntax
export default config;
