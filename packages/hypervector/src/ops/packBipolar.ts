import { fail } from '../errors.js';
import { packSigns } from '../kernels/bits.js';
import { checkDim, isRealTypedArray, type RealTypedArray } from './shape.js';

/**
 * Pack bipolar (or any real) vectors to sign bits, 32 per word: bit j of a row is 1 where
 * x_j < 0 and 0 where x_j >= 0 (zero counts as +1, infinities by their sign). NaN has no sign
 * and is rejected. For bipolar x and y,
 * x · y = d - 2 · popcount(bits(x) XOR bits(y)), so {@link hammingSimilarityPacked} gives
 * MAP-B/MAP-I cosines at a fraction of the cost of a float dot product.
 *
 * @param x - `[n, d]` row-major.
 * @param dim - d.
 * @param out - optional `Uint32Array(n * ceil(d / 32))`.
 * @returns `Uint32Array(n * ceil(d / 32))`, padding bits zero.
 * @throws RangeError naming the index of the first NaN in `x` (`out` is then partly written).
 * @example
 * ```ts
 * packBipolar(Int8Array.of(1, -1, -1, 1), 4); // returns Uint32Array [6]
 * ```
 */
export function packBipolar(x: RealTypedArray, dim: number, out?: Uint32Array): Uint32Array {
  const d = checkDim('packBipolar', dim);
  if (!isRealTypedArray(x))
    fail(
      'packBipolar',
      'x',
      'a real typed array (Int8Array, Int32Array, Float32Array, ...)',
      x,
      'type',
    );
  if (x.length === 0 || x.length % d !== 0)
    fail('packBipolar', 'x', `a length that is a positive multiple of ${d}`, x);
  const n = x.length / d;
  const words = Math.ceil(d / 32);
  let o: Uint32Array;
  if (out === undefined) o = new Uint32Array(n * words);
  else {
    if (!(out instanceof Uint32Array))
      fail('packBipolar', 'out', `Uint32Array(${n * words})`, out, 'type');
    if (out.length !== n * words) fail('packBipolar', 'out', `Uint32Array(${n * words})`, out);
    o = out;
  }
  if (!packSigns(x, n, d, o, false)) {
    // Only on failure: find the NaN that stopped the packing.
    let i = 0;
    while (i < x.length && !Number.isNaN(x[i])) i++;
    throw new RangeError(
      `packBipolar: x expected real values (NaN has no sign), got NaN at index ${i}`,
    );
  }
  return o;
}
