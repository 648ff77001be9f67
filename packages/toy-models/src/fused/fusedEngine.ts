import * as tf from '@tensorflow/tfjs';
import type { FeatureBatch, FeatureRngs } from '../data/sampleFeatures.js';
import type { ToyModel } from '../model/createToyModel.js';
import type { OptimizerSettings, OptimizerState } from '../train/optimizer.js';
import {
  createFusedModel,
  fusedLossAndGrads,
  fusedOptimizerStep,
  type FusedModel,
  type FusedPenalties,
} from './fusedModel.js';
import { createSparseSampler } from './sampleSparse.js';

/**
 * Which implementation runs a training step: `'tfjs'` (a chain of tfjs ops on the current
 * backend) or `'fused'` (one pass over typed arrays on the host: forward, hand-written
 * gradient and optimizer update together, with no per-op dispatch).
 */
export type TrainEngine = 'tfjs' | 'fused';

/**
 * A model's parameters and optimizer state copied to the host for the fused engine, with
 * the means to copy them back.
 * @internal
 */
export interface FusedEngine {
  readonly state: FusedModel;
  /** Draw the next batch (the batches of `sampleFeatures`, sparse layout only). */
  sample(rngs: FeatureRngs[]): FeatureBatch;
  /** One training step; returns the per-instance loss (a view, overwritten next step). */
  step(
    batch: FeatureBatch,
    lr: number,
    settings: OptimizerSettings,
    pen: FusedPenalties,
  ): Float64Array;
  /** Copy parameters, slots and the step count t back to the model's variables. */
  writeBack(): void;
}

/**
 * Copy a model's weights and optimizer slots off the device into a {@link FusedEngine}.
 * @internal
 */
export function openFusedEngine(
  model: ToyModel,
  optimizer: OptimizerState,
  batchSize: number,
): FusedEngine {
  const copy = (v: tf.Variable): Float32Array => Float32Array.from(v.dataSync() as Float32Array);
  const slots = new Map<string, Float32Array>();
  for (const [name, v] of optimizer.slots) slots.set(name, copy(v));
  const state = createFusedModel(
    model.config,
    { W: copy(model.W), b: copy(model.b), Wdec: model.Wdec ? copy(model.Wdec) : null },
    slots,
    optimizer.t,
  );
  const sampler = createSparseSampler(model.config, batchSize);
  return {
    state,
    sample: (rngs) => sampler.sample(rngs),
    step(batch, lr, settings, pen) {
      fusedLossAndGrads(state, batch, pen);
      fusedOptimizerStep(settings, lr, state);
      return state.loss;
    },
    writeBack() {
      tf.tidy(() => {
        model.W.assign(tf.tensor(state.W, model.W.shape) as tf.Tensor3D);
        model.b.assign(tf.tensor(state.b, model.b.shape) as tf.Tensor2D);
        if (model.Wdec && state.Wdec) {
          model.Wdec.assign(tf.tensor(state.Wdec, model.Wdec.shape) as tf.Tensor3D);
        }
        for (const [name, v] of optimizer.slots) {
          v.assign(tf.tensor(slots.get(name)!, v.shape));
        }
      });
      optimizer.t = state.t;
    },
  };
}
