import { gramBlock } from './gramBlock.js';

/**
 * Visit the upper block triangle of the Gram matrix of unit rows `U` (`[n, d]`): blocks
 * (I, J) with J >= I, rows [i0, i1) restricted to [rowStart, rowEnd). A diagonal block holds
 * the whole square (callers keep j > i). Memory: one `block * block` Float64Array, reused.
 * Cost: 2 d * (number of visited pairs) flops. @internal
 */
export function forEachUpperBlock(
  U: Float32Array,
  n: number,
  d: number,
  block: number,
  visit: (i0: number, i1: number, j0: number, j1: number, G: Float64Array) => void,
  rowStart: number = 0,
  rowEnd: number = n,
): void {
  const G = new Float64Array(block * block);
  for (let i0 = rowStart; i0 < rowEnd; i0 += block) {
    const i1 = Math.min(i0 + block, rowEnd);
    for (let j0 = i0; j0 < n; j0 += block) {
      const j1 = Math.min(j0 + block, n);
      gramBlock(U, d, i0, i1, j0, j1, G);
      visit(i0, i1, j0, j1, G);
    }
  }
}
