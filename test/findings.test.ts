/**
 * The Findings pages show the real outputs of the committed runs: each results table on a
 * page equals the table rendered from the results file committed beside it
 * (apps/docs/docs/findings/data/*.json), cell by cell (Prettier's padding aside).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tableRows } from './markdownTable.js';
import type { DensePhaseOutput } from '../packages/cli/src/experiments/densePhase.js';
import {
  densePhaseBoundaryTable,
  densePhaseTable,
} from '../packages/cli/src/experiments/report.js';

const findings = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..'),
  'apps/docs/docs/findings',
);

describe('Findings: dense superposition', () => {
  const page = readFileSync(join(findings, 'dense-phase.md'), 'utf8');
  const data = JSON.parse(
    readFileSync(join(findings, 'data/dense-phase.json'), 'utf8'),
  ) as DensePhaseOutput;

  it('is the paper-scale run, n up to 2·10⁴ and d from 64 to 512', () => {
    expect(data.scale).toBe('paper');
    expect(Math.max(...data.config.nFeatures)).toBeGreaterThanOrEqual(20_000);
    expect(Math.min(...data.config.nHidden)).toBe(64);
    expect(Math.max(...data.config.nHidden)).toBe(512);
    const max = data.config.maxWeights ?? Infinity;
    const perS = data.config.nHidden.flatMap((d) =>
      data.config.nFeatures.filter((n) => n > d && n * d <= max),
    );
    expect(data.cells).toHaveLength(perS.length * data.config.sparsity.length);
    // d = 512 is on the grid at n = 1,000 and 4,000; n = 20,000 up to d = 256.
    expect(data.cells.some((c) => c.nHidden === 512)).toBe(true);
    expect(data.cells.some((c) => c.nFeatures === 20_000 && c.nHidden === 256)).toBe(true);
  });

  it('shows the results table rendered from data/dense-phase.json', () => {
    const want = tableRows(densePhaseTable(data), 'n');
    expect(want.length).toBe(data.cells.length + 1);
    expect(tableRows(page, 'n')).toEqual(want);
  });

  it('shows the boundary table rendered from the same file', () => {
    const want = tableRows(densePhaseBoundaryTable(data), 'd');
    expect(want.length).toBe(data.summary.boundary.length + 1);
    expect(tableRows(page, 'd')).toEqual(want);
  });
});
