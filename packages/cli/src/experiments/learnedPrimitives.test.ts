import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import {
  runLearnedPrimitives,
  type CleanupCell,
  type LearnedPrimitivesOutput,
  type LinearCell,
  type ProductCell,
} from './learnedPrimitives.js';

describe('runLearnedPrimitives (small scale, seed 1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'learned-primitives-'));
  let out: LearnedPrimitivesOutput;
  let linear: LinearCell[];
  let product: ProductCell[];
  let cleanup: CleanupCell[];
  beforeAll(async () => {
    await useBackend('wasm');
    out = await runLearnedPrimitives({ dir, scale: 'small', seed: 1, figures: false });
    linear = out.cells.filter((c) => c.part === 'add' || c.part === 'permute') as LinearCell[];
    product = out.cells.filter((c) => c.part === 'product') as ProductCell[];
    cleanup = out.cells.filter((c) => c.part === 'cleanup') as CleanupCell[];
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('(a) a linear layer learns to add two bundles and to permute one, whatever K', () => {
    expect(linear).toHaveLength(4);
    for (const c of linear) {
      expect(c.relativeError).toBeLessThan(0.01);
      // Downstream read-out of the bundle's atoms is as good as with the exact operation
      // (2K members, 512 test rows: 0.03 is several binomial standard deviations).
      expect(Math.abs(c.recallLearned - c.recallExact)).toBeLessThan(0.03);
    }
  });

  it('(b) the four-unit construction is accurate for small inputs only, and an MLP learns the product approximately', () => {
    expect(product.every((c) => c.factors === 'bipolar-key')).toBe(true);
    const con = (a: string, l: number): ProductCell =>
      product.find((c) => c.kind === 'construction' && c.activation === a && c.lambda === l)!;
    for (const a of ['gelu', 'swish']) {
      expect(con(a, 0.1).relativeError).toBeLessThan(1e-3);
      expect(con(a, 1).relativeError).toBeGreaterThan(0.05);
    }
    const gelu = product.find((c) => c.kind === 'learned' && c.activation === 'gelu')!;
    expect(gelu.relativeError).toBeLessThan(0.3);
    expect(gelu.unbindRecall).toBeGreaterThan(gelu.unbindRecallExact - 0.1);
  });

  it('(c) attention with a learned temperature cleans up as well as arg-max, near the capacity theory', () => {
    expect(cleanup).toHaveLength(2);
    for (const c of cleanup) {
      expect(Math.abs(c.accuracyAttention - c.accuracyArgmax)).toBeLessThan(0.03);
      // The theory counts K noise terms where the query has K - 1, so it sits a little low.
      expect(c.accuracyArgmax).toBeGreaterThan(c.accuracyTheory - 0.05);
      expect(c.accuracyArgmax).toBeLessThan(c.accuracyTheory + 0.1);
      expect(c.beta).toBeGreaterThan(1);
    }
  });
});
