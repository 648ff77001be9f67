import type { Rng } from '@hyperposition/hypervector';
import { fail, optionKeys, type OptionKeys } from '../errors.js';
import { defaultBlock, resolveKernel, type TileKernel } from '../kernels/forEachBlock.js';

/** How a statistic over all pairs is computed. */
export type PairMethod = 'exact' | 'sampled' | 'auto';

/** Options shared by every metric that looks at pairs of features. */
export interface PairOptions {
  /**
   * `'exact'`: every pair, streamed in blocks (O(n^2 d) time, O(nd + block^2) memory);
   * `'sampled'`: random pairs drawn with `rng`, with a stated error bar;
   * `'auto'` (default): exact when n(n - 1)/2 * d <= 2^34 multiply-adds ({@link AUTO_EXACT_LIMIT}:
   * under a second), else sampled.
   */
  method?: PairMethod;
  /** Number of random pairs (or, for per-feature metrics, partners per feature) when sampling. */
  samples?: number;
  /** Seeded generator; required whenever the method resolves to `'sampled'`. */
  rng?: Rng;
  /**
   * Rows of a tile of the streamed Gram computation (default 128 on WebAssembly, a tile of
   * `block` rows x about 1024 columns; 480 on the native kernels, x about 2048 columns):
   * performance only, results agree within float rounding.
   */
  block?: number;
  /**
   * Compute the exact pass's tiles with the native `matmulNT` of `@hyperposition/hypervector`
   * (`nativeKernels()`: Node on x86-64 with AVX-512 or AVX2, several times faster) when it is
   * available (default `true`); `false` forces the WebAssembly `matmulNT` everywhere (the
   * browser's path, bit for bit). Setting `HYPERPOSITION_NATIVE=0` before the first call turns
   * the native kernels off for the whole process. The choice is made once per call, so every
   * tile of a pass, on any worker, uses the same kernel; the two kernels agree within the
   * stated float tolerance (each cosine within (d/4 + 4) 2^-24 of the exact one on either).
   */
  native?: boolean;
}

/** The keys of {@link PairOptions}, checked against it at compile time. @internal */
export const PAIR_OPTION_KEYS: OptionKeys<PairOptions> = optionKeys<PairOptions>()(
  'method',
  'samples',
  'rng',
  'block',
  'native',
);

/**
 * Work above which `'auto'` switches to sampling: n(n - 1)/2 * d multiply-adds (2^34). The
 * exact pass runs on blocked SIMD kernels; at this size (n = 8,192, d = 512) it took 0.31 s
 * natively and 0.75 s on WebAssembly on a 2-core machine, as long as the sampled
 * `absCosDistribution` (10^6 pairs, 0.76 s) and less than the sampled `featureMetrics`
 * (256 partners per feature, 1.35 s), so below it exact costs no more than sampling.
 *
 * @example
 * ```ts
 * (100_000 * 99_999) / 2 * 512 > AUTO_EXACT_LIMIT; // returns true (n = 1e5, d = 512 is sampled by default)
 * ```
 */
export const AUTO_EXACT_LIMIT: number = 2 ** 34;

/** Resolve `'auto'`, check the sampling options, pick the tile kernel of an exact pass (sampled: 'wasm', unused). @internal */
export function resolveMethod(
  fn: string,
  n: number,
  d: number,
  options: PairOptions,
  defaultSamples: number,
): {
  method: 'exact' | 'sampled';
  samples: number;
  rng: Rng | undefined;
  block: number;
  kernel: TileKernel;
} {
  const method = options.method ?? 'auto';
  if (method !== 'exact' && method !== 'sampled' && method !== 'auto') {
    fail(fn, 'options.method', "'exact', 'sampled' or 'auto'", method);
  }
  const available = resolveKernel(fn, options.native);
  const block = options.block ?? defaultBlock(available);
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
      // Under 'auto' the caller did not ask for sampling: say why it samples and how not to.
      const why =
        method === 'auto'
          ? `: 'auto' samples above 2^34 multiply-adds (n = ${n}, d = ${d}: ${pairs * d}), ` +
            "or pass method: 'exact'"
          : " for method 'sampled'";
      fail(fn, 'options.rng', `a seeded Rng (createRng(seed))${why}`, rng, 'type');
    }
    return { method: resolved, samples, rng, block, kernel: 'wasm' };
  }
  return { method: resolved, samples, rng: options.rng, block, kernel: available };
}

/** A uniform random pair i != j (ordered). @internal */
export function randomPartner(rng: Rng, n: number, i: number): number {
  const j = rng.nextInt(n - 1);
  return j >= i ? j + 1 : j;
}
