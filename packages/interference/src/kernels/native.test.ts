// The native tile kernel (nativeKernels().matmulNT on chunked unit rows) against the WebAssembly
// one and a Float64 reference: every cosine within the documented (d/4 + 4) 2^-24 of the exact
// one on either kernel, the pass statistics equal within that tolerance, and the `native`
// option (false: the WebAssembly path, bit for bit as before; a bad value: a TypeError).
import { createRng, nativeKernels, type MatrixView } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { featureMatrix } from '../core/featureMatrix.js';
import { featureNormsOf, liveUnitRows, unitRows } from '../core/normalize.js';
import { absCosDistribution } from '../dense/absCosDistribution.js';
import { coherence } from '../dense/coherence.js';
import { gramBlocks } from '../dense/gramBlocks.js';
import { gramStatsParallel } from '../dense/gramStats.js';
import { featureMetrics, featureMetricsAsync } from '../paper/featureMetrics.js';
import { planPass, runPassSync } from '../parallel/absCosPass.js';
import {
  defaultBlock,
  gramTile,
  resolveKernel,
  tileWidth,
  unitLayout,
  type TileKernel,
} from './forEachBlock.js';

/** Worst-case error of a cosine of length d on either kernel (see the TSDoc of absCosDistribution). */
const tol = (d: number): number => (d / 4 + 4) * 2 ** -24;

const native = nativeKernels() !== null;

/** n seeded Gaussian rows of length d, norms from 1e-2 to 1e2, row 3 dead. */
function gaussianSet(n: number, d: number, seed: number): MatrixView<Float64Array> {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = 10 ** (rng.nextFloat() * 4 - 2);
    for (let k = 0; k < d; k++) data[i * d + k] = s * rng.nextNormal();
  }
  data.fill(0, 3 * d, 4 * d);
  return { data, rows: n, cols: d };
}

/** Exact cosine (Float64) of rows i and j of W (0 with a dead row). */
function exactCos(W: MatrixView<Float64Array>, i: number, j: number): number {
  const d = W.cols;
  let dot = 0;
  let a = 0;
  let b = 0;
  for (let k = 0; k < d; k++) {
    const x = W.data[i * d + k];
    const y = W.data[j * d + k];
    dot += x * y;
    a += x * x;
    b += y * y;
  }
  return a === 0 || b === 0 ? 0 : dot / Math.sqrt(a * b);
}

describe('tile kernel choice and layout', () => {
  it('resolveKernel: native unless false or unavailable; a non-boolean is a TypeError', () => {
    expect(resolveKernel('f', false)).toBe('wasm');
    expect(resolveKernel('f', undefined)).toBe(native ? 'native' : 'wasm');
    expect(resolveKernel('f', true)).toBe(native ? 'native' : 'wasm');
    expect(() => resolveKernel('f', 'yes')).toThrow(TypeError);
    expect(() => resolveKernel('f', 1)).toThrow(/f: options\.native/);
  });

  it('layouts: row-major for wasm; four zero-padded chunks of ceil(d/4) for native', () => {
    expect(unitLayout(10, 13, 'wasm')).toEqual({ length: 130, s: 13, chunkStride: 130 });
    expect(unitLayout(10, 13, 'native')).toEqual({ length: 160, s: 4, chunkStride: 40 });
    expect(unitLayout(7, 1, 'native')).toEqual({ length: 28, s: 1, chunkStride: 7 });
    expect(tileWidth(480, 'native')).toBe(1920);
    expect(tileWidth(240, 'native')).toBe(1920);
    expect(tileWidth(128, 'wasm')).toBe(1024);
    expect([defaultBlock('wasm'), defaultBlock('native')]).toEqual([128, 480]);
    // the same unit rows in either layout
    const W = gaussianSet(9, 13, 1);
    const F = featureMatrix(W, { features: 'rows' });
    const norms = featureNormsOf(F);
    const rowMajor = unitRows(F, norms, undefined, 'wasm');
    const chunked = unitRows(F, norms, undefined, 'native');
    const { s, chunkStride } = unitLayout(9, 13, 'native');
    for (let r = 0; r < 9; r++) {
      for (let k = 0; k < 4 * s; k++) {
        const v = chunked[Math.floor(k / s) * chunkStride + r * s + (k % s)];
        expect(v).toBe(k < 13 ? rowMajor[r * 13 + k] : 0);
      }
    }
    const live = liveUnitRows(F, norms, undefined, 'native');
    expect(live.live).toEqual(Int32Array.from([0, 1, 2, 4, 5, 6, 7, 8]));
    expect(live.U.length).toBe(unitLayout(8, 13, 'native').length);
  });
});

describe.skipIf(!native)('native tiles vs WebAssembly tiles and a Float64 reference', () => {
  // d: below 4, not a multiple of 4, a multiple of 4, above the native kernel's 256-block
  for (const [n, d, seed] of [
    [50, 3, 1],
    [130, 37, 2],
    [97, 64, 3],
    [60, 1030, 4],
  ] as const) {
    it(`every cosine of a tile within (d/4 + 4) 2^-24 of the exact one, n=${n} d=${d}`, () => {
      const W = gaussianSet(n, d, seed);
      const F = featureMatrix(W, { features: 'rows' });
      const norms = featureNormsOf(F);
      const tiles: Record<TileKernel, Float32Array> = {
        native: new Float32Array(0),
        wasm: new Float32Array(0),
      };
      for (const kernel of ['native', 'wasm'] as const) {
        const U = unitRows(F, norms, undefined, kernel);
        const G = new Float32Array(n * n);
        gramTile(U, n, d, 0, n, 0, n, G, kernel);
        tiles[kernel] = G;
        // a sub-tile (rows 5..40, columns 11..n) holds the same values as the whole tile
        const sub = new Float32Array(35 * (n - 11));
        gramTile(U, n, d, 5, 40, 11, n, sub, kernel);
        for (let i = 5; i < 40; i++)
          for (let j = 11; j < n; j++) expect(sub[(i - 5) * (n - 11) + j - 11]).toBe(G[i * n + j]);
      }
      let worst = 0;
      let apart = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const c = exactCos(W, i, j);
          worst = Math.max(
            worst,
            Math.abs(tiles.native[i * n + j] - c),
            Math.abs(tiles.wasm[i * n + j] - c),
          );
          apart = Math.max(apart, Math.abs(tiles.native[i * n + j] - tiles.wasm[i * n + j]));
        }
      }
      expect(worst).toBeLessThan(tol(d));
      expect(apart).toBeLessThan(2 * tol(d));
    });
  }

  const W = gaussianSet(403, 45, 7);
  const d = 45;
  const eps = tol(d);
  const opts = { features: 'rows' as const, method: 'exact' as const };

  it('absCosDistribution and coherence: native equals WebAssembly within the tolerance', () => {
    const a = absCosDistribution(W, { ...opts, bins: 16 });
    const b = absCosDistribution(W, { ...opts, bins: 16, native: false });
    expect(a.pairs).toBe(b.pairs);
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(2 * eps);
    expect(Math.abs(a.meanSquare - b.meanSquare)).toBeLessThan(4 * eps);
    expect(Math.abs(a.coherence - b.coherence)).toBeLessThan(2 * eps);
    for (let q = 0; q < a.quantiles.length; q++) {
      expect(Math.abs(a.quantiles[q].value - b.quantiles[q].value)).toBeLessThan(2 * eps);
    }
    const c = coherence(W, opts);
    expect(c.coherence).toBe(a.coherence); // same kernel, same cosines
    expect(c.pair).toEqual(a.coherencePair);
    expect(Math.abs(coherence(W, { ...opts, native: false }).coherence - c.coherence)).toBeLessThan(
      2 * eps,
    );
  });

  it('the block (tile shape) changes nothing but the order of Float64 sums', () => {
    const a = absCosDistribution(W, { ...opts, block: 16 });
    const b = absCosDistribution(W, { ...opts, block: 480 });
    expect(b.coherence).toBe(a.coherence);
    expect(b.quantiles).toEqual(a.quantiles);
    expect(b.histogram.counts).toEqual(a.histogram.counts);
    expect(Math.abs(b.mean - a.mean)).toBeLessThan(1e-12);
  });

  it('featureMetrics: native equals WebAssembly within the tolerance; async equals sync', async () => {
    const a = featureMetrics(W, opts);
    const b = featureMetrics(W, { ...opts, native: false });
    let maxNorm2 = 0;
    for (let i = 0; i < W.rows; i++) maxNorm2 = Math.max(maxNorm2, a.norms[i] ** 2);
    for (let i = 0; i < W.rows; i++) {
      expect(Math.abs(a.maxAbsCos[i] - b.maxAbsCos[i])).toBeLessThan(2 * eps);
      expect(Math.abs(a.meanAbsCos[i] - b.meanAbsCos[i])).toBeLessThan(2 * eps);
      expect(Math.abs(a.interference[i] - b.interference[i])).toBeLessThan(
        4 * eps * W.rows * maxNorm2,
      );
    }
    for (const workers of [1, 2]) {
      expect(await featureMetricsAsync(W, { ...opts, workers })).toEqual(a);
    }
  });

  it('gramBlocks and gramStatsParallel: native cosines within the tolerance of the WebAssembly ones', async () => {
    const values = (native: boolean): Float64Array => {
      const out = new Float64Array(W.rows * W.rows);
      gramBlocks(W, { features: 'rows', block: 32, native }, (b) => {
        const w = b.j1 - b.j0;
        for (let i = b.i0; i < b.i1; i++)
          for (let j = b.j0; j < b.j1; j++)
            out[i * W.rows + j] = b.values[(i - b.i0) * w + j - b.j0];
      });
      return out;
    };
    const a = values(true);
    const b = values(false);
    let apart = 0;
    for (let t = 0; t < a.length; t++) apart = Math.max(apart, Math.abs(a[t] - b[t]));
    expect(apart).toBeLessThan(2 * eps);
    const s = await gramStatsParallel(W, { features: 'rows', rowStart: 10, rowEnd: 300 });
    const w = await gramStatsParallel(W, {
      features: 'rows',
      rowStart: 10,
      rowEnd: 300,
      native: false,
    });
    expect(s.pairs).toBe(w.pairs);
    expect(Math.abs(s.max - w.max)).toBeLessThan(2 * eps);
    expect(Math.abs(s.sum - w.sum)).toBeLessThan(2 * eps * s.pairs);
    await expect(
      gramStatsParallel(W, { features: 'rows', native: 0 as unknown as boolean }),
    ).rejects.toThrow(/gramStatsParallel: options\.native/);
    expect(() =>
      gramBlocks(W, { features: 'rows', native: 'no' as unknown as boolean }, () => {}),
    ).toThrow(TypeError);
    expect(() => coherence(W, { native: null as unknown as boolean })).toThrow(
      /coherence: options\.native/,
    );
  });

  it('native: false runs the WebAssembly pass, bit for bit', () => {
    const F = featureMatrix(W, { features: 'rows' });
    const { U, live } = liveUnitRows(F, featureNormsOf(F));
    const L = live.length;
    const cfg = { bins: 1, scale: 1, fine: false, maxOnly: true };
    const r = runPassSync(U, planPass(L, d, 128, 0, L, 'wasm'), cfg, null);
    const c = coherence(W, { ...opts, native: false });
    expect(c.coherence).toBe(r.max);
    expect(c.pair).toEqual([live[r.mi], live[r.mj]]);
  });
});
