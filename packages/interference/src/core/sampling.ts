import type { Rng } from '@hyperposition/hypervector';
import { fail } from '../errors.js';

/** How a statistic over all pairs is computed. */
export type PairMethod = 'exact' | 'sampled' | 'auto';

/** Options shared by every metric that looks at pairs of features. */
export interface PairOptions {
  /**
   * `'exact'`: every pair, streamed in blocks (O(n^2 d) time, O(nd + block^2) memory);
   * `'sampled'`: random pairs drawn with `rng`, with a stated error bar;
   * `'auto'` (default): exact when n(n - 1)/2 * d <= 2^32 multiply-adds (a few seconds), else sampled.
   */
  method?: PairMethod;
  /** Number of random pairs (or, for per-feature metrics, partners per feature) when sampling. */
  samples?: number;
  /** Seeded generator; required whenever the method resolves to `'sampled'`. */
  rng?: Rng;
  /** Rows of a tile of the streamed Gram computation (default 128; a tile is `block` rows x about 1024 columns, one `matmulNT`): performance only, results agree within float rounding. */
  block?: number;
}

/**
 * Work above which `'auto'` switches to sampling: n(n - 1)/2 * d multiply-adds (2^32, a few
 * seconds of plain JS).
 *
 * @example
 * ```ts
 * (100_000 * 99_999) / 2 * 512 > AUTO_EXACT_LIMIT; // true: n = 1e5, d = 512 is sampled by default
 * ```
 */
export const AUTO_EXACT_LIMIT: number = 2 ** 32;

/** Resolve `'auto'` and check the sampling options. @internal */
export function resolveMethod(
  fn: string,
  n: number,
  d: number,
  options: PairOptions,
  defaultSamples: number,
): { method: 'exact' | 'sampled'; samples: number; rng: Rng | undefined; block: number } {
  const method = options.method ?? 'auto';
  if (method !== 'exact' && method !== 'sampled' && method !== 'auto') {
    fail(fn, 'options.method', "'exact', 'sampled' or 'auto'", method);
  }
  const block = options.block ?? 128;
  if (!Number.isInteger(block) || block < 4 || block > 4096) {
    fail(fn, 'options.block', 'an integer in [4, 4096]', block);
  }
  const pairs = (n * (n - 1)) / 2;
  const resolved =
    method === 'auto' ? (pairs * d <= AUTO_EXACT_LIMIT ? 'exact' : 'sampled') : method;
  const samples = options.samples ?? defaultSamples;
  if (resolved === 'sampled') {
    if (!Number.isInteger(samples) || samples < 1) {
      fail(fn, 'options.samples', 'an integer >= 1', samples);
    }
    if (n < 2) fail(fn, 'W', 'at least 2 features to sample pairs', n);
    const rng = options.rng;
    if (rng === undefined || typeof rng.nextInt !== 'function') {
      fail(fn, 'options.rng', "a seeded Rng (createRng(seed)) for method 'sampled'", rng, 'type');
    }
    return { method: resolved, samples, rng, block };
  }
  return { method: resolved, samples, rng: options.rng, block };
}

/** A uniform random pair i != j (ordered). @internal */
export function randomPartner(rng: Rng, n: number, i: number): number {
  const j = rng.nextInt(n - 1);
  return j >= i ? j + 1 : j;
}
