import { createRng } from '@hyperposition/hypervector';
import { coherence, randomAbsCosMean, welchBound } from '@hyperposition/interference';

/** n random unit directions in d dimensions as a toy-model-shaped W: row-major [d, n], column i is direction i. */
export function randomDirections(
  n: number,
  d: number,
  seed: number,
): { data: Float64Array; rows: number; cols: number } {
  const rng = createRng(seed);
  const data = new Float64Array(d * n);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let k = 0; k < d; k++) {
      const x = rng.nextNormal();
      data[k * n + i] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (let k = 0; k < d; k++) data[k * n + i] /= norm;
  }
  return { data, rows: d, cols: n };
}

/** Interference of n = 8d random directions in d = 64 dimensions, against the theory. */
export function runRandomDirections(d = 64, n = 512, seed = 1) {
  const W = randomDirections(n, d, seed);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += W.data[k * n + i] * W.data[k * n + j];
      sum += Math.abs(dot);
    }
  }
  return {
    d,
    n,
    /** Mean |cos| over all pairs, measured. */
    meanAbsCos: sum / ((n * (n - 1)) / 2),
    /** E|cos| for two random directions: Gamma(d/2) / (sqrt(pi) Gamma((d+1)/2)), about sqrt(2/(pi d)). */
    theoryMeanAbsCos: randomAbsCosMean(d),
    /** The worst pair, max |cos|. */
    coherence: coherence(W).coherence,
    /** No n unit vectors in d dimensions do better than this. */
    welch: welchBound(n, d),
  };
}
