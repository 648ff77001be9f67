import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { logCrossing, runDensePhase, weightMovement, type DensePhaseOutput } from './densePhase.js';
import { densePhaseBoundaryTable, densePhaseTable } from './report.js';

describe('weightMovement', () => {
  it('is 0 change and cosine 1 for identical weights, and cosine 0 for orthogonal columns', () => {
    const W = Float32Array.of(1, 2, 3, 4, 5, 6);
    expect(weightMovement(W, W, 2, 3)).toEqual({ relativeChange: 0, meanCos: 1, meanAbsCos: 1 });
    const r = weightMovement(Float32Array.of(1, 0, 0, 1), Float32Array.of(0, 1, 1, 0), 2, 2);
    expect(r.meanCos).toBe(0);
    expect(r.relativeChange).toBeCloseTo(Math.SQRT2, 12);
  });
});

describe('logCrossing', () => {
  it('interpolates a downward crossing linearly in log x, and is null without one', () => {
    expect(logCrossing([10, 100], [0.9, 0.1], 0.5)).toBeCloseTo(Math.sqrt(1000), 10);
    expect(logCrossing([1, 2, 8], [1, 0.75, 0.25], 0.5)).toBeCloseTo(4, 10);
    expect(logCrossing([1, 2], [0.9, 0.6], 0.5)).toBeNull();
    expect(logCrossing([1, 2], [0.1, 0.9], 0.5)).toBeNull();
  });
});

describe('runDensePhase (small scale, seed 1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dense-phase-'));
  let out: DensePhaseOutput;
  beforeAll(async () => {
    await useBackend('wasm');
    out = await runDensePhase({ dir, scale: 'small', seed: 1, figures: false });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the configuration and one cell per grid point in results.json', () => {
    const saved = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as DensePhaseOutput;
    expect(saved.config.nFeatures).toEqual([200, 800]);
    expect(saved.cells.map((c) => c.nFeatures)).toEqual([200, 800]);
    expect(saved.seed).toBe(1);
  });

  // The qualitative results of the paper-scale run (apps/docs/docs/findings/dense-phase.md)
  // that hold where training has converged; the small grid (n/d = 12.5 and 50, S = 0.99) is
  // in that regime.
  it('training beats W frozen at its random init in every cell, and the frozen model beats representing nothing', () => {
    for (const c of out.cells) {
      expect(c.lossTrained).toBeLessThan(c.lossFrozen);
      expect(c.lossFrozen).toBeLessThan(c.lossNothing);
    }
  });

  it('beats d dedicated dimensions at n/d = 12.5, and frozen random directions already reach a large share of that gain', () => {
    const c = out.cells[0];
    expect(c.ratio).toBe(12.5);
    expect(c.lossTrained).toBeLessThan(c.lossDedicated);
    const share = (c.lossDedicated - c.lossFrozen) / (c.lossDedicated - c.lossTrained);
    expect(share).toBeGreaterThan(0.3);
  });

  it('learned directions interfere like random ones: mean |cos| within 10% of the random-direction law', () => {
    for (const c of out.cells) {
      const ratio = c.learned!.meanAbsCos / c.learned!.randomMeanAbsCos;
      expect(ratio).toBeGreaterThan(0.9);
      expect(ratio).toBeLessThan(1.05);
    }
  });

  it('stores a seeded sample of 1000 learned cosines whose variance is near the random 1/d', () => {
    for (const c of out.cells) {
      expect(c.cosineSample).toHaveLength(1000);
      const v = c.cosineSample.reduce((acc, x) => acc + x * x, 0) / 1000;
      // 1000 draws: relative standard error of the variance about 5%; 25% covers 4 sigma plus the learned shift.
      expect(Math.abs(v * c.nHidden - 1)).toBeLessThan(0.25);
    }
  });

  it('W moves but stays correlated with its random init (mean cos between 0.5 and 0.99)', () => {
    for (const c of out.cells) {
      expect(c.meanCosInitFinal).toBeGreaterThan(0.5);
      expect(c.meanCosInitFinal).toBeLessThan(0.99);
      expect(c.relativeChange).toBeGreaterThan(0.1);
    }
  });

  // Paper scale: at fixed d and S the represented fraction falls as n/d grows.
  it('represents a smaller fraction of features at n/d = 50 than at 12.5', () => {
    expect(out.cells[1].fractionRepresented).toBeLessThan(out.cells[0].fractionRepresented);
    const b = out.summary.boundary[0];
    expect(b.ratios).toEqual([12.5, 50]);
    expect(b.maxRepresentedPerDimension).toBeGreaterThan(1); // more features than dimensions
  });

  it('renders its tables: one row per cell and per (d, S), header first', () => {
    const rows = densePhaseTable(out).trim().split('\n');
    expect(rows).toHaveLength(2 + out.cells.length);
    expect(rows[0]).toMatch(/^\| n \| d \| S \| n\/d \| L trained \|/);
    expect(rows[2]).toMatch(/^\| 200 \| 16 \| 0\.99 \| 12\.5 \| /);
    expect(densePhaseBoundaryTable(out).trim().split('\n')).toHaveLength(
      2 + out.summary.boundary.length,
    );
  });

  it('splits into shards that share the directory: the last one assembles the same results', async () => {
    const sharded = mkdtempSync(join(tmpdir(), 'dense-phase-shards-'));
    try {
      const first = await runDensePhase({
        dir: sharded,
        scale: 'small',
        seed: 1,
        figures: false,
        shard: { index: 1, count: 2 },
      });
      expect(first.cellsComputed).toBe(1);
      expect(first.missingCells).toBe(1);
      expect(() => readFileSync(join(sharded, 'results.json'))).toThrow();
      const last = await runDensePhase({
        dir: sharded,
        scale: 'small',
        seed: 1,
        figures: false,
        shard: { index: 0, count: 2 },
      });
      expect(last.cellsComputed).toBe(1);
      expect(last.missingCells).toBeUndefined();
      expect(last.cells.map((c) => ({ ...c, seconds: 0 }))).toEqual(
        out.cells.map((c) => ({ ...c, seconds: 0 })),
      );
      expect(last.summary).toEqual(out.summary);
      await expect(
        runDensePhase({ dir: sharded, scale: 'small', seed: 1, shard: { index: 2, count: 2 } }),
      ).rejects.toThrow(/ctx.shard must be \{ index, count \} with 0 <= index < count/);
    } finally {
      rmSync(sharded, { recursive: true, force: true });
    }
  }, 300_000);

  it('drops cells above maxWeights, and a changed grid reuses the finished cells', async () => {
    const cut = await runDensePhase(
      { dir, scale: 'small', seed: 1, figures: false },
      { maxWeights: 200 * 16 },
    );
    expect(cut.cells.map((c) => c.nFeatures)).toEqual([200]);
    expect(cut.cellsComputed).toBe(0);
    expect(cut.cells[0]).toEqual(out.cells[0]);
  });

  it('reuses finished cells on a rerun (resumable) and reproduces them exactly', async () => {
    const again = await runDensePhase({ dir, scale: 'small', seed: 1, figures: false });
    expect(again.cellsComputed).toBe(0);
    expect(again.cells).toEqual(out.cells);
  });
});
