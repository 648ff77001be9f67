import { checkInteger, checkKeys, fail } from '../errors.js';
import type { ModelName } from '../types.js';
import { majorityAgreement } from './majority.js';

/** Options of {@link expectedBundleSimilarity}. */
export interface BundleSimilarityOptions {
  /** The model, bundled with its default normalisation. */
  model: ModelName;
  /** Number of bundled random atoms K. */
  bundleSize: number;
}

/**
 * Expected similarity between one member and the bundle of K independent random atoms, for
 * large d, with each model's default normalisation (Kleyko et al. 2022; Kanerva 1996):
 * - MAP-I (integer sum), HRR (sum): 1/sqrt(K);
 * - MAP-C (sum clipped to [-1, 1]; for large K the clip saturates like a sign):
 *   sqrt(2 / (pi K)), and 1 for K = 1;
 * - MAP-B (sign of the sum): 2p - 1 with p = {@link majorityAgreement}(K);
 * - BSC (majority): p;
 * - FHRR (angle of the phasor sum): sqrt(pi / (4K)) for large K, 1 for K = 1.
 * SBC has no closed form here (per-segment arg-max of a multinomial vote) and throws.
 *
 * @param options - `{ model, bundleSize }`.
 * @returns the expected similarity.
 * @example
 * ```ts
 * expectedBundleSimilarity({ model: 'MAP-I', bundleSize: 4 }); // returns 0.5
 * ```
 */
export function expectedBundleSimilarity(options: BundleSimilarityOptions): number {
  const fn = 'expectedBundleSimilarity';
  if (typeof options !== 'object' || options === null)
    fail(fn, 'options', '{ model, bundleSize }', options, 'type');
  checkKeys(fn, 'options', options, ['model', 'bundleSize']);
  const K = checkInteger(fn, 'options.bundleSize', options.bundleSize, 1);
  switch (options.model) {
    case 'MAP-I':
    case 'HRR':
      return 1 / Math.sqrt(K);
    case 'MAP-C':
      return K === 1 ? 1 : Math.sqrt(2 / (Math.PI * K));
    case 'MAP-B':
      return 2 * majorityAgreement(K) - 1;
    case 'BSC':
      return majorityAgreement(K);
    case 'FHRR':
      return K === 1 ? 1 : Math.sqrt(Math.PI / (4 * K));
    default:
      return fail(
        fn,
        'options.model',
        'one of MAP-B, MAP-I, MAP-C, BSC, HRR, FHRR (SBC has no closed form)',
        options.model,
      );
  }
}
