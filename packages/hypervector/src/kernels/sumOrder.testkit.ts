import { createRng } from '../random/rng.js';

/**
 * Test rows (not shipped: tsconfig.build.json leaves `*.testkit.ts` out) whose dot products
 * show the order of additions of src/kernels/dot.ts. `len / d` rows of d normal entries where,
 * for d > 9, +2^40 at k = 0 and 5 and -2^40 at k = 2 and 9 (1 there in the queries): lane 1
 * cancels its pair exactly, while lanes 0 and 2 hold +2^40 and -2^40 until the final additions,
 * so that each lane's own sum loses low bits and the lanes, the order within them, the final
 * additions and the place of the last d mod 4 terms all show in the Float32 results.
 */
export function orderRevealingRows(
  len: number,
  seed: number,
  d: number,
  query = false,
): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(len);
  for (let i = 0; i < len; i++) x[i] = rng.nextNormal();
  if (d > 9)
    for (let r = 0; r < len; r += d)
      for (const [k, v] of [
        [0, 1],
        [5, 1],
        [2, -1],
        [9, -1],
      ])
        x[r + k] = query ? 1 : v * 2 ** 40;
  return x;
}

/**
 * Int32 rows with the same purpose: `len / d` rows of small values (-3 to 3) where, for d > 9,
 * +(2^31 - 1) at k = 0 and 5 and -2^31 at k = 2 and 9 (2^22 + 1 there in the queries), so that
 * those products pass 2^53 and round in Float64, and the lanes hold them until the final
 * additions: the result is small (the small products' sum), and the rounding of each order
 * shows in it even after Float32.
 */
export function orderRevealingInt32(
  len: number,
  seed: number,
  d: number,
  query = false,
): Int32Array {
  const rng = createRng(seed);
  const x = new Int32Array(len);
  for (let i = 0; i < len; i++) x[i] = (rng.nextUint32() % 7) - 3;
  if (d > 9)
    for (let r = 0; r < len; r += d)
      for (const [k, v] of [
        [0, 2 ** 31 - 1],
        [5, 2 ** 31 - 1],
        [2, -(2 ** 31)],
        [9, -(2 ** 31)],
      ])
        x[r + k] = query ? 2 ** 22 + 1 : v;
  return x;
}
