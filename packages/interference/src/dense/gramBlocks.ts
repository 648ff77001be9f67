import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { featureNormsOf, unitRows } from '../core/normalize.js';
import { checkInt, checkKeys, fail, optionKeys, type OptionKeys } from '../errors.js';
import { forEachUpperTile, resolveKernel } from '../kernels/forEachBlock.js';

/** Options of {@link gramBlocks}. */
export interface GramBlocksOptions extends FeatureOptions {
  /** Block edge (default 64). */
  block?: number;
  /** First feature row of the band to visit (default 0). */
  rowStart?: number;
  /** End (exclusive) of the band (default n). */
  rowEnd?: number;
  /**
   * Use the native `matmulNT` of `@hyperposition/hypervector` for the tiles when it is
   * available (default `true`; see `nativeKernels()`); `false` forces WebAssembly. Either
   * way every cosine is within (d/4 + 4) 2^-24 of the exact one. `HYPERPOSITION_NATIVE=0`
   * turns the native kernels off for the whole process.
   */
  native?: boolean;
}

/** The keys of {@link GramBlocksOptions}, checked against it at compile time. @internal */
export const GRAM_BLOCKS_OPTION_KEYS: OptionKeys<GramBlocksOptions> =
  optionKeys<GramBlocksOptions>()(...FEATURE_OPTION_KEYS, 'block', 'rowStart', 'rowEnd', 'native');

/** One block of the cosine Gram matrix, handed to the visitor (the buffer is reused: copy what you keep). */
export interface GramBlock {
  /** Rows [i0, i1) (feature indices). */
  i0: number;
  i1: number;
  /** Columns [j0, j1), j0 >= i0. */
  j0: number;
  j1: number;
  /** cos(W_i, W_j) at `values[(i - i0) * (j1 - j0) + (j - j0)]`; a dead feature's row and column are 0. */
  values: Float64Array;
}

/** What a band visit did. */
export interface GramBlocksResult {
  /** Blocks visited. */
  blocks: number;
  /** Multiply-adds x 2 performed in the kernel (2 d per visited entry, diagonal blocks counted whole). */
  flops: number;
}

/**
 * Stream the upper block triangle of the cosine Gram matrix W_hat^T W_hat, block by block,
 * without ever holding the n x n matrix: the building block of every exact pair metric here,
 * exposed for custom statistics and for benchmarking. The features are normalised once in
 * Float64 and stored as a contiguous Float32 copy; the Gram entries come from `matmulNT` of
 * `@hyperposition/hypervector` on tiles of `block` rows x about 1024 columns (about 2048 on the
 * native kernel), handed to `visit` block by block, in the order of increasing (I, J): the
 * native product (`nativeKernels()`, fused multiply-adds over four accumulated chunks of the
 * dimension) where it loads, else WebAssembly SIMD (`native: false` forces it), both with
 * Float32 accumulation. Accuracy on either: |error of a cosine| <= (d/4 + 4) 2^-24 (7.9e-6 at
 * d = 512; typically about 1e-7 sqrt(d)). A band `[rowStart, rowEnd)` restricts the block rows
 * (blocks (I, J) with J >= I), so a full pass can be split or sampled. For whole-matrix |cos|
 * statistics on several threads see {@link gramStatsParallel}.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: 2 d flops per visited entry (d n^2 for the full triangle: 5.1e12 flops = 2.6e12 multiply-adds at n = 1e5,
 * d = 512), memory 4nd + 4 block * 1024 (8 block * 1024 native) + 8 block^2 bytes.
 *
 * @param W - feature matrix view.
 * @param options - orientation, `block`, band `rowStart`/`rowEnd`, `native` (an object, `{}`
 * for the defaults).
 * @param visit - called once per block with a {@link GramBlock}.
 * @returns `{ blocks, flops }`.
 * @throws TypeError when `options` is not an object or has an unknown key, or `visit` is not a
 *   function.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(2);
 * const data = Float32Array.from({ length: 300 * 16 }, () => rng.nextNormal());
 * let max = 0;
 * gramBlocks({ data, rows: 300, cols: 16 }, { features: 'rows' }, (b) => {
 *   for (let i = b.i0; i < b.i1; i++)
 *     for (let j = Math.max(b.j0, i + 1); j < b.j1; j++)
 *       max = Math.max(max, Math.abs(b.values[(i - b.i0) * (b.j1 - b.j0) + j - b.j0]));
 * }); // max is the coherence, as coherence(...) reports
 * ```
 */
export function gramBlocks(
  W: MatrixLike,
  options: GramBlocksOptions,
  visit: (block: GramBlock) => void,
): GramBlocksResult {
  const fn = 'gramBlocks';
  if (options === null || typeof options !== 'object') {
    fail(fn, 'options', '{ features, block, rowStart, rowEnd, native }', options, 'type');
  }
  if (typeof visit !== 'function') {
    fail(fn, 'visit', 'a function (block: GramBlock) => void', visit, 'type');
  }
  checkKeys(fn, 'options', options, GRAM_BLOCKS_OPTION_KEYS);
  const F = featureMatrixAs(fn, W, options);
  const n = F.nFeatures;
  const d = F.dim;
  const block = checkInt(fn, 'options.block', options.block ?? 64, 4, 4096);
  const rowStart = checkInt(fn, 'options.rowStart', options.rowStart ?? 0, 0, n - 1);
  const rowEnd = checkInt(fn, 'options.rowEnd', options.rowEnd ?? n, rowStart + 1, n);
  const kernel = resolveKernel(fn, options.native);
  const U = unitRows(F, featureNormsOf(F), undefined, kernel);
  let blocks = 0;
  let flops = 0;
  const values = new Float64Array(block * block);
  forEachUpperTile(
    U,
    n,
    d,
    block,
    (i0, i1, t0, t1, G) => {
      const h = i1 - i0;
      const tw = t1 - t0;
      for (let j0 = t0; j0 < t1; j0 += block) {
        const j1 = Math.min(j0 + block, t1);
        const w = j1 - j0;
        for (let r = 0; r < h; r++) {
          const src = r * tw + (j0 - t0);
          const dst = r * w;
          for (let c = 0; c < w; c++) values[dst + c] = G[src + c];
        }
        blocks++;
        flops += 2 * d * h * w;
        visit({ i0, i1, j0, j1, values });
      }
    },
    rowStart,
    rowEnd,
    kernel,
  );
  return { blocks, flops };
}
