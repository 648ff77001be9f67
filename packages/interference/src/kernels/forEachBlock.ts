import { matmulNT } from '@hyperposition/hypervector';

/** Columns of one tile of the Gram pass, about this many (a multiple of the block edge). */
export const TILE_COLUMNS = 1024;

/** Column width of a tile for a given block edge: the multiple of `block` nearest below 1024 (at least `block`). @internal */
export function tileWidth(block: number): number {
  return block * Math.max(1, Math.floor(TILE_COLUMNS / block));
}

/**
 * One tile of the Gram matrix of the rows of `U` (`[n, d]`, row-major Float32):
 * `G[(i - i0) * (j1 - j0) + (j - j0)] = U_i . U_j` for i in [i0, i1), j in [j0, j1), computed by
 * `matmulNT` (WebAssembly SIMD, Float32 accumulation; the scalar fallback elsewhere). `G` must
 * hold (i1 - i0)(j1 - j0) floats. Cost: 2 (i1 - i0)(j1 - j0) d flops. @internal
 */
export function gramTile(
  U: Float32Array,
  d: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  G: Float32Array,
): void {
  matmulNT(U.subarray(i0 * d, i1 * d), U.subarray(j0 * d, j1 * d), i1 - i0, j1 - j0, d, G);
}

/**
 * Visit the upper tile triangle of the Gram matrix of unit rows `U` (`[n, d]`): for each block
 * row [i0, i1) (`block` rows, starting at `rowStart`, ending at `rowEnd`), the columns
 * [i0, n) in tiles of {@link tileWidth} columns, in ascending order. A tile that meets the
 * diagonal holds the whole square (callers keep j > i). `G[(i - i0) * (j1 - j0) + (j - j0)]`
 * holds U_i . U_j; the buffer is reused. Memory: one `block * tileWidth(block)` Float32Array.
 * Cost: 2 d * (number of visited entries) flops. @internal
 */
export function forEachUpperTile(
  U: Float32Array,
  n: number,
  d: number,
  block: number,
  visit: (i0: number, i1: number, j0: number, j1: number, G: Float32Array) => void,
  rowStart: number = 0,
  rowEnd: number = n,
): void {
  const tw = tileWidth(block);
  const G = new Float32Array(block * Math.min(tw, n));
  for (let i0 = rowStart; i0 < rowEnd; i0 += block) {
    const i1 = Math.min(i0 + block, rowEnd);
    for (let j0 = i0; j0 < n; j0 += tw) {
      const j1 = Math.min(j0 + tw, n);
      gramTile(U, d, i0, i1, j0, j1, G);
      visit(i0, i1, j0, j1, G);
    }
  }
}
