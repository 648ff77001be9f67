import * as tf from '@tensorflow/tfjs';
import type { FeatureRngs } from '../data/sampleFeatures.js';
import type { OptimizerState } from '../train/optimizer.js';
import { fail } from '../errors.js';
import { resolveConfig, type ResolvedToyModelConfig, type ToyModelConfig } from './config.js';
import { initWeights } from './initWeights.js';
import { instanceStreams } from './streams.js';
import type { ToyModelSnapshot } from './snapshot.js';

/**
 * A handle on nInstances toy models held on the current tfjs backend. Dispose it when done.
 *
 * Shapes: `W` (encoder) and `Wdec` (decoder, only when untied) are
 * [nInstances, nHidden, nFeatures], so instance i's W is row-major [nHidden, nFeatures] and
 * column j is feature j's direction; `b` is [nInstances, nFeatures].
 */
export interface ToyModel {
  /** The configuration with every default filled in. */
  readonly config: ResolvedToyModelConfig;
  /** Encoder weights, [nInstances, nHidden, nFeatures]. */
  readonly W: tf.Variable<tf.Rank.R3>;
  /** Output bias, [nInstances, nFeatures]. */
  readonly b: tf.Variable<tf.Rank.R2>;
  /** Decoder weights when untied (x' uses Wdec^T h), else null. */
  readonly Wdec: tf.Variable<tf.Rank.R3> | null;
  /** Number of optimizer steps taken so far. */
  readonly step: number;
  /** True once {@link ToyModel.dispose} has run. */
  readonly disposed: boolean;
  /** Copy the weights off the device as plain typed arrays. */
  snapshot(): ToyModelSnapshot;
  /** Free every tensor the model and its optimizer hold. Idempotent. */
  dispose(): void;
}

/**
 * The mutable training state behind a {@link ToyModel}: step, data streams and optimizer.
 * @internal
 */
export interface ToyModelInternals {
  step: number;
  /** One pair of data streams per instance. */
  rngs: FeatureRngs[];
  optimizer: OptimizerState | null;
  importance: tf.Tensor3D;
  /** True while a `train` call runs on the model (one at a time). */
  training: boolean;
  /**
   * True while a fused-engine `train` call holds newer weights than the model's tensors (all
   * of the call but its `onStep` callbacks): a snapshot or checkpoint then would mix the old
   * weights with the new step and optimizer state.
   */
  stale: boolean;
}

const internalsOf = new WeakMap<ToyModel, ToyModelInternals>();

/** @internal */
export function internals(model: ToyModel, fn: string): ToyModelInternals {
  const state = internalsOf.get(model);
  if (!state) fail(fn, 'model', 'a model from createToyModel', model, 'type');
  if (model.disposed) fail(fn, 'model', 'a model that is not disposed', 'a disposed model', 'type');
  return state;
}

class ToyModelHandle implements ToyModel {
  readonly config: ResolvedToyModelConfig;
  readonly W: tf.Variable<tf.Rank.R3>;
  readonly b: tf.Variable<tf.Rank.R2>;
  readonly Wdec: tf.Variable<tf.Rank.R3> | null;
  disposed = false;

  constructor(
    config: ResolvedToyModelConfig,
    W: Float32Array,
    b: Float32Array,
    Wdec: Float32Array | null,
  ) {
    const { nInstances: I, nHidden: m, nFeatures: n } = config;
    this.config = config;
    // Inside tidy, so the initial-value tensors are freed once the variables hold the data.
    this.W = tf.tidy(() => tf.variable(tf.tensor3d(W, [I, m, n]), true));
    this.b = tf.tidy(() => tf.variable(tf.tensor2d(b, [I, n]), true));
    this.Wdec = Wdec ? tf.tidy(() => tf.variable(tf.tensor3d(Wdec, [I, m, n]), true)) : null;
  }

  get step(): number {
    return internalsOf.get(this)?.step ?? 0;
  }

  snapshot(): ToyModelSnapshot {
    const { nInstances, nHidden, nFeatures } = this.config;
    if (this.disposed)
      fail(
        'ToyModel.snapshot',
        'model',
        'a model that is not disposed',
        'a disposed model',
        'type',
      );
    if (internalsOf.get(this)?.stale)
      fail(
        'ToyModel.snapshot',
        'model',
        'a model between steps (inside onStep, or once train resolves: until then a fused train call holds newer weights than its tensors)',
        'a model inside a fused train call',
        'type',
      );
    return {
      step: this.step,
      nInstances,
      nHidden,
      nFeatures,
      W: Float32Array.from(this.W.dataSync()),
      b: Float32Array.from(this.b.dataSync()),
      Wdec: this.Wdec ? Float32Array.from(this.Wdec.dataSync()) : null,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    const state = internalsOf.get(this);
    this.W.dispose();
    this.b.dispose();
    this.Wdec?.dispose();
    if (state) {
      state.importance.dispose();
      state.optimizer?.slots.forEach((v) => v.dispose());
      state.optimizer = null;
    }
    this.disposed = true;
  }
}

/**
 * Build a model from weights and state, for restoring checkpoints and runs.
 * @internal
 */
export function buildModel(
  config: ResolvedToyModelConfig,
  weights: { W: Float32Array; b: Float32Array; Wdec: Float32Array | null },
  rngs: FeatureRngs[],
  step: number,
): ToyModel {
  const model = new ToyModelHandle(config, weights.W, weights.b, weights.Wdec);
  const { nInstances: I, nFeatures: n } = config;
  const imp = new Float32Array(I * n);
  config.importance.forEach((row, i) => imp.set(row, i * n));
  internalsOf.set(model, {
    step,
    rngs,
    optimizer: null,
    importance: tf.tensor3d(imp, [I, 1, n]),
    training: false,
    stale: false,
  });
  return model;
}

/**
 * Create nInstances toy models of superposition (Elhage et al. 2022, section 2) on the
 * current tfjs backend, initialised from the config's seed.
 *
 * The seed drives both the weight init and the model's own data stream, so two models made
 * from the same config train identically. Choose the backend first (see {@link useBackend}).
 *
 * @param config - the model configuration; only nFeatures and nHidden are required.
 * @returns a {@link ToyModel} handle; call `dispose()` when done.
 * @throws RangeError / TypeError naming the invalid config field.
 * @example
 * ```ts
 * const model = createToyModel({ nInstances: 4, nFeatures: 5, nHidden: 2, sparsity: 0.9,
 *   importance: { kind: 'geometric', ratio: 0.9 }, seed: 1 });
 * model.W.shape; // returns [4, 2, 5]
 * model.dispose();
 * ```
 */
export function createToyModel(config: ToyModelConfig): ToyModel {
  const resolved = resolveConfig(config);
  const streams = instanceStreams(resolved);
  const { W, Wdec } = initWeights(
    resolved,
    streams.map((s) => s.init),
  );
  const b = new Float32Array(resolved.nInstances * resolved.nFeatures);
  return buildModel(
    resolved,
    { W, b, Wdec },
    streams.map((s) => s.data),
    0,
  );
}
