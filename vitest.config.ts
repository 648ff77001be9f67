import { defineConfig } from 'vitest/config';

// One run over every package, one summary. Sibling packages resolve to their TypeScript
// sources through the "source" export condition, so tests never see a stale build.
const packages = ['hypervector', 'interference', 'toy-models', 'plots', 'cli'];

export default defineConfig({
  test: {
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        resolve: { conditions: ['source'] },
        ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
        test: {
          name,
          root: `packages/${name}`,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
        },
      })),
      {
        extends: true as const,
        test: {
          name: 'docs',
          root: 'apps/docs',
          include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true as const,
        test: {
          name: 'workspace',
          root: '.',
          include: ['test/**/*.test.ts'],
          testTimeout: 600_000,
        },
      },
    ],
  },
});
