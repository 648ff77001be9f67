import { matmulNT, nativeKernels } from '@hyperposition/hypervector';
import { fail } from '../errors.js';

/**
 * The product that computes the tiles of a Gram pass: `'native'`, the C++ `matmulNT` of
 * `@hyperposition/hypervector`'s {@link nativeKernels} (Node, AVX-512 or AVX2 with FMA), or
 * `'wasm'`, its WebAssembly `matmulNT`. A pass decides once, on the calling thread, and every
 * tile of it (on any worker) uses the same one. @internal
 */
export type TileKernel = 'native' | 'wasm';

/** Columns of one tile of the Gram pass on the WebAssembly kernel, about this many (a multiple of the block edge). */
export const TILE_COLUMNS = 1024;

/** Columns of one tile on the native kernel, about this many (measured: bench/gram.bench.mjs). @internal */
export const NATIVE_TILE_COLUMNS = 2048;

/**
 * Default rows of a tile of the |cos| and featureMetrics passes: 128 on WebAssembly (tiles of
 * 128 x 1024), 480 on the native kernel (tiles of 480 x 1920: 40 of its 12-row register
 * tiles; the fastest shape measured at n = 30000, d = 512 with bench/gram.bench.mjs-like
 * passes). Performance only. @internal
 */
export function defaultBlock(kernel: TileKernel): number {
  return kernel === 'native' ? 480 : 128;
}

/**
 * Chunks of the dimension on the native kernel: unit rows are stored chunk by chunk (see
 * {@link unitLayout}) and a tile is the sum of the products of its four chunks, added in chunk
 * order, so that a cosine goes through at most ceil(d/4) + 3 roundings (the WebAssembly
 * kernel's bound, (d/4 + 4) 2^-24, holds for both). @internal
 */
export const NATIVE_CHUNKS = 4;

/**
 * Which kernel a pass uses: native when `native` is not `false` and the native kernels load
 * here (not disabled by `HYPERPOSITION_NATIVE=0`), else WebAssembly.
 * @throws TypeError when `native` is neither a boolean nor undefined, naming `options.native`.
 * @internal
 */
export function resolveKernel(fn: string, native: unknown): TileKernel {
  if (native !== undefined && typeof native !== 'boolean') {
    fail(fn, 'options.native', 'a boolean', native, 'type');
  }
  return native !== false && nativeKernels() !== null ? 'native' : 'wasm';
}

/**
 * How the unit rows of a pass are laid out: `[rows, d]` row-major for WebAssembly; for the
 * native kernel {@link NATIVE_CHUNKS} blocks `[rows, s]` one after the other, s = ceil(d/4),
 * block c holding components [c s, (c + 1) s) (zero past d). Component k of row r lies at
 * `(k / s | 0) * chunkStride + r * s + k % s`. @internal
 */
export interface UnitLayout {
  /** Floats of the array. */
  length: number;
  /** Row stride inside a chunk (s; d on WebAssembly). */
  s: number;
  /** Distance between chunks (rows * s; unused on WebAssembly). */
  chunkStride: number;
}

/** The layout of `rows` unit rows of dimension d for `kernel`. @internal */
export function unitLayout(rows: number, d: number, kernel: TileKernel): UnitLayout {
  if (kernel === 'wasm') return { length: rows * d, s: d, chunkStride: rows * d };
  const s = Math.max(1, Math.ceil(d / NATIVE_CHUNKS));
  return { length: NATIVE_CHUNKS * rows * s, s, chunkStride: rows * s };
}

/** Column width of a tile for a given block edge: the multiple of `block` nearest below 1024 (2048 native), at least `block`. @internal */
export function tileWidth(block: number, kernel: TileKernel = 'wasm'): number {
  const columns = kernel === 'native' ? NATIVE_TILE_COLUMNS : TILE_COLUMNS;
  return block * Math.max(1, Math.floor(columns / block));
}

/**
 * One tile of the Gram matrix of the `rows` unit rows in `U` (laid out by
 * {@link unitLayout} for `kernel`): `G[(i - i0) * (j1 - j0) + (j - j0)] = U_i . U_j` for i in
 * [i0, i1), j in [j0, j1). WebAssembly: one `matmulNT` (SIMD, Float32 accumulation; the scalar
 * fallback elsewhere). Native: four native `matmulNT` of the chunks, each added to the last
 * (fused multiply-adds, Float32). `G` must hold (i1 - i0)(j1 - j0) floats. Cost:
 * 2 (i1 - i0)(j1 - j0) d flops. @internal
 */
export function gramTile(
  U: Float32Array,
  rows: number,
  d: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  G: Float32Array,
  kernel: TileKernel = 'wasm',
): void {
  if (kernel === 'wasm') {
    matmulNT(U.subarray(i0 * d, i1 * d), U.subarray(j0 * d, j1 * d), i1 - i0, j1 - j0, d, G);
    return;
  }
  const nk = nativeKernels();
  if (nk === null) throw new Error('gramTile: the native kernels are not available here');
  const { s, chunkStride } = unitLayout(rows, d, kernel);
  const m = i1 - i0;
  const w = j1 - j0;
  const out = G.length === m * w ? G : G.subarray(0, m * w);
  for (let c = 0; c < NATIVE_CHUNKS; c++) {
    const o = c * chunkStride;
    nk.matmulNT(
      U.subarray(o + i0 * s, o + i1 * s),
      U.subarray(o + j0 * s, o + j1 * s),
      m,
      w,
      s,
      out,
      c === 0 ? undefined : ADD,
    );
  }
}

const ADD = { accumulate: true } as const;

/**
 * Visit the upper tile triangle of the Gram matrix of unit rows `U` (`[n, d]`, laid out by
 * {@link unitLayout} for `kernel`): for each block row [i0, i1) (`block` rows, starting at
 * `rowStart`, ending at `rowEnd`), the columns [i0, n) in tiles of {@link tileWidth} columns,
 * in ascending order. A tile that meets the diagonal holds the whole square (callers keep
 * j > i). `G[(i - i0) * (j1 - j0) + (j - j0)]` holds U_i . U_j; the buffer is reused. Memory:
 * one `block * tileWidth(block)` Float32Array. Cost: 2 d * (number of visited entries) flops.
 * @internal
 */
export function forEachUpperTile(
  U: Float32Array,
  n: number,
  d: number,
  block: number,
  visit: (i0: number, i1: number, j0: number, j1: number, G: Float32Array) => void,
  rowStart: number = 0,
  rowEnd: number = n,
  kernel: TileKernel = 'wasm',
): void {
  const tw = tileWidth(block, kernel);
  const G = new Float32Array(block * Math.min(tw, n));
  for (let i0 = rowStart; i0 < rowEnd; i0 += block) {
    const i1 = Math.min(i0 + block, rowEnd);
    for (let j0 = i0; j0 < n; j0 += tw) {
      const j1 = Math.min(j0 + tw, n);
      gramTile(U, n, d, i0, i1, j0, j1, G, kernel);
      visit(i0, i1, j0, j1, G);
    }
  }
}
