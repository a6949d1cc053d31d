import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: the 3-node JetStream failover test, kept out of `npm test` until its failover
 * paths are reliable (docs/desk.md "On a real cluster").
 */
export default defineConfig({
  test: {
    include: ['collector/cluster.soak.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
