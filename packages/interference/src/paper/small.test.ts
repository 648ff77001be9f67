import { describe, expect, it } from 'vitest';
import { gaussianRows, polygon, simplex } from '../test.fixtures.js';
import { dimensionsPerFeature } from './dimensionsPerFeature.js';
import { featureNorms } from './featureNorms.js';
import { gram } from './gram.js';
import { representedFeatures } from './representedFeatures.js';

describe('featureNorms', () => {
  it('featureNorms(W) gives ||W_i|| per column, and per row with features: rows', () => {
    const W = { data: Float32Array.of(3, 0, 1, 4, 0, 0), rows: 2, cols: 3 };
    expect(Array.from(featureNorms(W))).toEqual([5, 0, 1]);
    expect(Array.from(featureNorms(W, { features: 'rows' }))).toEqual([Math.sqrt(10), 4]);
  });
});

describe('gram', () => {
  it('gram(W) is W^T W, exact and symmetric', () => {
    const W = { data: Float64Array.of(1, 2, 3, 4, 5, 6), rows: 2, cols: 3 };
    // columns (1,4), (2,5), (3,6)
    expect(Array.from(gram(W).data)).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    expect(Array.from(gram(W, { features: 'rows' }).data)).toEqual([14, 32, 32, 77]);
  });

  it('the diagonal of gram(pentagon) is 1 and off-diagonals are cos(72 k degrees)', () => {
    const G = gram(polygon(5));
    expect(G.rows).toBe(5);
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++)
        expect(G.data[i * 5 + j]).toBeCloseTo(Math.cos((2 * Math.PI * (i - j)) / 5), 12);
  });

  it('refuses more than GRAM_MAX_FEATURES features', () => {
    expect(() => gram({ data: new Float32Array(16385), rows: 1, cols: 16385 })).toThrow(
      'gram: W expected at most 16384 features (use the streamed metrics), got 16385',
    );
  });
});

describe('dimensionsPerFeature', () => {
  it('is 1 for an orthonormal basis, 1/2 for antipodal pairs, 2/5 for a pentagon', () => {
    expect(dimensionsPerFeature({ data: Float64Array.of(1, 0, 0, 1), rows: 2, cols: 2 })).toBe(1);
    expect(
      dimensionsPerFeature({ data: Float64Array.of(1, -1, 0, 0, 0, 0, 1, -1), rows: 2, cols: 4 }),
    ).toBe(0.5);
    expect(dimensionsPerFeature(polygon(5))).toBeCloseTo(0.4, 12);
    expect(dimensionsPerFeature(simplex(4))).toBeCloseTo(1, 12); // m = 4 ambient, 4 unit features
  });

  it('is Infinity (not NaN) for a zero W', () => {
    expect(dimensionsPerFeature({ data: new Float64Array(6), rows: 2, cols: 3 })).toBe(Infinity);
  });

  it('uses m = d for a codebook read by rows', () => {
    const C = gaussianRows(10, 4, 1);
    let fro = 0;
    for (const x of C.data) fro += x * x;
    expect(dimensionsPerFeature(C, { features: 'rows' })).toBeCloseTo(4 / fro, 10);
  });
});

describe('representedFeatures', () => {
  it('counts norms strictly above the threshold (default 0.5)', () => {
    const W = { data: Float64Array.of(1, 0.5, 0, 0.3, 0, 0, 0.9, 0.4), rows: 2, cols: 4 };
    expect(representedFeatures(W)).toEqual({ count: 2, indices: [0, 2], threshold: 0.5 });
    expect(representedFeatures(W, { threshold: 0.45 }).indices).toEqual([0, 1, 2, 3]);
  });

  it('rejects a negative threshold', () => {
    expect(() => representedFeatures(polygon(3), { threshold: -1 })).toThrow(
      'representedFeatures: options.threshold expected a finite number in [0, Infinity), got -1',
    );
  });
});
