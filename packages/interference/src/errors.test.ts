// Every public function names itself in its errors, even when it delegates the work.
import { createRng } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

const bad = { data: new Float32Array(5), rows: 2, cols: 3 }; // 5 != 2 * 3
const nonFinite = { data: Float64Array.of(0, NaN), rows: 1, cols: 2 };

const calls: [string, (W: typeof bad) => unknown][] = [
  ['featureNorms', (W) => api.featureNorms(W)],
  ['gram', (W) => api.gram(W)],
  ['featureMetrics', (W) => api.featureMetrics(W)],
  ['featureInterference', (W) => api.featureInterference(W)],
  ['featureDimensionality', (W) => api.featureDimensionality(W)],
  ['dimensionsPerFeature', (W) => api.dimensionsPerFeature(W)],
  ['representedFeatures', (W) => api.representedFeatures(W)],
  ['biasRoles', (W) => api.biasRoles(W, [0, 0, 0])],
  ['featureGeometry', (W) => api.featureGeometry(W)],
  ['circleAngles', (W) => api.circleAngles(W)],
  ['absCosDistribution', (W) => api.absCosDistribution(W)],
  ['coherence', (W) => api.coherence(W)],
  ['compareToRandom', (W) => api.compareToRandom(W)],
  ['singularValues', (W) => api.singularValues(W)],
  ['effectiveRank', (W) => api.effectiveRank(W)],
  ['participationRatio', (W) => api.participationRatio(W)],
  ['gramBlocks', (W) => api.gramBlocks(W, {}, () => {})],
  ['featureSparsity', (W) => api.featureSparsity(W)],
  ['interferenceBySparsity', (W) => api.interferenceBySparsity(W)],
  ['bundleCrosstalk', (W) => api.bundleCrosstalk(W, { bundleSize: 1, rng: createRng(1) })],
  ['codebookCapacity', (W) => api.codebookCapacity(W)],
];

describe('shape mismatches and non-finite values', () => {
  it.each(calls)(
    '%s throws a RangeError naming itself, the argument and the sizes',
    (name, call) => {
      expect(() => call(bad)).toThrow(
        new RangeError(
          `${name}: W.data expected length rows * cols = 2 * 3 = 6, got Float32Array(5)`,
        ),
      );
    },
  );

  it.each(calls)('%s rejects NaN, saying where it is', (name, call) => {
    expect(() => call(nonFinite as never)).toThrow(
      new RangeError(
        `${name}: W.data expected finite numbers, got NaN at index 1 (row 0, column 1)`,
      ),
    );
  });

  it('delegated options are reported under the caller name', () => {
    expect(() =>
      api.coherence(api.sparseRandomDirections(4, 3, 1, { rng: createRng(1) }), {
        method: 'sampled',
      }),
    ).toThrow(
      "coherence: options.rng expected a seeded Rng (createRng(seed)) for method 'sampled', got undefined",
    );
    expect(() =>
      api.interferenceBySparsity(
        { data: Float64Array.of(1, 0), rows: 1, cols: 2 },
        { threshold: 3 },
      ),
    ).toThrow(
      'interferenceBySparsity: options.threshold expected a finite number in [0, 1], got 3',
    );
  });
});
