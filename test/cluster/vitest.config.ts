import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The live mode against the real control plane (`npm run test:cluster`); kept out of `npm test`,
// whose include pattern (test/**/*.test.ts) these files do not match.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/cluster/*.integration.ts'],
    // One control plane for every file: files that change live objects must not overlap.
    fileParallelism: false,
    testTimeout: 120_000,
    // Starting may first build kube-apiserver and etcd: tens of minutes on a cold Go build cache.
    hookTimeout: 60 * 60_000,
  },
});
