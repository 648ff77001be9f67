import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRun, theoreticalPhase } from '@hyperposition/toy-models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir, type CliRun } from '../testing/harness.js';
import type { PhaseDiagramDocument } from '../sweepOutputs.js';

const root = tempDir('phase');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hyperposition phase-diagram (n = 2, m = 1, 2 x 2 grid)', () => {
  const out = join(root, 'pd');
  let run: CliRun;
  beforeAll(async () => {
    // r in {0.1, 10}, p in {1, 0.5}: far from the boundaries (p* = 0.16 at both r), so the
    // best of two fits lands in the predicted phase.
    run = await cli(
      [
        'phase-diagram',
        '--features',
        '2',
        '--hidden',
        '1',
        '--grid',
        '2',
        '--p-range',
        '1,0.5',
        '--restarts',
        '2',
        '--steps',
        '300',
        '--seed',
        '1',
        '--out',
        out,
      ],
      {},
    );
  });

  it('prints the grid next to theory and exits 0', () => {
    expect(run.code).toBe(0);
    expect(run.out).toContain('theory agrees on 4/4 cells');
    expect(run.out).toMatch(/p=1 +\. D {3}theory \. D\n/);
  });

  it('classifies every cell into the phase the exact candidate losses predict', () => {
    const doc = JSON.parse(
      readFileSync(join(out, 'phase-diagram.json'), 'utf8'),
    ) as PhaseDiagramDocument;
    expect(doc).toMatchObject({
      format: 'hyperposition.phase-diagram',
      version: 1,
      nFeatures: 2,
      nHidden: 1,
      agreement: 1,
    });
    expect(doc.cells).toHaveLength(4);
    for (const c of doc.cells) {
      expect(c.theory).toBe(theoreticalPhase(c.relativeImportance, c.density, 2));
      expect(c.phase).toBe(c.relativeImportance < 1 ? 'not-represented' : 'dedicated');
    }
    expect(doc.triplePoint.density).toBeCloseTo(4 / 7, 15);
    expect(doc.boundaries.map((b) => b.label)).toEqual([
      'theory: p = 4r/(2+5r)',
      'theory: p = 4/(5+2r)',
      'theory: r = 1',
    ]);
    // the r < 1 curve is p = 4r / (2 + 5r)
    const low = doc.boundaries[0];
    Array.from(low.relativeImportance).forEach((r, k) =>
      expect(low.density[k]).toBeCloseTo((4 * r) / (2 + 5 * r), 12),
    );
  });

  it('writes the run, the sweep, the metrics and the phase-diagram figure', () => {
    const run = decodeRun(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.instances.map((i) => i.importance[1])).toEqual(
      [0.1, 10, 0.1, 10].map((r) => expect.closeTo(r, 12)),
    );
    expect(run.instances.map((i) => i.featureProbability)).toEqual([1, 1, 0.5, 0.5]);
    for (const f of [
      'sweep.json',
      'metrics.json',
      'figures/phase-diagram.svg',
      'figures/phase-diagram.png',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(readFileSync(join(out, 'figures/phase-diagram.svg'), 'utf8')).toContain(
      'theory: p = 4r/(2+5r)',
    );
  });

  it("labels the W^T W panels with the parameters' symbols, which the subtitle spells out", () => {
    // "extraImportance=0.1, featureProbability=0.251" ran into its neighbours in panels of
    // 140 px (6 columns)
    const svg = readFileSync(join(out, 'figures/wtw-heatmap.svg'), 'utf8');
    const labels = Array.from(svg.matchAll(/<text[^>]*>([^<]*)</g), (m) => m[1]).filter((t) =>
      t.startsWith('r='),
    );
    expect(labels.sort()).toEqual(['r=0.1, p=0.5', 'r=0.1, p=1', 'r=10, p=0.5', 'r=10, p=1']);
    expect(svg).toContain('panels: r = extraImportance, p = featureProbability');
  });
});
