// The SIMD Gram pass (matmulNT tiles, Float32 accumulation) against naive Float64 references on
// odd shapes, and the parallel scheduling: the same result for any number of executors.
import { createRng, type MatrixView } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { absCosDistribution, absCosDistributionAsync } from '../dense/absCosDistribution.js';
import { coherence, coherenceAsync } from '../dense/coherence.js';
import { compareToRandom, compareToRandomAsync } from '../dense/compareToRandom.js';
import { gramBlocks } from '../dense/gramBlocks.js';
import { gramStatsParallel } from '../dense/gramStats.js';
import { featureMetrics, featureMetricsAsync } from '../paper/featureMetrics.js';
import { featureNormsOf, liveUnitRows, squaredNorms } from '../core/normalize.js';
import { featureMatrix } from '../core/featureMatrix.js';
import { naiveFeatureMetrics, rowsOf } from '../test.fixtures.js';
import { inlineExecutor, planPass, runPassSync, runPassWith } from './absCosPass.js';
import { mergeLanes, metricsScratch, newLanes, planMetrics, runLane } from './metricsPass.js';

/** Worst-case error of a Float32-accumulated cosine of length d (see the TSDoc of absCosDistribution). */
const tol = (d: number): number => (d / 4 + 4) * 2 ** -24;

/**
 * n seeded Gaussian rows of length d with a dead row (index 5), an exact copy of row 0 at
 * index n - 1 and its negation at index 7 (exact |cos| = 1 ties: their unit rows are equal up
 * to sign in every bit), other rows scaled (norms 1e-3 .. 1e3).
 */
function oddSet(n: number, d: number, seed: number): MatrixView<Float64Array> {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = 10 ** (rng.nextFloat() * 6 - 3);
    for (let k = 0; k < d; k++) data[i * d + k] = s * rng.nextNormal();
  }
  data.fill(0, 5 * d, 6 * d);
  for (let k = 0; k < d; k++) {
    data[(n - 1) * d + k] = data[k];
    data[7 * d + k] = -data[k];
  }
  return { data, rows: n, cols: d };
}

/** All |cos| of pairs i < j of live rows, Float64, with the pair of the first maximum in (i, j) order. */
function naivePairs(W: MatrixView<ArrayLike<number>>): {
  values: Float64Array;
  max: number;
  pair: [number, number];
} {
  const rows = rowsOf(W);
  const norms = rows.map((r) => Math.sqrt(r.reduce((s, x) => s + x * x, 0)));
  const live = rows.map((_, i) => i).filter((i) => norms[i] > 1e-9);
  const values: number[] = [];
  let max = -1;
  let pair: [number, number] = [-1, -1];
  for (let a = 0; a < live.length; a++) {
    for (let b = a + 1; b < live.length; b++) {
      const i = live[a];
      const j = live[b];
      let dot = 0;
      for (let k = 0; k < W.cols; k++) dot += rows[i][k] * rows[j][k];
      const v = Math.abs(dot / (norms[i] * norms[j]));
      values.push(v);
      if (v > max) {
        max = v;
        pair = [i, j];
      }
    }
  }
  return { values: Float64Array.from(values), max, pair };
}

function sortedQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

describe('exact pair statistics on matmulNT tiles vs a naive Float64 reference', () => {
  // n not a multiple of the block (64 or 16), d not a multiple of 4
  for (const [n, d, block, seed] of [
    [203, 37, 64, 1],
    [150, 13, 16, 2],
    [71, 130, 4, 3],
  ] as const) {
    const W = oddSet(n, d, seed);
    const opts = { features: 'rows' as const, method: 'exact' as const, block };
    const ref = naivePairs(W);
    const eps = tol(d);

    it(`absCosDistribution n=${n} d=${d} block=${block}: mean, square, quantiles, histogram, coherence`, () => {
      const r = absCosDistribution(W, { ...opts, quantiles: [0, 0.5, 0.9, 1], bins: 20 });
      const N = ref.values.length;
      expect(r.pairs).toBe(N);
      expect(r.liveFeatures).toBe(n - 1);
      const mean = ref.values.reduce((s, x) => s + x, 0) / N;
      const sq = ref.values.reduce((s, x) => s + x * x, 0) / N;
      expect(Math.abs(r.mean - mean)).toBeLessThan(eps);
      expect(Math.abs(r.meanSquare - sq)).toBeLessThan(3 * eps);
      expect(Math.abs(r.std - Math.sqrt(sq - mean * mean))).toBeLessThan(1e-4);
      const sorted = Float64Array.from(ref.values).sort();
      for (const q of r.quantiles) {
        expect(Math.abs(q.value - sortedQuantile(sorted, q.p))).toBeLessThan(eps);
      }
      // |cos| = 1 is attained by (0, 7), (0, n - 1) and (7, n - 1): the smallest pair wins
      expect(r.coherence).toBeCloseTo(1, 5);
      expect(r.coherencePair).toEqual([0, 7]);
      expect(ref.pair).toEqual([0, 7]);
      // histogram: a count may differ from the reference only by values within eps of an edge
      const { edges, counts, overflow } = r.histogram;
      const bins = counts.length;
      const hMax = edges[bins];
      const refCounts = new Float64Array(bins + 1);
      let nearEdge = 0;
      for (const v of ref.values) {
        const b = Math.floor((v * bins) / hMax);
        refCounts[Math.min(b, bins)]++;
        const x = (v * bins) / hMax;
        if (Math.abs(x - Math.round(x)) < (eps * bins) / hMax) nearEdge++;
      }
      let diff = Math.abs(overflow - refCounts[bins]);
      for (let b = 0; b < bins; b++) diff += Math.abs(counts[b] - refCounts[b]);
      expect(diff).toBeLessThanOrEqual(2 * nearEdge);
      expect(counts.reduce((s, x) => s + x, 0) + overflow).toBe(N);
    });

    it(`coherence and compareToRandom n=${n} d=${d} agree with the reference`, () => {
      const c = coherence(W, opts);
      expect(Math.abs(c.coherence - ref.max)).toBeLessThan(eps);
      expect(c.pair).toEqual([0, 7]);
      const cmp = compareToRandom(W, opts);
      const mean = ref.values.reduce((s, x) => s + x, 0) / ref.values.length;
      expect(Math.abs(cmp.learned.mean - mean)).toBeLessThan(eps);
    });

    it(`featureMetrics n=${n} d=${d} agrees with the definitions`, () => {
      const m = featureMetrics(W, opts);
      const nv = naiveFeatureMetrics(rowsOf(W));
      const norm2 = rowsOf(W).map((r) => r.reduce((s, x) => s + x * x, 0));
      const maxNorm2 = Math.max(...norm2);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(m.maxAbsCos[i] - nv.maxAbsCos[i])).toBeLessThan(eps);
        expect(Math.abs(m.meanAbsCos[i] - nv.meanAbsCos[i])).toBeLessThan(eps);
        // sum_j cos^2 ||W_j||^2: each term within 2 eps ||W_j||^2
        expect(Math.abs(m.interference[i] - nv.interference[i])).toBeLessThan(
          2 * eps * n * maxNorm2,
        );
        expect(Math.abs(m.dimensionality[i] - nv.dimensionality[i])).toBeLessThan(1e-4);
      }
    });

    it(`gramBlocks n=${n} d=${d} hands out every cosine within tolerance`, () => {
      const rows = rowsOf(W);
      let worst = 0;
      let visited = 0;
      gramBlocks(W, { features: 'rows', block }, (b) => {
        const w = b.j1 - b.j0;
        expect(b.values).toBeInstanceOf(Float64Array);
        for (let i = b.i0; i < b.i1; i++) {
          for (let j = Math.max(b.j0, i + 1); j < b.j1; j++) {
            let dot = 0;
            let ni = 0;
            let nj = 0;
            for (let k = 0; k < d; k++) {
              dot += rows[i][k] * rows[j][k];
              ni += rows[i][k] ** 2;
              nj += rows[j][k] ** 2;
            }
            const c = ni === 0 || nj === 0 ? 0 : dot / Math.sqrt(ni * nj);
            worst = Math.max(worst, Math.abs(b.values[(i - b.i0) * w + j - b.j0] - c));
            visited++;
          }
        }
      });
      expect(visited).toBe((n * (n - 1)) / 2);
      expect(worst).toBeLessThan(eps);
    });
  }

  it('quantiles of more than 2^22 pairs (fine histogram) bracket the exact ones', () => {
    const n = 2950; // 4.35e6 pairs
    const d = 21;
    const W = oddSet(n, d, 9);
    const ref = naivePairs(W);
    ref.values.sort();
    const r = absCosDistribution(W, {
      features: 'rows',
      method: 'exact',
      quantiles: [0.1, 0.5, 0.99, 0.9999],
    });
    expect(r.pairs).toBeGreaterThan(2 ** 22);
    for (const q of r.quantiles) {
      const exact = sortedQuantile(ref.values, q.p);
      expect(q.lower - tol(d)).toBeLessThanOrEqual(exact);
      expect(q.upper + tol(d)).toBeGreaterThanOrEqual(exact);
      expect(q.upper - q.lower).toBeLessThan(1e-4);
    }
    const mean = ref.values.reduce((s, x) => s + x, 0) / ref.values.length;
    expect(Math.abs(r.mean - mean)).toBeLessThan(tol(d));
  });
});

describe('parallel pass: the result does not depend on the number of executors', () => {
  const W = oddSet(333, 29, 4);
  const F = featureMatrix(W, { features: 'rows' });
  const { U, live } = liveUnitRows(F, featureNormsOf(F));
  const L = live.length;
  const cfg = { bins: 32, scale: 32 / 0.5, fine: true };

  it('1, 2 and 3 inline executors give the same PassResult as the one-thread pass, bit for bit', async () => {
    const plan = planPass(L, 29, 16, 0, L);
    const stored = new Float64Array(plan.pairs);
    const one = runPassSync(U, plan, cfg, stored);
    const sortedOne = Float64Array.from(stored).sort();
    for (const k of [1, 2, 3]) {
      const st = new Float64Array(plan.pairs);
      const ex = Array.from({ length: k }, () => inlineExecutor(U, plan, cfg, st));
      const r = await runPassWith(ex, plan, cfg);
      expect(r).toEqual(one);
      expect(Float64Array.from(st).sort()).toEqual(sortedOne);
    }
  });

  it('a band of rows covers exactly its pairs', () => {
    const plan = planPass(L, 29, 16, 40, 101);
    let expected = 0;
    for (let i = 40; i < 101; i++) expected += L - 1 - i;
    expect(plan.pairs).toBe(expected);
    const r = runPassSync(U, plan, { bins: 8, scale: 8, fine: false }, null);
    expect(r.counts.reduce((s, x) => s + x, 0) + r.overflow).toBe(expected);
  });

  it('the async metrics equal the synchronous ones for workers 1, 2 and 3', async () => {
    const opts = { features: 'rows' as const, method: 'exact' as const };
    const sync = absCosDistribution(W, opts);
    for (const workers of [1, 2, 3]) {
      expect(await absCosDistributionAsync(W, { ...opts, workers })).toEqual(sync);
      expect(await coherenceAsync(W, { ...opts, workers })).toEqual(coherence(W, opts));
      // the max-only coherence pass finds the distribution's maximum and pair
      expect(coherence(W, opts)).toEqual({
        coherence: sync.coherence,
        pair: sync.coherencePair,
        method: 'exact',
        pairsExamined: sync.pairs,
        exceedance: 0,
      });
      expect(await compareToRandomAsync(W, { ...opts, workers })).toEqual(compareToRandom(W, opts));
    }
    // sampled passes run on the calling thread, reproducibly
    const sampled = { features: 'rows' as const, method: 'sampled' as const, samples: 500 };
    expect(await absCosDistributionAsync(W, { ...sampled, rng: createRng(3), workers: 2 })).toEqual(
      absCosDistribution(W, { ...sampled, rng: createRng(3) }),
    );
  });

  it('gramStatsParallel matches the one-thread statistics of gramBlocks over a band', async () => {
    const n = W.rows;
    const s = await gramStatsParallel(W, { features: 'rows', block: 16, rowStart: 20, rowEnd: 90 });
    let sum = 0;
    let pairs = 0;
    let max = -1;
    gramBlocks(W, { features: 'rows', block: 16, rowStart: 20, rowEnd: 90 }, (b) => {
      const w = b.j1 - b.j0;
      for (let i = b.i0; i < b.i1; i++)
        for (let j = Math.max(b.j0, i + 1); j < b.j1; j++) {
          if (i === 5 || j === 5) continue; // the dead row
          const a = Math.abs(b.values[(i - b.i0) * w + j - b.j0]);
          sum += a;
          max = Math.max(max, a);
          pairs++;
        }
    });
    expect(s.pairs).toBe(pairs);
    expect(s.sum).toBeCloseTo(sum, 9);
    expect(s.max).toBe(max);
    expect(s.rowEnd - s.rowStart).toBe(70);
    expect(s.nFeatures).toBe(n);
    expect(s.workers).toBe(1); // small pass: on the calling thread
    // a band holding only the dead row has no pairs
    const dead = await gramStatsParallel(W, { features: 'rows', rowStart: 5, rowEnd: 6 });
    expect([dead.pairs, dead.max, dead.maxPair, dead.flops]).toEqual([0, 0, [-1, -1], 0]);
    for (const workers of [1, 2]) {
      expect({
        ...(await gramStatsParallel(W, {
          features: 'rows',
          block: 16,
          rowStart: 20,
          rowEnd: 90,
          workers,
        })),
        workers: 0,
      }).toEqual({ ...s, workers: 0 });
    }
  });

  it('featureMetrics lanes: any order of lanes gives the same sums; async equals sync', async () => {
    const n2 = squaredNorms(F);
    const U2 = new Float32Array(333 * 29);
    // unit rows of all features (dead row zero), as featureMetrics builds them
    for (let i = 0; i < 333; i++) {
      const norm = Math.sqrt(n2[i]);
      if (norm <= 1e-9) continue;
      for (let k = 0; k < 29; k++) U2[i * 29 + k] = W.data[i * 29 + k] / norm;
    }
    const plan = planMetrics(333, 29, 16);
    expect(plan.lanes).toBe(16);
    const merged = (order: number[]): Float64Array[] => {
      const lanes = newLanes(plan);
      const G = metricsScratch(plan);
      for (const l of order) runLane(U2, n2, plan, l, lanes, G);
      const out = [new Float64Array(333), new Float64Array(333), new Float64Array(333)];
      mergeLanes(plan, lanes, out[0], out[1], out[2]);
      return out;
    };
    const forward = merged(Array.from({ length: 16 }, (_, l) => l));
    const backward = merged(Array.from({ length: 16 }, (_, l) => 15 - l));
    expect(backward).toEqual(forward);
    // the lanes above ran the WebAssembly kernel on row-major unit rows: compare with that path
    const opts = {
      features: 'rows' as const,
      method: 'exact' as const,
      block: 16,
      native: false,
    };
    const sync = featureMetrics(W, opts);
    expect(Array.from(sync.interference)).toEqual(
      Array.from(forward[0], (x, i) => (Math.sqrt(n2[i]) <= 1e-9 ? 0 : x)),
    );
    for (const workers of [1, 2, 3]) {
      expect(await featureMetricsAsync(W, { ...opts, workers })).toEqual(sync);
    }
    const sampled = { features: 'rows' as const, method: 'sampled' as const, samples: 50 };
    expect(await featureMetricsAsync(W, { ...sampled, rng: createRng(2), workers: 2 })).toEqual(
      featureMetrics(W, { ...sampled, rng: createRng(2) }),
    );
  });

  it('rejects a bad worker count, naming the option', async () => {
    await expect(absCosDistributionAsync(W, { features: 'rows', workers: 0 })).rejects.toThrow(
      RangeError,
    );
    await expect(coherenceAsync(W, { features: 'rows', workers: 1.5 })).rejects.toThrow(
      /coherenceAsync: options\.workers/,
    );
    await expect(
      gramStatsParallel(W, { features: 'rows', workers: '2' as unknown as number }),
    ).rejects.toThrow(TypeError);
    await expect(featureMetricsAsync(W, { features: 'rows', workers: 65 })).rejects.toThrow(
      /featureMetricsAsync: options\.workers/,
    );
    await expect(gramStatsParallel(W, { features: 'rows', rowStart: 400 })).rejects.toThrow(
      /options\.rowStart/,
    );
  });
});
