import { describe, expect, it } from 'vitest';
import { createRng, nativeKernels } from '@hyperposition/hypervector';
import { sampleFeatures } from '../data/sampleFeatures.js';
import { resolveConfig, type ToyModelKind } from '../model/config.js';
import { createFusedModel, fusedLossAndGrads } from '../fused/fusedModel.js';
import {
  DENSE_BACKWARD_MIN_DENSITY,
  NATIVE_SPARSE_BACKWARD_MAX_DENSITY,
  denseLossAndGrads,
} from './denseLossAndGrads.js';

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

/** Fraction of outputs whose gradient can be non-zero (ReLU on), from the dense batch. */
function outputDensity(
  kind: ToyModelKind,
  dense: Float32Array,
  W: Float32Array,
  Wdec: Float32Array | null,
  b: Float32Array,
  nI: number,
  B: number,
  m: number,
  n: number,
): number {
  if (kind === 'linear') return 1;
  const reluHidden = kind === 'relu-hidden' || kind === 'abs';
  const Wd = Wdec ?? W;
  let on = 0;
  const h = new Float64Array(m);
  for (let i = 0; i < nI; i++)
    for (let s = 0; s < B; s++) {
      const x = dense.subarray((i * B + s) * n, (i * B + s + 1) * n);
      for (let k = 0; k < m; k++) {
        let v = 0;
        for (let f = 0; f < n; f++) v += W[(i * m + k) * n + f] * x[f];
        h[k] = reluHidden ? Math.max(0, v) : v;
      }
      for (let f = 0; f < n; f++) {
        let o = b[i * n + f];
        for (let k = 0; k < m; k++) o += Wd[(i * m + k) * n + f] * h[k];
        if (o > 0) on++;
      }
    }
  return on / (nI * B * n);
}

const kinds: ToyModelKind[] = ['relu-output', 'linear', 'relu-hidden', 'abs'];
const cases = kinds.flatMap((kind) =>
  [true, false].flatMap((tied) => [
    // bias 0: about half the ReLU outputs are on, so the backward products run dense;
    // bias -0.25: some 10-25% are on, bias -1: almost all are off, so they run over the
    // non-zero gradient entries only (below DENSE_BACKWARD_MIN_DENSITY).
    { kind, tied, bias: 0 },
    { kind, tied, bias: -0.25 },
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
      // bias 0 takes the dense backward products, bias -1 the sparse ones (ReLU outputs),
      // on the WebAssembly path and on the native one
      const density = outputDensity(kind, batch.dense, W, Wdec, b, nI, B, m, n);
      if (bias === 0) expect(density).toBeGreaterThan(DENSE_BACKWARD_MIN_DENSITY);
      if (bias === -1 && kind !== 'linear') {
        expect(density).toBeLessThan(DENSE_BACKWARD_MIN_DENSITY);
        expect(density).toBeLessThan(NATIVE_SPARSE_BACKWARD_MAX_DENSITY);
      }
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
      // The native kernels (where built): the same tolerance, and the same bits on 1 and 3
      // threads.
      const nat = nativeKernels();
      if (nat !== null) {
        const viaNative = (threads: number) => {
          const model = createFusedModel(
            config,
            { W, b, Wdec },
            new Map(),
            0,
            undefined,
            threads,
            nat,
          );
          denseLossAndGrads(model, batch, pen);
          return model;
        };
        const n1 = viaNative(1);
        for (let i = 0; i < nI; i++) expect(n1.loss[i]).toBeCloseTo(ref.loss[i], 6);
        expect(maxAbsDiff(n1.gW, ref.gW)).toBeLessThan(1e-4 * maxAbs(ref.gW) + 1e-9);
        expect(maxAbsDiff(n1.gb, ref.gb)).toBeLessThan(1e-4 * maxAbs(ref.gb) + 1e-9);
        if (!tied)
          expect(maxAbsDiff(n1.gWdec!, ref.gWdec!)).toBeLessThan(1e-4 * maxAbs(ref.gWdec!) + 1e-9);
        const n3 = viaNative(3);
        expect(n3.gW).toEqual(n1.gW);
        if (!tied) expect(n3.gWdec).toEqual(n1.gWdec);
        expect(Array.from(n3.loss)).toEqual(Array.from(n1.loss));
      }
    });
  },
);

describe('denseLossAndGrads workspace', () => {
  it('gives the reference results when models of other sizes and larger batches alternate', () => {
    // The step keeps one shared workspace: remade when the sizes change or a batch has more
    // active entries than it holds. Each model must still match the row-by-row pass.
    const pen = { l1W: 0, l1Hidden: 0 };
    const runs = [
      { n: 203, m: 37, B: 29, p: 0.02 },
      { n: 120, m: 50, B: 16, p: 0.05 },
      { n: 203, m: 37, B: 29, p: 0.3 }, // more entries than the first batch
      { n: 203, m: 37, B: 29, p: 0.02 },
    ];
    runs.forEach(({ n, m, B, p }, r) => {
      const config = resolveConfig({
        model: 'relu-output',
        nInstances: 1,
        nFeatures: n,
        nHidden: m,
        featureProbability: p,
        seed: r,
      });
      const rng = createRng(100 + r);
      const batch = sampleFeatures(config, B, [{ mask: rng.fork(), value: rng.fork() }]);
      const W = Float32Array.from({ length: m * n }, () => rng.nextNormal() / Math.sqrt(m));
      const b = Float32Array.from({ length: n }, () => rng.nextNormal() * 0.1);
      const ref = createFusedModel(config, { W, b, Wdec: null }, new Map(), 0);
      fusedLossAndGrads(ref, batch, pen);
      const got = createFusedModel(config, { W, b, Wdec: null }, new Map(), 0);
      denseLossAndGrads(got, batch, pen);
      expect(got.loss[0]).toBeCloseTo(ref.loss[0], 6);
      expect(maxAbsDiff(got.gW, ref.gW)).toBeLessThan(1e-4 * maxAbs(ref.gW) + 1e-9);
      expect(maxAbsDiff(got.gb, ref.gb)).toBeLessThan(1e-4 * maxAbs(ref.gb) + 1e-9);
    });
  });
});
