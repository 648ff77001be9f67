import { hammingPacked, withoutPadding } from '../kernels/hammingPacked.js';
import { checkDim, similarityShape } from './shape.js';

/**
 * Normalised Hamming distance of bit-packed vectors with the shape rule
 * `(*, d) x (n, d) -> (*, n)`: popcount(q XOR c) / d. Vectors are packed 32 bits per word,
 * `ceil(d / 32)` words per row (BSC's layout, or {@link packBipolar}'s); the padding bits
 * above d in each row's last word are ignored (a row with any set is counted through a copy
 * with them cleared). Large batches run a WebAssembly popcount kernel, small ones a SWAR
 * popcount.
 *
 * @param query - `Uint32Array(q * ceil(d / 32))`.
 * @param codebook - `Uint32Array(n * ceil(d / 32))`.
 * @param dim - d in bits.
 * @param out - optional `Float32Array(q * n)`.
 * @returns `Float32Array(q * n)` in [0, 1].
 * @example
 * ```ts
 * hamming(Uint32Array.of(0b1011), Uint32Array.of(0b0001, 0b1011), 4); // returns [0.5, 0]
 * ```
 */
export function hamming(
  query: Uint32Array,
  codebook: Uint32Array,
  dim: number,
  out?: Float32Array,
): Float32Array {
  const d = checkDim('hamming', dim);
  const words = Math.ceil(d / 32);
  const s = similarityShape(
    'hamming',
    query,
    codebook,
    words,
    out,
    (x) => x instanceof Uint32Array,
    `Uint32Array (packed bits, ${words} words per row)`,
  );
  const q = withoutPadding(query, s.nq, words, d);
  const c = withoutPadding(codebook, s.n, words, d);
  hammingPacked(q, s.nq, c, s.n, words, s.out, 1 / d, 0);
  return s.out;
}
