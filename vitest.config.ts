import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default leaves one CPU free; on a two-core machine that runs every file in one
    // worker, one after another (165 s here). Most test time is spent waiting on child processes
    // (kustomize, the CLI), so a worker per CPU runs the suite in about 105 s.
    maxWorkers: availableParallelism(),
  },
});
