import {
  chanceSimilarity,
  createModel,
  createRng,
  ItemMemory,
  KeyValueRecord,
  softCleanup,
  type ModelName,
} from '@hyperposition/hypervector';

/** Settings of the playground. */
export interface PlaygroundOptions {
  model: ModelName;
  dim: number;
  seed: number;
  /** How many atoms to bundle. */
  bundleSize: number;
  /** Inverse temperature of the attention clean-up. */
  beta: number;
}

/** The dimensions the playground offers (SBC among the models at each of them). */
export const playgroundDims = [256, 1024, 4096, 10000] as const;

/**
 * SBC's block size for a dimension: its default 64 where 64 divides d, else the divisor of d
 * nearest 64 (the smaller on a tie), so that every d the playground offers works (d = 10,000:
 * 200 blocks of 50).
 */
export function sbcBlockSize(dim: number): number {
  let best = 0;
  for (let b = 2; b <= dim; b++) {
    if (dim % b === 0 && (best === 0 || Math.abs(b - 64) < Math.abs(best - 64))) best = b;
    if (b > 64 && best !== 0 && b - 64 >= Math.abs(best - 64)) break;
  }
  return best;
}

/** Everything the playground shows. */
export interface PlaygroundResult {
  /** SBC's block size (units per segment), or null for the other models. */
  blockSize: number | null;
  /** Chance similarity of two unrelated vectors in this model: mean and standard deviation. */
  chance: { mean: number; std: number };
  /** similarity(bind(a, b), a): at chance level, binding gives something new. */
  boundVsA: number;
  /** similarity(unbind(bind(a, b), a), b): 1 for exact models, about 0.7 for HRR and MAP-C. */
  unboundVsB: number;
  /** similarity(bundle(first K atoms), a): well above chance. */
  bundleVsMember: number;
  /** similarity(bundle, an atom not in it): at chance level. */
  bundleVsStranger: number;
  /** A record {name: ada, colour: blue, city: paris, pet: cat} read back key by key with arg-max clean-up. */
  reads: { key: string; label: string; similarity: number }[];
  /** Attention clean-up softmax(beta * sim) of the unbound 'colour' query: the weight on 'blue'. */
  attentionWeight: number;
}

const keyLabels = ['name', 'colour', 'city', 'pet'];
const valueLabels = ['ada', 'bob', 'blue', 'red', 'paris', 'lima', 'cat', 'dog'];
const record: [string, string][] = [
  ['name', 'ada'],
  ['colour', 'blue'],
  ['city', 'paris'],
  ['pet', 'cat'],
];

/** Bind, bundle, clean up and read a key-value record, for any model, seeded. */
export function runPlayground(options: PlaygroundOptions): PlaygroundResult {
  const { model, dim, seed, bundleSize, beta } = options;
  const blockSize = model === 'SBC' ? sbcBlockSize(dim) : null;
  const vsa = createModel(model, blockSize === null ? { dim } : { dim, blockSize });
  const rng = createRng(seed);
  const atoms = ItemMemory.random(
    vsa,
    Array.from({ length: bundleSize + 2 }, (_, i) => `atom${i}`),
    { rng },
  );
  const sim = (x: typeof a, y: typeof a): number => vsa.similarity(x, y)[0];
  const a = atoms.get('atom0');
  const b = atoms.get('atom1');
  const bound = vsa.bind(a, b);

  const batch = vsa.alloc(bundleSize);
  for (let i = 0; i < bundleSize; i++) batch.set(atoms.at(i), i * vsa.length);
  const bundle = vsa.bundle(batch, { rng: createRng(seed + 1) });

  const keys = ItemMemory.random(vsa, keyLabels, { rng });
  const values = ItemMemory.random(vsa, valueLabels, { rng });
  const kv = new KeyValueRecord(keys, values);
  const r = kv.encode(record);
  const reads = keyLabels.map((key) => {
    const match = kv.get(r, key);
    return { key, label: match.label, similarity: match.similarity };
  });
  const { weights } = softCleanup(values, kv.unbindKey(r, 'colour'), { beta });

  return {
    blockSize,
    chance: chanceSimilarity(vsa),
    boundVsA: sim(bound, a),
    unboundVsB: sim(vsa.unbind(bound, a), b),
    bundleVsMember: sim(bundle, a),
    bundleVsStranger: sim(bundle, atoms.get(`atom${bundleSize + 1}`)),
    reads,
    attentionWeight: weights[values.indexOf('blue')],
  };
}
