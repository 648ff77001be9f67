import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { runSparseDirections, type SparseDirectionsOutput } from './sparseDirections.js';

describe('runSparseDirections (small scale, seed 1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sparse-directions-'));
  let out: SparseDirectionsOutput;
  beforeAll(async () => {
    await useBackend('wasm');
    out = await runSparseDirections({ dir, scale: 'small', seed: 1, figures: false });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sweeps the L1 strengths of the preset, recording the trainer’s l1W', () => {
    expect(out.cells.map((c) => c.l1Relative)).toEqual([0, 1]);
    expect(out.cells[0].l1W).toBe(0);
    expect(out.cells[1].l1W).toBeGreaterThan(0);
  });

  it('L1 on W makes the directions sparse (Hoyer up by more than 0.2)', () => {
    expect(out.cells[1].hoyer - out.cells[0].hoyer).toBeGreaterThan(0.2);
    expect(out.cells[1].nearZeroFraction).toBeGreaterThan(out.cells[0].nearZeroFraction);
  });

  it('sparse learned directions interfere no more than random codes with as many non-zeros, and still beat representing nothing', () => {
    const c = out.cells[1];
    expect(c.learned).not.toBeNull();
    expect(c.learned!.meanAbsCos).toBeLessThan(c.sparseRandomMeanAbsCos);
    expect(c.loss).toBeLessThan(c.lossNothing);
  });
});
