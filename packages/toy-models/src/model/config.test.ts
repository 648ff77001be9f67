import { describe, expect, it } from 'vitest';
import { resolveConfig, type FeatureGroup } from './config.js';
import { createToyModel } from './createToyModel.js';
import { resolveImportance } from '../data/importance.js';
import { initStd } from './initWeights.js';
import { instanceWeights } from './snapshot.js';

describe('resolveConfig', () => {
  it('fills the defaults (relu-output, tied, dense, importance 1, value range [0, 1])', () => {
    const c = resolveConfig({ nFeatures: 3, nHidden: 2 });
    expect(c).toMatchObject({
      model: 'relu-output',
      nInstances: 1,
      tied: true,
      sparsity: [0],
      featureProbability: [1],
      importance: [[1, 1, 1]],
      valueRange: [0, 1],
      init: 'xavier-notebook',
      seed: 0,
      sparseInput: false,
      instanceSeeds: null,
    });
  });

  it('defaults the abs model to untied with values on [-1, 1]', () => {
    const c = resolveConfig({ model: 'abs', nFeatures: 3, nHidden: 6 });
    expect(c.tied).toBe(false);
    expect(c.valueRange).toEqual([-1, 1]);
  });

  it('names S (sparsity) and p (feature probability) apart and converts between them', () => {
    expect(resolveConfig({ nFeatures: 2, nHidden: 1, sparsity: 0.75 }).featureProbability).toEqual([
      0.25,
    ]);
    expect(resolveConfig({ nFeatures: 2, nHidden: 1, featureProbability: 0.25 }).sparsity).toEqual([
      0.75,
    ]);
    expect(() =>
      resolveConfig({ nFeatures: 2, nHidden: 1, sparsity: 0.5, featureProbability: 0.4 }),
    ).toThrow(
      'resolveConfig: config.sparsity expected to be omitted when featureProbability is given (S = 1 - p), got 0.5',
    );
    expect(() => resolveConfig({ nFeatures: 2, nHidden: 1, sparsity: 1.5 })).toThrow(
      'resolveConfig: config.sparsity[0] expected a number in [0, 1], got 1.5',
    );
  });

  it('is idempotent, so saved configs resolve to themselves', () => {
    const c = resolveConfig({
      nInstances: 2,
      nFeatures: 4,
      nHidden: 2,
      sparsity: [0.1, 0.9],
      importance: { kind: 'geometric', ratio: 0.5 },
    });
    expect(resolveConfig(c)).toEqual(c);
  });

  it('turns the sparse input path on automatically for large, sparse models', () => {
    expect(
      resolveConfig({ nFeatures: 10_000, nHidden: 5, featureProbability: 0.01 }).sparseInput,
    ).toBe(true);
    expect(
      resolveConfig({ nFeatures: 10_000, nHidden: 5, featureProbability: 0.5 }).sparseInput,
    ).toBe(false);
  });

  it('rejects an unknown field, naming the nearest known one', () => {
    // sparsity misspelt: without the check the model would train on dense features.
    expect(() => resolveConfig({ nFeatures: 5, nHidden: 2, sparsty: 0.9 } as never)).toThrow(
      'resolveConfig: config.sparsty expected one of the known options (model, nInstances, nFeatures, nHidden, tied, sparsity, featureProbability, importance, featureGroups, valueRange, init, seed, instanceSeeds, sparseInput); did you mean config.sparsity?, got an unknown key',
    );
    expect(() => resolveConfig({ nFeatures: 5, nHidden: 2, NHIDDEN: 3 } as never)).toThrow(
      /did you mean config\.nHidden\?/,
    );
    // An option set to undefined (as a spread of optional settings leaves them) is no option.
    expect(resolveConfig({ nFeatures: 5, nHidden: 2, other: undefined } as never).nHidden).toBe(2);
  });

  it('rejects bad fields with messages naming them', () => {
    expect(() => resolveConfig({ nFeatures: 0, nHidden: 1 })).toThrow(
      'resolveConfig: config.nFeatures expected an integer >= 1, got 0',
    );
    expect(() => resolveConfig({ nFeatures: 2, nHidden: 1, model: 'gelu' as 'linear' })).toThrow(
      /config\.model expected/,
    );
    expect(() =>
      resolveConfig({ nInstances: 2, nFeatures: 2, nHidden: 1, sparsity: [0.1] }),
    ).toThrow(
      'resolveConfig: config.sparsity expected a number or an array of nInstances (2) numbers, got Array(1)',
    );
    expect(() =>
      resolveConfig({
        nFeatures: 3,
        nHidden: 1,
        featureGroups: [{ kind: 'correlated', features: [0, 3] }],
      }),
    ).toThrow(
      'resolveConfig: config.featureGroups[0].features expected distinct feature indices in [0, 3) used once, got 3',
    );
    expect(() => resolveConfig({ nFeatures: 3, nHidden: 1, valueRange: [1, 0] })).toThrow(
      'resolveConfig: config.valueRange expected [lo, hi] with lo < hi, got Array(2)',
    );
    expect(() =>
      resolveConfig({ nInstances: 2, nFeatures: 3, nHidden: 1, instanceSeeds: [1] }),
    ).toThrow(/config\.instanceSeeds expected an array of nInstances \(2\)/);
  });

  it('rejects a seed that is not an integer or a string, instead of truncating it', () => {
    expect(() => resolveConfig({ nFeatures: 3, nHidden: 1, seed: 7.9 })).toThrow(
      new RangeError('resolveConfig: config.seed expected an integer or a string, got 7.9'),
    );
    expect(() => createToyModel({ nFeatures: 3, nHidden: 1, seed: Number.NaN })).toThrow(
      new RangeError('resolveConfig: config.seed expected an integer or a string, got NaN'),
    );
    expect(() =>
      resolveConfig({ nFeatures: 3, nHidden: 1, seed: true as unknown as number }),
    ).toThrow(
      new TypeError('resolveConfig: config.seed expected an integer or a string, got true'),
    );
    expect(() =>
      resolveConfig({ nInstances: 2, nFeatures: 3, nHidden: 1, instanceSeeds: [1, 0.5] }),
    ).toThrow(
      new RangeError(
        'resolveConfig: config.instanceSeeds[1] expected an integer or a string, got 0.5',
      ),
    );
    expect(
      resolveConfig({
        nInstances: 2,
        nFeatures: 3,
        nHidden: 1,
        seed: -3,
        instanceSeeds: [2 ** 40, 'a'],
      }),
    ).toMatchObject({ seed: -3, instanceSeeds: [2 ** 40, 'a'] });
    expect(resolveConfig({ nFeatures: 3, nHidden: 1, seed: 'run-1' }).seed).toBe('run-1');
  });

  it('rejects a feature group without kind and features, naming it', () => {
    expect(() =>
      resolveConfig({ nFeatures: 3, nHidden: 1, featureGroups: [{} as FeatureGroup] }),
    ).toThrow(
      new TypeError(
        "resolveConfig: config.featureGroups[0] expected a group { kind: 'correlated' or 'anticorrelated', features: [feature indices] }, got object",
      ),
    );
    expect(() =>
      resolveConfig({
        nFeatures: 3,
        nHidden: 1,
        featureGroups: [{ kind: 'correlated', features: [0] }, null as unknown as FeatureGroup],
      }),
    ).toThrow(/^resolveConfig: config\.featureGroups\[1\] expected a group .*, got null$/);
    expect(() =>
      resolveConfig({ nFeatures: 3, nHidden: 1, featureGroups: {} as FeatureGroup[] }),
    ).toThrow(
      new TypeError(
        'resolveConfig: config.featureGroups expected an array of feature groups, got object',
      ),
    );
    expect(() =>
      resolveConfig({
        nFeatures: 3,
        nHidden: 1,
        featureGroups: [{ kind: 'correlated', features: 2 as unknown as number[] }],
      }),
    ).toThrow(
      new TypeError(
        'resolveConfig: config.featureGroups[0].features expected a non-empty array, got 2',
      ),
    );
  });
});

describe('resolveImportance', () => {
  it('expands constant, geometric and array specs', () => {
    expect(resolveImportance({ kind: 'constant', value: 2 }, 3)).toEqual([2, 2, 2]);
    expect(resolveImportance({ kind: 'geometric', ratio: 0.5 }, 4)).toEqual([1, 0.5, 0.25, 0.125]);
    expect(resolveImportance([3, 2, 1], 3)).toEqual([3, 2, 1]);
    expect(() => resolveImportance([1, 2], 3)).toThrow(
      'resolveImportance: importance expected an array of nFeatures (3) finite numbers >= 0, got Array(2)',
    );
  });
});

describe('initStd', () => {
  it("reproduces the notebook's xavier-normal quirk: sqrt(2 / ((n + nInstances) m))", () => {
    // n = 5, m = 2, 10 instances: sqrt(2 / 30) = 0.2582 (SCIENCE.md, "about 0.26").
    expect(initStd(resolveConfig({ nInstances: 10, nFeatures: 5, nHidden: 2 }))).toBeCloseTo(
      Math.sqrt(2 / 30),
      15,
    );
    expect(
      initStd(resolveConfig({ nFeatures: 5, nHidden: 2, init: { kind: 'normal', std: 0.1 } })),
    ).toBe(0.1);
  });
});

describe('limits that would otherwise fail deep inside', () => {
  it('a geometric importance whose powers overflow is refused, naming the ratio and the bound', () => {
    expect(() => resolveImportance({ kind: 'geometric', ratio: 1e300 }, 5)).toThrow(
      /^resolveImportance: importance\.ratio expected a ratio whose powers up to 4 \(nFeatures - 1\) stay finite \(below 1\.158e\+77\), got 1e\+300$/,
    );
    // 10^308 is finite: a ratio of 10 holds up to 309 features, not 310
    expect(resolveImportance({ kind: 'geometric', ratio: 10 }, 309)[308]).toBe(1e308);
    expect(() => resolveImportance({ kind: 'geometric', ratio: 10 }, 310)).toThrow(RangeError);
    // powers that underflow to 0 are fine (importance >= 0)
    expect(resolveImportance({ kind: 'geometric', ratio: 1e-300 }, 3)[2]).toBe(0);
  });

  it('a model too large for one float32 array is refused before any allocation', () => {
    expect(() => resolveConfig({ nFeatures: 1e6, nHidden: 1e6 })).toThrow(
      'resolveConfig: config expected at most 2^30 weights (nInstances x nHidden x nFeatures: W is one float32 array of at most 4 GiB), got "1 x 1000000 x 1000000 = 1.000e+12"',
    );
    expect(() => createToyModel({ nInstances: 2, nFeatures: 2 ** 15, nHidden: 2 ** 15 })).toThrow(
      RangeError,
    );
  });
});

describe('instanceWeights', () => {
  it('views one instance of a snapshot, and refuses a live model in its place', () => {
    const model = createToyModel({ nInstances: 2, nFeatures: 5, nHidden: 2, seed: 1 });
    const snap = model.snapshot();
    const { W, b } = instanceWeights(snap, 1);
    expect([W.rows, W.cols, b.length]).toEqual([2, 5, 5]);
    expect(Array.from(W.data)).toEqual(Array.from(snap.W.subarray(10, 20)));
    expect(() => instanceWeights(model as never, 0)).toThrow(
      'instanceWeights: snapshot expected a ToyModelSnapshot (model.snapshot(): W and b as Float32Array), got an object without Float32Array W and b',
    );
    expect(() => instanceWeights(snap, 2)).toThrow(RangeError);
    model.dispose();
  });
});
