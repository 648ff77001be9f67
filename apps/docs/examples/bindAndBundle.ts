import { createRng, MAP } from '@hyperposition/hypervector';

/** What the example prints, and what the page and the test read. */
export interface BindAndBundleResult {
  /** Dimension d. */
  dim: number;
  /** similarity(unbind(bind(a, b), a), b): exactly 1 for MAP. */
  unboundSimilarity: number;
  /** similarity(bundle(a, b, c), a): about 1/sqrt(3) = 0.577. */
  memberSimilarity: number;
  /** similarity(bundle(a, b, c), z) for an unrelated atom z: about 0, give or take 1/sqrt(d). */
  strangerSimilarity: number;
}

/** Bind, unbind and bundle with MAP-I atoms of dimension 10,000, seeded. */
export function runBindAndBundle(dim = 10_000, seed = 42): BindAndBundleResult {
  const vsa = MAP({ dim, variant: 'I' });
  const atoms = vsa.random(4, { rng: createRng(seed) }); // four atoms, row-major [4, dim]
  const row = (i: number) => atoms.subarray(i * dim, (i + 1) * dim);
  const [a, b, z] = [row(0), row(1), row(3)];

  const ab = vsa.bind(a, b);
  const recovered = vsa.unbind(ab, a);
  const unboundSimilarity = vsa.similarity(recovered, b)[0];

  const abc = vsa.bundle(atoms.subarray(0, 3 * dim)); // integer sum of rows 0, 1, 2
  const [memberSimilarity, strangerSimilarity] = [
    vsa.similarity(abc, a)[0],
    vsa.similarity(abc, z)[0],
  ];

  return { dim, unboundSimilarity, memberSimilarity, strangerSimilarity };
}
