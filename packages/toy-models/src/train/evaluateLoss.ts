import * as tf from '@tensorflow/tfjs';
import { createRng } from '@hyperposition/hypervector';
import { sampleFeatures, type FeatureRngs } from '../data/sampleFeatures.js';
import { checkInteger } from '../errors.js';
import { lossAndGrads } from '../kernels/lossAndGrads.js';
import { uploadBatch } from '../kernels/uploadBatch.js';
import { internals, type ToyModel } from '../model/createToyModel.js';

/** Options of {@link evaluateLoss}. */
export interface EvaluateLossOptions {
  /** Samples per instance; default 4096. */
  batchSize?: number;
  /** Seed of the evaluation data; default 0. */
  seed?: number | string;
}

/**
 * The reconstruction loss of every instance on fresh data, without penalties (importance-
 * weighted squared error, mean over samples and features: Elhage et al. 2022, section 2).
 *
 * Each instance draws its data from its own generator seeded with `seed`, so instances with
 * the same feature probability are scored on identical samples: that makes the comparison
 * between restarts in best-of-N selection fair. The model's training streams are untouched.
 *
 * @param model - a live model.
 * @param options - batch size and seed.
 * @returns one loss per instance, length nInstances.
 * @example
 * ```ts
 * const model = createToyModel({ nInstances: 3, nFeatures: 5, nHidden: 2, seed: 1 });
 * evaluateLoss(model, { batchSize: 1024, seed: 7 }).length; // returns 3
 * ```
 */
export function evaluateLoss(model: ToyModel, options: EvaluateLossOptions = {}): number[] {
  const fn = 'evaluateLoss';
  const state = internals(model, fn);
  const total = checkInteger(fn, 'options.batchSize', options.batchSize ?? 4096, 1);
  const { config } = model;
  const { nInstances: I, nFeatures: n } = config;
  const rngs: FeatureRngs[] = Array.from({ length: I }, () => {
    const root = createRng(options.seed ?? 0);
    return { mask: root.fork(), value: root.fork() };
  });
  // Keep each chunk's dense batch under about 4M floats.
  const chunk = Math.max(1, Math.min(total, Math.floor(4_000_000 / (I * n))));
  const sums = new Float64Array(I);
  for (let done = 0; done < total; done += chunk) {
    const B = Math.min(chunk, total - done);
    const batch = sampleFeatures(config, B, rngs);
    const loss = tf.tidy(() => {
      const t = uploadBatch(config.model, batch, state.importance, config.sparseInput);
      const params = { W: model.W, b: model.b, Wdec: model.Wdec };
      return lossAndGrads(config.model, params, t, { l1W: 0, l1Hidden: 0 }, false).loss;
    });
    const values = loss.dataSync();
    loss.dispose();
    for (let i = 0; i < I; i++) sums[i] += values[i] * B;
  }
  return Array.from(sums, (s) => s / total);
}
