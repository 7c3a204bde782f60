import { defineConfig } from 'vitest/config';

// Unit tests live in test/, conformance suites in suites/. Both run against the emulator in-process
// or on port 0; nothing is mocked (ARCHITECTURE.md, Rules).
export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'suites/**/*.contract.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});

// vitest requires the config as the default export; this is the one exception to named exports.
// eslint-disable-next-line no-restricted-syntax
export default config;
