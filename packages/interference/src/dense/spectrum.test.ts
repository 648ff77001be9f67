import { describe, expect, it } from 'vitest';
import { gaussianRows, identity, polygon, simplex } from '../test.fixtures.js';
import { effectiveRank } from './effectiveRank.js';
import { participationRatio } from './participationRatio.js';
import { singularValues } from './singularValues.js';

describe('singularValues (Jacobi on the small Gram matrix)', () => {
  it('diag(3, 4) has singular values [4, 3]', () => {
    expect(
      Array.from(singularValues({ data: Float64Array.of(3, 0, 0, 4), rows: 2, cols: 2 })),
    ).toEqual([4, 3]);
  });

  it('a rank-one matrix has one non-zero singular value, the Frobenius norm', () => {
    const s = singularValues({ data: Float64Array.of(1, 2, 3, 2, 4, 6), rows: 2, cols: 3 });
    expect(s[0]).toBeCloseTo(Math.sqrt(14 * 5), 12);
    expect(s[1]).toBeCloseTo(0, 6);
  });

  it('sum sigma^2 = ||W||_F^2 and the orientation gives the same values', () => {
    const W = gaussianRows(30, 7, 3);
    let fro = 0;
    for (const x of W.data) fro += x * x;
    const a = singularValues(W, { features: 'rows' });
    const b = singularValues(W);
    expect(a.reduce((s, x) => s + x * x, 0)).toBeCloseTo(fro, 8);
    expect(a).toHaveLength(7);
    for (let k = 0; k < 7; k++) expect(a[k]).toBeCloseTo(b[k], 10);
  });

  it('large inputs go through the Float32 blocked Gram and agree to ~1e-6', () => {
    const W = gaussianRows(5000, 64, 4); // k^2 len = 2e7 > 2^24
    let fro = 0;
    for (const x of W.data) fro += x * x;
    const s = singularValues(W, { features: 'rows' });
    expect(s.reduce((t, x) => t + x * x, 0) / fro).toBeCloseTo(1, 5);
    // Marchenko-Pastur edges for aspect 64/5000: sigma^2 / n within (1 -+ sqrt(64/5000))^2
    const q = Math.sqrt(64 / 5000);
    expect(s[0] ** 2 / 5000).toBeLessThan((1 + q) ** 2 * 1.05);
    expect(s[63] ** 2 / 5000).toBeGreaterThan((1 - q) ** 2 * 0.95);
  });
});

describe('effectiveRank (Roy and Vetterli) and participationRatio', () => {
  it('equal singular values: both equal the rank', () => {
    expect(effectiveRank(identity(5))).toBeCloseTo(5, 10);
    expect(participationRatio(identity(5))).toBeCloseTo(5, 10);
    // a pentagon is a tight frame in 2-D: W W^T = (5/2) I
    expect(effectiveRank(polygon(5))).toBeCloseTo(2, 10);
    expect(participationRatio(polygon(5))).toBeCloseTo(2, 10);
    // the regular simplex spans k - 1 dimensions equally
    expect(effectiveRank(simplex(4))).toBeCloseTo(3, 6);
  });

  it('diag(3, 4): exp of the entropy of (3/7, 4/7); PR = 25^2 / (81 + 256)', () => {
    const W = { data: Float64Array.of(3, 0, 0, 4), rows: 2, cols: 2 };
    const p = [3 / 7, 4 / 7];
    expect(effectiveRank(W)).toBeCloseTo(
      Math.exp(-p[0] * Math.log(p[0]) - p[1] * Math.log(p[1])),
      12,
    );
    expect(participationRatio(W)).toBeCloseTo(625 / 337, 12);
  });

  it('a zero W gives 0, not NaN', () => {
    const Z = { data: new Float64Array(6), rows: 2, cols: 3 };
    expect([effectiveRank(Z), participationRatio(Z)]).toEqual([0, 0]);
  });
});

describe('spectra at any finite scale of W', () => {
  // The reviewer's W (2 x 4), and a Gaussian one large enough for the Float32 blocked Gram
  // (k^2 len = 100^2 * 2,000 > 2^24).
  const base = Float64Array.of(1, 0.5, 0.3, -0.2, 0.1, 0.9, 0.4, -0.7);
  const scaled = (data: Float64Array, s: number, rows: number, cols: number) => ({
    data: data.map((x) => x * s),
    rows,
    cols,
  });
  const big = Float64Array.from(gaussianRows(2000, 100, 7).data);

  it.each([1e-100, 1e-300, 1e160, 1e300])(
    'scale %d: singular values scale with W; participation ratio and effective rank do not',
    (s) => {
      for (const [data, rows, cols] of [
        [base, 2, 4],
        [big, 2000, 100],
      ] as const) {
        const W = { data, rows, cols };
        const sv = singularValues(W);
        const svs = singularValues(scaled(data, s, rows, cols));
        // within 1e-6 relative: the scaling is exact, but x * s rounds, and the Float32 copy of
        // the larger W keeps 24 bits
        for (let t = 0; t < sv.length; t++)
          expect(Math.abs(svs[t] / s / sv[t] - 1)).toBeLessThan(1e-6);
        const pr = participationRatio(scaled(data, s, rows, cols));
        expect(Math.abs(pr / participationRatio(W) - 1)).toBeLessThan(1e-6);
        const er = effectiveRank(scaled(data, s, rows, cols));
        expect(Math.abs(er / effectiveRank(W) - 1)).toBeLessThan(1e-6);
      }
    },
  );
});
