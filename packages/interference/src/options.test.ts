// Every exported function that takes an options object rejects a key it does not know (a
// misspelt option would otherwise be ignored and its default used without a word), and accepts
// every key it documents, set or undefined. The table below lists each such function with a
// value for every key of its options interface (`Required<Options>`: the compiler refuses a
// missing or an extra key), so a new option, or a new function, cannot slip past it.
import { createRng } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { BUNDLE_CROSSTALK_OPTION_KEYS } from './codebook/bundleCrosstalk.js';
import { CODEBOOK_CAPACITY_OPTION_KEYS } from './codebook/codebookCapacity.js';
import { FEATURE_OPTION_KEYS } from './core/featureMatrix.js';
import { PAIR_OPTION_KEYS } from './core/sampling.js';
import {
  ABS_COS_ASYNC_OPTION_KEYS,
  ABS_COS_OPTION_KEYS,
  PARALLEL_OPTION_KEYS,
} from './dense/absCosDistribution.js';
import { COHERENCE_ASYNC_OPTION_KEYS, COHERENCE_OPTION_KEYS } from './dense/coherence.js';
import { GRAM_BLOCKS_OPTION_KEYS } from './dense/gramBlocks.js';
import { GRAM_STATS_OPTION_KEYS } from './dense/gramStats.js';
import { RANDOM_ABS_COS_STATS_OPTION_KEYS } from './dense/randomAbsCosStats.js';
import { checkKeys, type OptionKeys } from './errors.js';
import { CIRCLE_ANGLES_OPTION_KEYS } from './geometry/circleAngles.js';
import { FEATURE_GEOMETRY_OPTION_KEYS } from './geometry/featureGeometry.js';
import * as api from './index.js';
import { BIAS_ROLES_OPTION_KEYS } from './paper/biasRoles.js';
import {
  FEATURE_METRICS_ASYNC_OPTION_KEYS,
  FEATURE_METRICS_OPTION_KEYS,
} from './paper/featureMetrics.js';
import { REPRESENTED_OPTION_KEYS } from './paper/representedFeatures.js';
import { FEATURE_SPARSITY_OPTION_KEYS } from './sparse/featureSparsity.js';
import { INTERFERENCE_BY_SPARSITY_OPTION_KEYS } from './sparse/interferenceBySparsity.js';
import { SPARSE_RANDOM_ABS_COS_OPTION_KEYS } from './sparse/sparseRandomAbsCos.js';
import { SPARSE_RANDOM_OPTION_KEYS } from './sparse/sparseRandomDirections.js';
import { polygon } from './test.fixtures.js';

const W = polygon(5); // a pentagon, W [2, 5]
const bias = [0, 0, 0, 0, 0];
const codebook = (() => {
  const rng = createRng(3);
  return {
    data: Float32Array.from({ length: 20 * 16 }, () => rng.nextNormal()),
    rows: 20,
    cols: 16,
  };
})();

/** One exported function, the keys it checks, a valid value for each documented key. */
interface Case {
  name: string;
  async: boolean;
  known: readonly string[];
  values: Record<string, unknown>;
  /** Keys that must be set for a call to succeed (kept when the others are undefined). */
  required: Record<string, unknown>;
  call: (options: Record<string, unknown>) => unknown;
}

function entry<T extends object>(
  name: string,
  known: OptionKeys<T>,
  values: Required<T>,
  call: (options: T) => unknown,
  required: Partial<T> = {},
): Case {
  return {
    name,
    async: name.endsWith('Async') || name === 'gramStatsParallel',
    known,
    values,
    required,
    call: call as (options: Record<string, unknown>) => unknown,
  };
}

const feature = { features: 'columns' } as const;
const pair = {
  method: 'exact',
  samples: 16,
  rng: createRng(1),
  block: 16,
  native: false,
} as const;
const absCos = { quantiles: [0.5, 0.9], bins: 8, histogramMax: 1, confidence: 0.9 };

const cases: Case[] = [
  entry('featureMatrix', FEATURE_OPTION_KEYS, { ...feature }, (o) => api.featureMatrix(W, o)),
  entry('featureNorms', FEATURE_OPTION_KEYS, { ...feature }, (o) => api.featureNorms(W, o)),
  entry('gram', FEATURE_OPTION_KEYS, { ...feature }, (o) => api.gram(W, o)),
  entry('dimensionsPerFeature', FEATURE_OPTION_KEYS, { ...feature }, (o) =>
    api.dimensionsPerFeature(W, o),
  ),
  entry('singularValues', FEATURE_OPTION_KEYS, { ...feature }, (o) => api.singularValues(W, o)),
  entry('effectiveRank', FEATURE_OPTION_KEYS, { ...feature }, (o) => api.effectiveRank(W, o)),
  entry('participationRatio', FEATURE_OPTION_KEYS, { ...feature }, (o) =>
    api.participationRatio(W, o),
  ),
  entry('featureMetrics', FEATURE_METRICS_OPTION_KEYS, { ...feature, ...pair }, (o) =>
    api.featureMetrics(W, o),
  ),
  entry('featureInterference', FEATURE_METRICS_OPTION_KEYS, { ...feature, ...pair }, (o) =>
    api.featureInterference(W, o),
  ),
  entry('featureDimensionality', FEATURE_METRICS_OPTION_KEYS, { ...feature, ...pair }, (o) =>
    api.featureDimensionality(W, o),
  ),
  entry(
    'featureMetricsAsync',
    FEATURE_METRICS_ASYNC_OPTION_KEYS,
    { ...feature, ...pair, workers: 1 },
    (o) => api.featureMetricsAsync(W, o),
  ),
  entry('representedFeatures', REPRESENTED_OPTION_KEYS, { ...feature, threshold: 0.5 }, (o) =>
    api.representedFeatures(W, o),
  ),
  entry(
    'biasRoles',
    BIAS_ROLES_OPTION_KEYS,
    { ...feature, density: 0.5, normThreshold: 0.5, interferenceThreshold: 0.01 },
    (o) => api.biasRoles(W, bias, o),
  ),
  entry(
    'featureGeometry',
    FEATURE_GEOMETRY_OPTION_KEYS,
    { ...feature, normThreshold: 0.5, cosThreshold: 0.1, tolerance: 0.05 },
    (o) => api.featureGeometry(W, o),
  ),
  entry('circleAngles', CIRCLE_ANGLES_OPTION_KEYS, { ...feature, normThreshold: 0.5 }, (o) =>
    api.circleAngles(W, o),
  ),
  entry('absCosDistribution', ABS_COS_OPTION_KEYS, { ...feature, ...pair, ...absCos }, (o) =>
    api.absCosDistribution(W, o),
  ),
  entry(
    'absCosDistributionAsync',
    ABS_COS_ASYNC_OPTION_KEYS,
    { ...feature, ...pair, ...absCos, workers: 1 },
    (o) => api.absCosDistributionAsync(W, o),
  ),
  entry('coherence', COHERENCE_OPTION_KEYS, { ...feature, ...pair, confidence: 0.9 }, (o) =>
    api.coherence(W, o),
  ),
  entry(
    'coherenceAsync',
    COHERENCE_ASYNC_OPTION_KEYS,
    { ...feature, ...pair, confidence: 0.9, workers: 1 },
    (o) => api.coherenceAsync(W, o),
  ),
  entry('compareToRandom', ABS_COS_OPTION_KEYS, { ...feature, ...pair, ...absCos }, (o) =>
    api.compareToRandom(W, o),
  ),
  entry(
    'compareToRandomAsync',
    ABS_COS_ASYNC_OPTION_KEYS,
    { ...feature, ...pair, ...absCos, workers: 1 },
    (o) => api.compareToRandomAsync(W, o),
  ),
  entry(
    'randomAbsCosStats',
    RANDOM_ABS_COS_STATS_OPTION_KEYS,
    { quantiles: [0.5], edges: [0, 0.5, 1] },
    (o) => api.randomAbsCosStats(10, 8, o),
  ),
  entry(
    'gramBlocks',
    GRAM_BLOCKS_OPTION_KEYS,
    { ...feature, block: 4, rowStart: 0, rowEnd: 5, native: false },
    (o) => api.gramBlocks(W, o, () => {}),
  ),
  entry(
    'gramStatsParallel',
    GRAM_STATS_OPTION_KEYS,
    {
      ...feature,
      workers: 1,
      block: 4,
      rowStart: 0,
      rowEnd: 5,
      bins: 8,
      histogramMax: 1,
      native: false,
    },
    (o) => api.gramStatsParallel(W, o),
  ),
  entry('featureSparsity', FEATURE_SPARSITY_OPTION_KEYS, { ...feature, threshold: 0.01 }, (o) =>
    api.featureSparsity(W, o),
  ),
  entry(
    'interferenceBySparsity',
    INTERFERENCE_BY_SPARSITY_OPTION_KEYS,
    { ...feature, ...pair, bins: 4, threshold: 0.01 },
    (o) => api.interferenceBySparsity(W, o),
  ),
  entry(
    'sparseRandomDirections',
    SPARSE_RANDOM_OPTION_KEYS,
    { rng: createRng(2), values: 'gaussian' },
    (o) => api.sparseRandomDirections(4, 8, 2, o),
    { rng: createRng(2) },
  ),
  entry(
    'sparseRandomAbsCos',
    SPARSE_RANDOM_ABS_COS_OPTION_KEYS,
    { values: 'gaussian', rng: createRng(2), samples: 100 },
    (o) => api.sparseRandomAbsCos(8, 2, o),
  ),
  entry(
    'bundleCrosstalk',
    BUNDLE_CROSSTALK_OPTION_KEYS,
    { features: 'rows', bundleSize: 3, rng: createRng(4), trials: 5, model: 'MAP-I' },
    (o) => api.bundleCrosstalk(codebook, o),
    { bundleSize: 3, rng: createRng(4) },
  ),
  entry(
    'codebookCapacity',
    CODEBOOK_CAPACITY_OPTION_KEYS,
    {
      features: 'rows',
      accuracy: 0.9,
      model: 'MAP-I',
      method: 'sampled',
      samples: 1000,
      rng: createRng(5),
    },
    (o) => api.codebookCapacity(codebook, o),
  ),
];

/** Exported functions whose arguments are all positional (no options object). */
const positional = [
  'randomAbsCosMean',
  'randomAbsCosStd',
  'randomAbsCosCdf',
  'randomAbsCosTail',
  'randomAbsCosQuantile',
  'randomCoherence',
  'welchBound',
  'johnsonLindenstraussDim',
];

/** Run a call and return what it threw (sync) or rejected with (async), or null. */
async function thrown(c: Case, options: Record<string, unknown>): Promise<unknown> {
  if (c.async) {
    const p = c.call(options);
    expect(p).toBeInstanceOf(Promise); // an error is a rejected promise, never a sync throw
    try {
      await p;
      return null;
    } catch (e) {
      return e;
    }
  }
  try {
    expect(c.call(options)).not.toBeInstanceOf(Promise);
    return null;
  } catch (e) {
    return e;
  }
}

/** The key with its first two letters swapped: one edit (a swap of neighbours) away. */
const swapped = (key: string): string => key[1] + key[0] + key.slice(2);

const message = (name: string, key: string, known: readonly string[], hint?: string): string =>
  `${name}: options.${key} expected one of the known options (${known.join(', ')})` +
  `${hint === undefined ? '' : `; did you mean options.${hint}?`}, got an unknown key`;

describe('option keys', () => {
  it('every exported function is in the table or takes positional arguments only', () => {
    const exported = Object.entries(api)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .sort();
    expect([...cases.map((c) => c.name), ...positional].sort()).toEqual(exported);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s checks exactly the keys it documents, each once',
    (_, c) => {
      expect([...c.known].sort()).toEqual(Object.keys(c.values).sort());
      expect(new Set(c.known).size).toBe(c.known.length);
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s accepts every documented key with a value',
    async (_, c) => {
      expect(await thrown(c, { ...c.values })).toBeNull();
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s accepts every documented key set to undefined',
    async (_, c) => {
      const none = Object.fromEntries(Object.keys(c.values).map((k) => [k, undefined]));
      expect(await thrown(c, { ...none, ...c.required })).toBeNull();
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s rejects each documented key misspelt, with a did-you-mean hint',
    async (_, c) => {
      for (const key of c.known) {
        const typo = swapped(key);
        const e = await thrown(c, { ...c.required, [typo]: c.values[key] });
        expect(e).toBeInstanceOf(TypeError);
        expect((e as Error).message).toBe(message(c.name, typo, c.known, key));
      }
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s rejects a key far from every known one, without a hint',
    async (_, c) => {
      const e = await thrown(c, { ...c.values, zzzzzzzz: 1 });
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toBe(message(c.name, 'zzzzzzzz', c.known));
    },
  );
});

describe('checkKeys', () => {
  const known = ['seed', 'steps', 'samples'];

  it('passes known keys, undefined values and undefined options; allocates no error otherwise', () => {
    expect(() => checkKeys('f', 'options', { seed: 1, steps: 2 }, known)).not.toThrow();
    expect(() => checkKeys('f', 'options', { sede: undefined }, known)).not.toThrow();
    expect(() => checkKeys('f', 'options', undefined, known)).not.toThrow();
  });

  it('hints at the nearest key: swaps, insertions, deletions and case count one edit', () => {
    expect(() => checkKeys('f', 'options', { sede: 1 }, known)).toThrow(
      new TypeError(message('f', 'sede', known, 'seed')),
    );
    expect(() => checkKeys('f', 'options', { stpes: 1 }, known)).toThrow(
      new TypeError(message('f', 'stpes', known, 'steps')),
    );
    expect(() => checkKeys('f', 'options', { Samples: 1 }, known)).toThrow(
      new TypeError(message('f', 'Samples', known, 'samples')),
    );
    expect(() => checkKeys('f', 'options', { sampels: 1, seed: 2 }, known)).toThrow(
      new TypeError(message('f', 'sampels', known, 'samples')),
    );
  });

  it('rejects null and non-objects as options', () => {
    expect(() => checkKeys('f', 'options', null, known)).toThrow(
      new TypeError('f: options expected an object { seed, steps, samples }, got null'),
    );
    expect(() => checkKeys('f', 'options', 3, known)).toThrow(TypeError);
    expect(() => api.featureNorms(W, null as never)).toThrow(
      new TypeError('featureNorms: options expected an object { features }, got null'),
    );
  });
});

describe('options handed on inside the package', () => {
  it('the wider object of the caller is not checked again against the callee keys', async () => {
    // interferenceBySparsity hands its whole object (bins, threshold) to the featureMetrics pass
    const r = api.interferenceBySparsity(W, { bins: 3, threshold: 0.05, method: 'exact' });
    expect(r.count.length).toBe(3);
    // featureMetricsAsync with a sampled method runs the synchronous pass with `workers` set
    const m = await api.featureMetricsAsync(W, {
      method: 'sampled',
      samples: 4,
      rng: createRng(1),
      workers: 2,
    });
    expect(m.method).toBe('sampled');
    // codebookCapacity and bundleCrosstalk hand a subset to the |cos| pass
    expect(
      api.codebookCapacity(codebook, { features: 'rows', accuracy: 0.9, method: 'exact' }).items,
    ).toBe(20);
    expect(
      api.bundleCrosstalk(codebook, { features: 'rows', bundleSize: 2, rng: createRng(1) }).items,
    ).toBe(20);
  });

  it('a misspelt key is reported under the public function, before any other check', async () => {
    expect(() => api.interferenceBySparsity(W, { treshold: 0.05 } as never)).toThrow(
      new TypeError(
        message(
          'interferenceBySparsity',
          'treshold',
          INTERFERENCE_BY_SPARSITY_OPTION_KEYS,
          'threshold',
        ),
      ),
    );
    await expect(api.featureMetricsAsync(W, { worker: 2 } as never)).rejects.toThrow(
      new TypeError(
        message('featureMetricsAsync', 'worker', FEATURE_METRICS_ASYNC_OPTION_KEYS, 'workers'),
      ),
    );
    // bad data and a misspelt key: the key is named first
    const bad = { data: new Float32Array(5), rows: 2, cols: 3 };
    expect(() => api.featureMetrics(bad, { methd: 'exact' } as never)).toThrow(
      new TypeError(message('featureMetrics', 'methd', FEATURE_METRICS_OPTION_KEYS, 'method')),
    );
  });

  it('coherence refuses the histogram and quantile options it would ignore', async () => {
    for (const key of ['bins', 'quantiles', 'histogramMax']) {
      expect(() => api.coherence(W, { [key]: 8 } as never)).toThrow(
        new TypeError(message('coherence', key, COHERENCE_OPTION_KEYS)),
      );
    }
    await expect(api.coherenceAsync(W, { bins: 8, workers: 1 } as never)).rejects.toThrow(
      'coherenceAsync: options.bins expected one of the known options',
    );
    // its keys: those that choose the pairs, and the confidence of a sampled bound
    expect(COHERENCE_OPTION_KEYS).toEqual([
      ...FEATURE_OPTION_KEYS,
      ...PAIR_OPTION_KEYS,
      'confidence',
    ]);
    expect(COHERENCE_ASYNC_OPTION_KEYS).toEqual([
      ...COHERENCE_OPTION_KEYS,
      ...PARALLEL_OPTION_KEYS,
    ]);
  });

  it('the composed key lists are their parts in order', () => {
    expect(FEATURE_METRICS_OPTION_KEYS).toEqual([...FEATURE_OPTION_KEYS, ...PAIR_OPTION_KEYS]);
    expect(ABS_COS_ASYNC_OPTION_KEYS).toEqual([...ABS_COS_OPTION_KEYS, ...PARALLEL_OPTION_KEYS]);
    expect(FEATURE_METRICS_ASYNC_OPTION_KEYS).toEqual([
      ...FEATURE_METRICS_OPTION_KEYS,
      ...PARALLEL_OPTION_KEYS,
    ]);
  });
});
