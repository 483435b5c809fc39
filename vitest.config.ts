import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    // Starts the local platform once per run, or reuses a running one.
    globalSetup: ['platform/local/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration tests share one platform on a 2-core machine: keep the load modest.
    maxWorkers: 2,
  },
});
