import { describe, expect, it } from 'vitest';
import { createRng } from '@hyperposition/hypervector';
import { sampleFeatures } from '../data/sampleFeatures.js';
import { resolveConfig, type ToyModelKind } from '../model/config.js';
import { createFusedModel, fusedLossAndGrads } from '../fused/fusedModel.js';
import { denseLossAndGrads } from './denseLossAndGrads.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function maxAbs(a: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]));
  return d;
}

const kinds: ToyModelKind[] = ['relu-output', 'linear', 'relu-hidden', 'abs'];
const cases = kinds.flatMap((kind) =>
  [true, false].flatMap((tied) => [
    // bias 0: about half the ReLU outputs are on, so the backward products run dense;
    // bias -1: almost all are off, so they visit the non-zero gradient entries only.
    { kind, tied, bias: 0 },
    { kind, tied, bias: -1 },
  ]),
);

describe.each(cases)(
  'denseLossAndGrads ($kind, tied $tied, bias $bias)',
  ({ kind, tied, bias }) => {
    it('equals the row-by-row fused pass (float64 rows) within float32 tolerance, penalties on', () => {
      // Odd sizes so that the SIMD wrappers pad every dimension.
      const [nI, n, m, B] = [2, 203, 37, 29];
      const config = resolveConfig({
        model: kind,
        tied,
        nInstances: nI,
        nFeatures: n,
        nHidden: m,
        featureProbability: 0.05,
        importance: { kind: 'geometric', ratio: 0.99 },
        seed: 4,
      });
      const rng = createRng(11);
      const rngs = Array.from({ length: nI }, () => ({ mask: rng.fork(), value: rng.fork() }));
      const batch = sampleFeatures(config, B, rngs);
      const len = nI * m * n;
      const W = Float32Array.from({ length: len }, () => rng.nextNormal() / Math.sqrt(m));
      const Wdec = tied
        ? null
        : Float32Array.from({ length: len }, () => rng.nextNormal() / Math.sqrt(m));
      const b = Float32Array.from({ length: nI * n }, () => bias + rng.nextNormal() * 0.1);
      const pen = { l1W: 1e-4, l1Hidden: 2e-3 };
      const ref = createFusedModel(config, { W, b, Wdec }, new Map(), 0);
      fusedLossAndGrads(ref, batch, pen);
      const got = createFusedModel(config, { W, b, Wdec }, new Map(), 0);
      denseLossAndGrads(got, batch, pen);
      // Float32 products of length m = 37 (forward) and B = 29 or n = 203 (backward):
      // relative error a few 1e-6 of the largest entry; 1e-4 leaves a wide margin.
      for (let i = 0; i < nI; i++) expect(got.loss[i]).toBeCloseTo(ref.loss[i], 6);
      expect(maxAbsDiff(got.gW, ref.gW)).toBeLessThan(1e-4 * maxAbs(ref.gW) + 1e-9);
      expect(maxAbsDiff(got.gb, ref.gb)).toBeLessThan(1e-4 * maxAbs(ref.gb) + 1e-9);
      if (!tied)
        expect(maxAbsDiff(got.gWdec!, ref.gWdec!)).toBeLessThan(1e-4 * maxAbs(ref.gWdec!) + 1e-9);
      expect(maxAbs(ref.gW)).toBeGreaterThan(0);
      // Same input, same output, bit for bit.
      const again = createFusedModel(config, { W, b, Wdec }, new Map(), 0);
      denseLossAndGrads(again, batch, pen);
      expect(again.gW).toEqual(got.gW);
      expect(Array.from(again.loss)).toEqual(Array.from(got.loss));
    });
  },
);
