/**
 * A matrix as the metrics and the trainer hand it over: either a row-major view over a flat
 * array (element (i, j) at `data[i * cols + j]`), structurally the same as
 * `MatrixView` in `@hyperposition/hypervector`, or an array of equal-length rows.
 *
 * A toy model's weights are `W: row-major [nHidden, nFeatures]`: column i is feature i's
 * direction (Elhage et al. 2022, "Toy Models of Superposition"). Entries must be finite with
 * |x| <= 1e100, so that norms, W^T W and projections cannot overflow; rows may be typed arrays.
 *
 * @example
 * ```ts
 * const W: MatrixInput = { data: new Float32Array([1, 0, 0, 1]), rows: 2, cols: 2 };
 * const same: MatrixInput = [[1, 0], [0, 1]];
 * ```
 */
export type MatrixInput =
  | { readonly data: ArrayLike<number>; readonly rows: number; readonly cols: number }
  | readonly ArrayLike<number>[];

/**
 * Options every figure function takes.
 *
 * Each figure accepts these keys and its own (its `...Options` interface) and nothing else: an
 * unknown key, e.g. a misspelt `{ widht: 500 }`, throws a TypeError that names it, lists the
 * known keys and suggests the nearest (`did you mean options.width?`), instead of being ignored.
 * A key whose value is `undefined` is accepted, whatever its name.
 *
 * @example
 * ```ts
 * import { createDocument } from '@hyperposition/plots/node';
 * const options: FigureOptions = { document: createDocument(), width: 480, title: 'n = 5, m = 2' };
 * ```
 */
export interface FigureOptions {
  /**
   * The DOM document that creates the elements. Default: the global `document` (browsers).
   * In Node pass `createDocument()` from `@hyperposition/plots/node`.
   */
  document?: Document;
  /** Width of the whole figure in px, 100 to 100,000 (each figure documents its default). */
  width?: number;
  /** Height of the whole figure in px, 100 to 100,000 (each figure documents its default). */
  height?: number;
  /**
   * The title drawn at the top and used as the accessible name (a string, like every text
   * option; not empty or only white space, which would leave the figure without a name). Each
   * figure has a default.
   */
  title?: string;
  /** A line under the title (setup, seed, units). Default: none. */
  subtitle?: string;
  /**
   * The accessible description (SVG `<desc>`; not empty or only white space). Default: a
   * sentence generated from the data.
   */
  description?: string;
  /**
   * Prefix of every `id` in the figure (clip paths), so that several figures can share a page.
   * Ids are numbered in document order, so output is deterministic. It must be usable in an
   * XML id and a `url(#...)` reference: an ASCII letter or `_`, then letters, digits, `-`, `_`
   * or `.` (no spaces). Default: the figure's name.
   */
  idPrefix?: string;
}

/**
 * A listing of every key of an options interface `T` as `{ key: true, ... }`: typed with it,
 * a listing that misses a key of `T`, or names one `T` lacks, does not compile.
 * @internal
 */
export type OptionKeyset<T> = { readonly [K in keyof Required<T>]: true };

/**
 * The keys of {@link FigureOptions}, which every figure accepts; each figure's own list adds
 * its keys to these (see `optionKeys`).
 * @internal
 */
export const FIGURE_OPTIONS: OptionKeyset<FigureOptions> = {
  document: true,
  width: true,
  height: true,
  title: true,
  subtitle: true,
  description: true,
  idPrefix: true,
};

/**
 * The three phases of a phase diagram (Elhage et al. 2022, section "Superposition as a Phase
 * Change"): the extra feature is not represented, gets a dedicated dimension, or is stored in
 * superposition. Numbers 0, 1, 2 are accepted in the same order.
 *
 * @example
 * ```ts
 * const phase: Phase = 'superposition';
 * ```
 */
export type Phase = 'not-represented' | 'dedicated' | 'superposition';
