import { describe, expect, it } from 'vitest';
import { featureMatrix } from './featureMatrix.js';

describe('featureMatrix', () => {
  const data = Float32Array.of(1, 2, 3, 4, 5, 6); // [2, 3]

  it('featureMatrix(W) reads columns as features (toy W [nHidden, nFeatures])', () => {
    const F = featureMatrix({ data, rows: 2, cols: 3 });
    expect([F.nFeatures, F.dim, F.features]).toEqual([3, 2, 'columns']);
    // feature 1 = column 1 = (2, 5)
    expect([F.data[1 * F.featureStride], F.data[1 * F.featureStride + F.componentStride]]).toEqual([
      2, 5,
    ]);
  });

  it("featureMatrix(W, { features: 'rows' }) reads rows as features (codebook [n, d])", () => {
    const F = featureMatrix({ data, rows: 2, cols: 3 }, { features: 'rows' });
    expect([F.nFeatures, F.dim]).toEqual([2, 3]);
    const row1 = [0, 1, 2].map((k) => F.data[F.featureStride + k * F.componentStride]);
    expect(row1).toEqual([4, 5, 6]);
  });

  it('throws a RangeError naming the expected length on a shape mismatch', () => {
    expect(() => featureMatrix({ data, rows: 3, cols: 3 }, {}, 'featureNorms')).toThrow(
      new RangeError(
        'featureNorms: W.data expected length rows * cols = 3 * 3 = 9, got Float32Array(6)',
      ),
    );
  });

  it('throws on non-finite entries, naming where', () => {
    expect(() => featureMatrix({ data: Float64Array.of(1, NaN, 0, 0), rows: 2, cols: 2 })).toThrow(
      new RangeError(
        'featureMatrix: W.data expected finite numbers, got NaN at index 1 (row 0, column 1)',
      ),
    );
    expect(() => featureMatrix({ data: [1, 2, Infinity], rows: 1, cols: 3 })).toThrow(
      'got Infinity at index 2 (row 0, column 2)',
    );
  });

  it('throws on bad dimensions, orientation and non-matrices', () => {
    expect(() => featureMatrix({ data, rows: 0, cols: 6 })).toThrow(
      new RangeError('featureMatrix: W.rows expected an integer >= 1, got 0'),
    );
    expect(() => featureMatrix({ data, rows: 2, cols: 3 }, { features: 'cols' as never })).toThrow(
      new RangeError(`featureMatrix: options.features expected 'columns' or 'rows', got "cols"`),
    );
    expect(() => featureMatrix(null as never)).toThrow(TypeError);
    expect(() => featureMatrix({ data: 'abc' as never, rows: 1, cols: 3 })).toThrow(
      new TypeError(
        'featureMatrix: W.data expected a typed array or an array of numbers, got "abc"',
      ),
    );
  });
});
