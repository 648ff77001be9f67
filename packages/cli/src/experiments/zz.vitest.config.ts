import { defineConfig } from 'vitest/config';
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: { root: import.meta.dirname, include: ['zz_*.scratch.ts'], testTimeout: 7_200_000 },
});
