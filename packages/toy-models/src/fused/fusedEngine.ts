import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from '@hyperposition/hypervector';
import type { FeatureBatch, FeatureRngs } from '../data/sampleFeatures.js';
import type { ToyModel } from '../model/createToyModel.js';
import { DENSE_KERNEL_MIN_WEIGHTS } from '../kernels/denseLossAndGrads.js';
import { hostFloat32, shareFor } from '../kernels/team.js';
import type { OptimizerSettings, OptimizerState } from '../train/optimizer.js';
import {
  createFusedModel,
  fusedLossAndGrads,
  fusedOptimizerStep,
  type FusedModel,
  type FusedPenalties,
} from './fusedModel.js';
import { createFusedSampler } from './fusedSampleStep.js';
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
  /**
   * Draw the next batch (the batches of `sampleFeatures`, sparse layout only). Where the
   * fused draw-and-gradient pass applies, the batch is drawn lazily: the streams advance when
   * `step` consumes it, or at once if any of its arrays is read first.
   */
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
  threads = 1,
  native = false,
): FusedEngine {
  // Large models on two threads keep their arrays on shared memory (where available), so
  // that the team's worker reads and updates them in place.
  // With the native kernels every large-model step runs in the addon (its own threads), so
  // ordinary arrays do.
  const { nHidden: m0, nFeatures: n0 } = model.config;
  const kernels = native ? nativeKernels() : null;
  const shared = kernels === null && m0 * n0 >= DENSE_KERNEL_MIN_WEIGHTS && shareFor(threads);
  const alloc = (length: number): Float32Array => hostFloat32(length, shared);
  const copy = (v: tf.Variable): Float32Array => {
    const data = v.dataSync() as Float32Array;
    const out = alloc(data.length);
    out.set(data);
    return out;
  };
  const slots = new Map<string, Float32Array>();
  for (const [name, v] of optimizer.slots) slots.set(name, copy(v));
  const state = createFusedModel(
    model.config,
    { W: copy(model.W), b: copy(model.b), Wdec: model.Wdec ? copy(model.Wdec) : null },
    slots,
    optimizer.t,
    alloc,
    threads,
    kernels,
  );
  const sampler = createSparseSampler(model.config, batchSize);
  const fusedSampler = createFusedSampler(model.config, batchSize, threads);
  // The batch of the last sample(), drawn only when it is read: where the fused sampler
  // applies, step() draws the rows and consumes them in one pass instead.
  let pending: FeatureRngs[] | null = null;
  let drawn: FeatureBatch | null = null;
  const draw = (): FeatureBatch => {
    if (pending) {
      drawn = sampler.sample(pending);
      pending = null;
    }
    if (!drawn) throw new Error('fused engine: this batch was already consumed by step()');
    return drawn;
  };
  const { nInstances, nFeatures } = model.config;
  const deferred: FeatureBatch = {
    nInstances,
    batchSize,
    nFeatures,
    get offsets() {
      return draw().offsets;
    },
    get indices() {
      return draw().indices;
    },
    get values() {
      return draw().values;
    },
    get dense() {
      return draw().dense;
    },
  };
  return {
    state,
    sample(rngs) {
      if (!fusedSampler) return sampler.sample(rngs);
      if (pending) draw();
      pending = rngs;
      drawn = null;
      return deferred;
    },
    step(batch, lr, settings, pen) {
      if (batch === deferred && pending) {
        const rngs = pending;
        if (fusedSampler!.run(state, rngs, pen)) {
          pending = null;
        } else {
          fusedLossAndGrads(state, draw(), pen);
        }
      } else {
        fusedLossAndGrads(state, batch === deferred ? draw() : batch, pen);
      }
      fusedOptimizerStep(settings, lr, state);
      return state.loss;
    },
    writeBack() {
      // tfjs may keep the array it is given: hand it copies of shared ones (so a later
      // dataSync() result is never shared memory).
      const own = (x: Float32Array): Float32Array => (shared ? x.slice() : x);
      tf.tidy(() => {
        model.W.assign(tf.tensor(own(state.W), model.W.shape) as tf.Tensor3D);
        model.b.assign(tf.tensor(own(state.b), model.b.shape) as tf.Tensor2D);
        if (model.Wdec && state.Wdec) {
          model.Wdec.assign(tf.tensor(own(state.Wdec), model.Wdec.shape) as tf.Tensor3D);
        }
        for (const [name, v] of optimizer.slots) {
          v.assign(tf.tensor(own(slots.get(name)!), v.shape));
        }
      });
      optimizer.t = state.t;
    },
  };
}
