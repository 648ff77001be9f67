import { describe, expect, it } from 'vitest';
import * as hv from './index.js';

const rng = (): hv.Rng => hv.createRng(1);
const bsc = hv.BSC({ dim: 64 });
const map = hv.MAP({ dim: 64, variant: 'B' });
const names = <V extends hv.HVArray>(model: hv.VSAModel<V>, labels: string[], seed: number) =>
  hv.ItemMemory.random(model, labels, { rng: hv.createRng(seed) });

/**
 * Every public function or constructor of the package that takes an options object: its name
 * as errors give it, its known keys (those of its `...Options` interface), and a call with
 * valid required options merged with `extra`.
 */
const cases: [string, readonly string[], (extra: object) => unknown][] = [
  ['BSC', ['dim'], (o) => hv.BSC({ ...o, dim: 8 })],
  ['FHRR', ['dim'], (o) => hv.FHRR({ ...o, dim: 8 })],
  ['MAP', ['dim', 'variant'], (o) => hv.MAP({ ...o, dim: 8 })],
  ['HRR', ['dim', 'inverse'], (o) => hv.HRR({ ...o, dim: 8 })],
  ['SBC', ['dim', 'segments', 'blockSize'], (o) => hv.SBC({ ...o, segments: 2 })],
  [
    'createModel',
    ['dim', 'blockSize', 'segments', 'inverse'],
    (o) => hv.createModel('HRR', { ...o, dim: 8 }),
  ],
  ['createArena', ['bytes'], (o) => hv.createArena({ ...o, bytes: 1024 })],
  ['createPermutation', ['rng', 'cycle'], (o) => hv.createPermutation(8, { ...o, rng: rng() })],
  ...hv.MODEL_NAMES.map((name): [string, readonly string[], (extra: object) => unknown] => {
    const model = hv.createModel(name, { dim: 128 });
    return [`${name}.random`, ['rng'], (o) => model.random(2, { ...o, rng: rng() })];
  }),
  ...hv.MODEL_NAMES.map((name): [string, readonly string[], (extra: object) => unknown] => {
    const model = hv.createModel(name, { dim: 128 });
    const rows = model.random(3, { rng: rng() });
    return [`${name}.bundle`, ['normalize', 'rng', 'weights', 'out'], (o) => model.bundle(rows, o)];
  }),
  [
    'expectedRetrievalAccuracy',
    ['dim', 'bundleSize', 'items', 'model'],
    (o) => hv.expectedRetrievalAccuracy({ ...o, dim: 1000, bundleSize: 5, items: 10 }),
  ],
  [
    'capacity',
    ['dim', 'items', 'accuracy', 'model'],
    (o) => hv.capacity({ ...o, dim: 1000, items: 10, accuracy: 0.9 }),
  ],
  [
    'randomSimilarityMoments',
    ['model', 'dim', 'blockSize'],
    (o) => hv.randomSimilarityMoments({ ...o, model: 'MAP-B', dim: 128 }),
  ],
  [
    'expectedBundleSimilarity',
    ['model', 'bundleSize'],
    (o) => hv.expectedBundleSimilarity({ ...o, model: 'MAP-B', bundleSize: 5 }),
  ],
  ['levelBasis', ['rng'], (o) => hv.levelBasis(map, 4, { ...o, rng: rng() })],
  ['circularBasis', ['rng'], (o) => hv.circularBasis(map, 4, { ...o, rng: rng() })],
  [
    'RandomProjection',
    ['inputDim', 'distribution', 'rng'],
    (o) => new hv.RandomProjection(map, { ...o, inputDim: 3, rng: rng() }),
  ],
  [
    'FractionalPowerEncoder',
    ['kernel', 'bandwidth', 'inputDim', 'rng'],
    (o) => new hv.FractionalPowerEncoder(hv.FHRR({ dim: 64 }), { ...o, rng: rng() }),
  ],
  ['ItemMemory.random', ['rng'], (o) => hv.ItemMemory.random(map, ['a'], { ...o, rng: rng() })],
  [
    'SparseDistributedMemory',
    ['locations', 'radius', 'activation', 'rng'],
    (o) => new hv.SparseDistributedMemory(bsc, { ...o, locations: 16, rng: rng() }),
  ],
  ['membershipThreshold', ['falsePositiveRate'], (o) => hv.membershipThreshold(map, o)],
  [
    'softCleanup',
    ['beta', 'rng'],
    (o) => {
      const mem = names(map, ['a', 'b'], 2);
      return hv.softCleanup(mem, mem.get('a'), o);
    },
  ],
  [
    'hopfieldRetrieve',
    ['beta', 'tolerance', 'maxIterations'],
    (o) => hv.hopfieldRetrieve({ data: [1, 0, 0, 1], rows: 2, cols: 2 }, [1, 0], o),
  ],
  [
    'hopfieldCleanup',
    ['beta', 'tolerance', 'maxIterations', 'rng'],
    (o) => {
      const mem = names(map, ['a', 'b'], 3);
      return hv.hopfieldCleanup(mem, mem.get('b'), o);
    },
  ],
  [
    'resonate',
    ['maxIterations', 'update', 'acceptance', 'restarts', 'rng'],
    (o) => {
      const [x, y] = [names(map, ['a', 'b'], 4), names(map, ['c', 'd'], 5)];
      return hv.resonate(map.bind(x.get('a'), y.get('d')), [x, y], o);
    },
  ],
  ...(
    [
      ['SetEncoder', (o: object) => new hv.SetEncoder(names(map, ['a'], 6), o)],
      ['SequenceEncoder', (o: object) => new hv.SequenceEncoder(names(map, ['a'], 6), o)],
      ['ChainEncoder', (o: object) => new hv.ChainEncoder(names(map, ['a'], 6), o)],
      ['NGramEncoder', (o: object) => new hv.NGramEncoder(names(map, ['a'], 6), 2, o)],
      [
        'KeyValueRecord',
        (o: object) => new hv.KeyValueRecord(names(map, ['k'], 6), names(map, ['v'], 7), o),
      ],
      [
        'FiniteStateAutomaton',
        (o: object) =>
          new hv.FiniteStateAutomaton(
            names(map, ['s', 't'], 6),
            names(map, ['i'], 7),
            [['s', 'i', 't']],
            o,
          ),
      ],
    ] as const
  ).map(([name, call]): [string, readonly string[], (extra: object) => unknown] => [
    name,
    ['normalize', 'rng', 'falsePositiveRate', 'permutation'],
    call,
  ]),
  [
    'GraphEncoder',
    ['normalize', 'rng', 'falsePositiveRate', 'permutation', 'directed'],
    (o) => new hv.GraphEncoder(names(map, ['a', 'b'], 6), o),
  ],
  [
    'TreeEncoder',
    ['normalize', 'rng', 'falsePositiveRate', 'permutation'],
    (o) => new hv.TreeEncoder(names(map, ['a'], 6), { ...o, rng: rng() }),
  ],
  [
    'StackEncoder',
    ['falsePositiveRate'],
    (o) => new hv.StackEncoder(names(hv.MAP({ dim: 64, variant: 'I' }), ['a'], 6), o),
  ],
  [
    'weightedSquaredErrorGrad',
    ['relu', 'absTarget', 'scale', 'gradBias'],
    (o) =>
      hv.weightedSquaredErrorGrad(
        new Float32Array(2),
        new Float32Array(2),
        new Float32Array(2),
        Int32Array.from([0, 0]),
        new Int32Array(0),
        new Float32Array(0),
        1,
        2,
        o,
      ),
  ],
];

/** A near miss of `key`: its first two letters swapped (one edit away). */
const swap = (key: string): string => key[1] + key[0] + key.slice(2);

describe('options objects: every key is known', () => {
  it.each(cases)(
    '%s accepts each of its documented keys (undefined sets nothing)',
    (_, keys, call) => {
      expect(() => call({})).not.toThrow();
      // Required options come after the spread, so each documented key is present (and valid).
      expect(() => call(Object.fromEntries(keys.map((k) => [k, undefined])))).not.toThrow();
    },
  );

  it.each(cases)('%s refuses a misspelt key, naming the nearest known one', (fn, keys, call) => {
    const [key] = keys;
    const bad = swap(key);
    expect(() => call({ [bad]: 1 })).toThrow(
      new TypeError(
        `${fn}: options.${bad} expected one of the known options (${keys.join(', ')}); did you mean options.${key}?, got an unknown key`,
      ),
    );
    // A key like no known one gets no hint.
    expect(() => call({ zzzzzzzz: 1 })).toThrow(
      new TypeError(
        `${fn}: options.zzzzzzzz expected one of the known options (${keys.join(', ')}), got an unknown key`,
      ),
    );
  });
});

describe('native kernels', () => {
  const native = hv.nativeKernels();
  it.runIf(native !== null)('refuse unknown option keys like the WebAssembly ones', () => {
    const k = native!;
    const a = new Float32Array(4);
    expect(() => k.matmulNN(a, a, 2, 2, 2, undefined, { thread: 2 } as object)).toThrow(
      /^nativeKernels\(\)\.matmulNN: options\.thread expected one of the known options \(threads, accumulate\); did you mean options\.threads\?, got an unknown key$/,
    );
    expect(() =>
      k.matmulNN(a, a, 2, 2, 2, undefined, { threads: 1, accumulate: false }),
    ).not.toThrow();
  });
});
