import { hammingPacked, withoutPadding } from '../kernels/hammingPacked.js';
import { checkDim, similarityShape } from './shape.js';

/**
 * Bipolar cosine from sign bits, with the shape rule `(*, d) x (n, d) -> (*, n)`:
 * (d - 2 · popcount(q XOR c)) / d, which equals the cosine of the bipolar vectors that
 * {@link packBipolar} packed (padding bits above d are ignored). This is the fast clean-up path for MAP-B (and bipolar MAP-I):
 * a large batch runs a WebAssembly popcount kernel over 64-bit words, blocked so the
 * codebook stays in cache.
 *
 * @param query - `Uint32Array(q * ceil(d / 32))` from `packBipolar`.
 * @param codebook - `Uint32Array(n * ceil(d / 32))` from `packBipolar`.
 * @param dim - d.
 * @param out - optional `Float32Array(q * n)`.
 * @returns `Float32Array(q * n)`, cosines in [-1, 1].
 * @example
 * ```ts
 * const vsa = MAP({ dim: 10_000, variant: 'B' });
 * const items = vsa.random(100, { rng: createRng(1) });
 * const packed = packBipolar(items, 10_000);
 * hammingSimilarityPacked(packed.subarray(0, 313), packed, 10_000)[0]; // returns 1
 * ```
 */
export function hammingSimilarityPacked(
  query: Uint32Array,
  codebook: Uint32Array,
  dim: number,
  out?: Float32Array,
): Float32Array {
  const d = checkDim('hammingSimilarityPacked', dim);
  const words = Math.ceil(d / 32);
  const s = similarityShape(
    'hammingSimilarityPacked',
    query,
    codebook,
    words,
    out,
    (x) => x instanceof Uint32Array,
    `Uint32Array (packed signs, ${words} words per row)`,
  );
  const q = withoutPadding(query, s.nq, words, d);
  const c = withoutPadding(codebook, s.n, words, d);
  hammingPacked(q, s.nq, c, s.n, words, s.out, -2 / d, 1);
  return s.out;
}
