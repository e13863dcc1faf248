import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // Simulation tests are CPU-bound; two workers match the two cores of the CI machine.
    maxWorkers: 2,
  },
});
