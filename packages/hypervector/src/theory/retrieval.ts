import { checkInteger, checkKeys, fail } from '../errors.js';
import type { ModelName } from '../types.js';
import { normalCdf, normalPdf } from './normal.js';

/** Options of {@link expectedRetrievalAccuracy}. */
export interface RetrievalOptions {
  /** Dimension d. */
  dim: number;
  /** Number of key-value pairs K superposed in the record. */
  bundleSize: number;
  /** Number of items N in the clean-up memory (the true value among them). */
  items: number;
  /** The model (default `'MAP-I'`); it sets the effective dimension. */
  model?: ModelName;
}

/** Options of {@link capacity}. */
export interface CapacityOptions {
  /** Dimension d. */
  dim: number;
  /** Number of items N in the clean-up memory. */
  items: number;
  /** Required probability of a correct read-out, in (0, 1). */
  accuracy: number;
  /** The model (default `'MAP-I'`). */
  model?: ModelName;
}

/**
 * Effective dimension of a model in the capacity formula (Frady, Kleyko and Sommer 2018;
 * Kleyko et al. 2022): the signal-to-noise ratio of a read-out is sqrt(d_eff / K).
 * - MAP-I, MAP-C and HRR (unnormalised sums, Gaussian-like cross-talk): d. MAP-C's default
 *   clipped record saturates partly, so its accuracy falls between the d and 2d/pi predictions;
 *   d describes the `normalize: 'none'` record;
 * - MAP-B and BSC (the sign/majority of the sum keeps a fraction 2/pi of the signal power): 2d/pi;
 * - FHRR (each complex component carries two real dimensions): 2d.
 * SBC is not covered (its cross-talk is not Gaussian) and throws.
 * @internal
 */
export function effectiveDimension(fn: string, model: ModelName, d: number): number {
  switch (model) {
    case 'MAP-I':
    case 'MAP-C':
    case 'HRR':
      return d;
    case 'MAP-B':
    case 'BSC':
      return (2 * d) / Math.PI;
    case 'FHRR':
      return 2 * d;
    default:
      return fail(
        fn,
        'options.model',
        'one of MAP-B, MAP-I, MAP-C, BSC, HRR, FHRR (SBC is not Gaussian)',
        model,
      );
  }
}

/** Composite Simpson's rule on [-12, 12] with 4800 panels: h = 0.005, error far below 1e-10. */
function integrate(shift: number, others: number): number {
  const a = -12;
  const b = 12;
  const panels = 4800;
  const h = (b - a) / panels;
  let sum = 0;
  for (let i = 0; i <= panels; i++) {
    const x = a + i * h;
    // Phi^(N-1) = exp((N-1) log(1 - Q)) with Q = 1 - Phi = Phi(-x) computed directly, so a
    // tiny upper tail keeps its relative accuracy.
    const upper = normalCdf(-(x + shift));
    const f = normalPdf(x) * Math.exp(others * Math.log1p(-upper));
    sum += f * (i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return (sum * h) / 3;
}

/**
 * Probability that a key-value record of K pairs, unbound with one key and cleaned up by
 * arg-max similarity against N items, returns the right value (Frady, Kleyko and Sommer 2018,
 * "A theory of sequence indexing and working memory in recurrent neural networks", Neural
 * Computation 30(6)):
 *
 *   p(d, K, N) = integral phi(h) Phi(h + sqrt(d_eff / K))^(N - 1) dh
 *
 * with phi, Phi the standard normal density and distribution and d_eff the model's effective
 * dimension (MAP-I, HRR, unnormalised MAP-C: d; MAP-B, BSC: 2d/pi; FHRR: 2d). Computed by composite Simpson
 * quadrature on [-12, 12] (step 0.005) with a normal CDF accurate to about 1e-12.
 *
 * Caveats (the formula is unchanged; measured with records of random keys and values, each
 * read-out one trial, createRng(2024), 8000-20000 read-outs, standard error about 0.005):
 * - FHRR's d_eff = 2d holds for raw sums (`normalize: 'none'`). The default FHRR bundle keeps
 *   only each sum's phase, which behaves closer to d_eff = pi d / 2: at K = 24, N = 64,
 *   d = 128 the default measures 0.704 and `'none'` 0.815 against 0.802 predicted (0.696 with
 *   d_eff = pi d / 2).
 * - The formula counts K noise terms, but the true item's score carries only K - 1 (its own
 *   term is the signal), so it is pessimistic at small K: MAP-I, K = 1, d = 16, N = 64 reads
 *   out exactly (1.000 measured) against 0.934 predicted.
 * - HRR unbinding by correlation adds noise of its own that the formula ignores: at K = 4,
 *   d = 48, N = 1024 HRR measures 0.502 and MAP-I 0.673 against 0.583 predicted for both.
 *
 * @param options - `{ dim, bundleSize, items, model }`; model defaults to `'MAP-I'`.
 * @returns the expected accuracy in [0, 1] (1/N is chance).
 * @example
 * ```ts
 * expectedRetrievalAccuracy({ dim: 1000, bundleSize: 30, items: 1000 }); // about 0.99
 * ```
 */
export function expectedRetrievalAccuracy(options: RetrievalOptions): number {
  const fn = 'expectedRetrievalAccuracy';
  if (typeof options !== 'object' || options === null)
    fail(fn, 'options', '{ dim, bundleSize, items }', options, 'type');
  checkKeys(fn, 'options', options, ['dim', 'bundleSize', 'items', 'model']);
  const d = checkInteger(fn, 'options.dim', options.dim, 1);
  const K = checkInteger(fn, 'options.bundleSize', options.bundleSize, 1);
  const N = checkInteger(fn, 'options.items', options.items, 1);
  const dEff = effectiveDimension(fn, options.model ?? 'MAP-I', d);
  if (N === 1) return 1;
  return Math.min(1, Math.max(0, integrate(Math.sqrt(dEff / K), N - 1)));
}

/**
 * Capacity: the largest number of key-value pairs K whose read-out meets `accuracy` by
 * {@link expectedRetrievalAccuracy} (Frady, Kleyko and Sommer 2018). The accuracy falls with
 * K, so an exponential then binary search finds it. At N = 1000 and 99%, MAP-I holds about
 * 30 pairs at d = 1000 and about 300 at d = 10,000. The caveats of
 * {@link expectedRetrievalAccuracy} carry over: for the default (phase-normalised) FHRR
 * bundle the FHRR capacity is optimistic (d_eff nearer pi d / 2 than 2d), it is pessimistic at
 * small K, and optimistic for HRR at small d.
 *
 * @param options - `{ dim, items, accuracy, model }`; model defaults to `'MAP-I'`.
 * @returns the largest K (0 when even one pair misses the target; Infinity when every K meets
 *   it: one item, or an accuracy at or below chance, 1/N).
 * @example
 * ```ts
 * capacity({ dim: 10_000, items: 1000, accuracy: 0.99 }); // returns 304
 * capacity({ dim: 100, items: 2, accuracy: 0.4 }); // returns Infinity (chance is 0.5)
 * ```
 */
export function capacity(options: CapacityOptions): number {
  const fn = 'capacity';
  if (typeof options !== 'object' || options === null)
    fail(fn, 'options', '{ dim, items, accuracy }', options, 'type');
  checkKeys(fn, 'options', options, ['dim', 'items', 'accuracy', 'model']);
  const d = checkInteger(fn, 'options.dim', options.dim, 1);
  const N = checkInteger(fn, 'options.items', options.items, 1);
  const acc = options.accuracy;
  if (typeof acc !== 'number' || !(acc > 0 && acc < 1))
    fail(
      fn,
      'options.accuracy',
      'a number in (0, 1)',
      acc,
      typeof acc === 'number' ? 'range' : 'type',
    );
  const model = options.model ?? 'MAP-I';
  effectiveDimension(fn, model, d);
  const ok = (K: number): boolean =>
    expectedRetrievalAccuracy({ dim: d, bundleSize: K, items: N, model }) >= acc;
  // one item is always read out, and an accuracy at or below chance (1/N, the limit as K
  // grows) is met by any number of pairs: no finite capacity
  if (N === 1 || acc <= 1 / N) return Infinity;
  if (!ok(1)) return 0;
  let lo = 1;
  let hi = 2;
  while (ok(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return lo;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
