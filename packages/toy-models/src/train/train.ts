import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '@hyperposition/hypervector';
import { sampleFeatures } from '../data/sampleFeatures.js';
import { checkInteger, checkKeys, checkNumber, checkSeed, fail } from '../errors.js';
import { lossAndGrads } from '../kernels/lossAndGrads.js';
import { uploadBatch } from '../kernels/uploadBatch.js';
import { internals, type ToyModel } from '../model/createToyModel.js';
import { dataStreamsFrom } from '../model/streams.js';
import type { ToyModelSnapshot } from '../model/snapshot.js';
import {
  createOptimizerState,
  optimizerStep,
  slotNames,
  type OptimizerKind,
  type OptimizerSettings,
} from './optimizer.js';
import { checkSchedule, scheduledRate, type LrSchedule } from './schedule.js';
import { openFusedEngine, type FusedEngine, type TrainEngine } from '../fused/fusedEngine.js';
import { fusedOptimizerStep } from '../fused/fusedModel.js';
import { DENSE_KERNEL_MIN_WEIGHTS, denseLossAndGrads } from '../kernels/denseLossAndGrads.js';

/** Progress passed to `onStep`. */
export interface TrainProgress {
  /** Steps taken so far (the model's step after this update). */
  step: number;
  /** Length of the run (`options.steps`). */
  steps: number;
  /** Training loss of this step's batch, summed over instances. */
  loss: number;
  /** Training loss of this step's batch per instance, length nInstances. */
  lossPerInstance: number[];
  /** Learning rate used for this step. */
  lr: number;
  /** Copy W and b off the device as plain typed arrays (costs a device read). */
  snapshot(): ToyModelSnapshot;
  /**
   * The instances seen to diverge so far, with the step that showed it (only with
   * `divergence: 'record'`; see {@link TrainResult.diverged}).
   */
  diverged: readonly { instance: number; step: number }[];
}

/**
 * Options of {@link train}. Defaults follow the reference notebook of Elhage et al. (2022):
 * AdamW (weight decay 0.01, betas 0.9 / 0.999, eps 1e-8), lr 1e-3 constant, batch 1024 of
 * fresh samples every step, 10,000 steps.
 */
export interface TrainOptions {
  /** Length of the run, in steps: training continues from `model.step` up to this. Default 10,000. */
  steps?: number;
  /** Stop once `model.step` reaches this (to resume later); default `steps`. */
  stopAtStep?: number;
  /** Samples per step and instance; default 1024. */
  batchSize?: number;
  /** Base learning rate; default 1e-3. */
  lr?: number;
  /** Learning-rate schedule over `steps`; default constant. */
  schedule?: LrSchedule;
  /** Optimizer; default `'adamw'`. */
  optimizer?: OptimizerKind;
  /** Weight decay: decoupled for AdamW (default 0.01), L2 for Adam and SGD (default 0). */
  weightDecay?: number;
  /** Adam beta1, in [0, 1) (Adam's bias correction divides by 1 - beta1^t); default 0.9. */
  beta1?: number;
  /** Adam beta2, in [0, 1); default 0.999. */
  beta2?: number;
  /** Adam epsilon; default 1e-8. */
  eps?: number;
  /** SGD momentum; default 0. */
  momentum?: number;
  /** Drop the model's optimizer state (moments, step count t) and start a fresh one; default false. */
  resetOptimizer?: boolean;
  /** lambda of an L1 penalty lambda * sum |W| per instance (preferred basis); default 0. */
  l1W?: number;
  /** lambda of an L1 penalty on hidden activations, lambda * mean over batch of sum |h|; default 0. */
  l1Hidden?: number;
  /**
   * Seed of the data stream, applied only to a fresh model (step 0); a model that has
   * trained already, or was restored from a checkpoint, continues its own stream so that a
   * resumed run equals an uninterrupted one. Without it the model's config seed is used.
   */
  seed?: number | string;
  /** Generator for the data stream (instead of `seed`); same rule as `seed`. */
  rng?: Rng;
  /** Stop at the next step boundary once aborted; the result has `aborted: true`. */
  signal?: AbortSignal;
  /** Called every `every` steps and after the last step; awaited when it returns a promise. */
  onStep?: (progress: TrainProgress) => void | Promise<void>;
  /** Period of `onStep`; default 100. */
  every?: number;
  /** Record the loss in the history every k steps; default max(1, floor(steps / 1000)). */
  historyEvery?: number;
  /** Steps at the end of the run averaged into `finalLossPerInstance`; default min(100, steps). */
  finalWindow?: number;
  /**
   * `'tfjs'` (default): each step is a chain of tfjs ops on the current backend. `'fused'`:
   * each step is one pass over typed arrays on the host (same data, same update, equal W
   * within float tolerance), far faster where per-op overhead dominates (small models).
   * The weights are copied back to the model before every `onStep` call and at the end.
   */
  engine?: TrainEngine;
  /**
   * Fused engine in Node: at most this many threads. 2 (default) adds one worker thread where
   * the machine has two or more cores; 1 keeps all work on the calling thread. Large models
   * (nHidden · nFeatures ≥ 32,768) split the step's dense products and optimizer update;
   * small models on the fused draw-and-gradient pass split their instances. With the native
   * kernels (see `native`) a large model's products run on this many threads (up to 16)
   * inside the addon. The result is the same bit for bit either way. Ignored elsewhere (the
   * tfjs engine, browsers).
   */
  threads?: number;
  /**
   * Fused engine on large models in Node: run the step's three dense products on the native
   * kernels of `@hyperposition/hypervector` (C++ on AVX-512 or AVX2 + FMA, about 5-10 times
   * the WebAssembly products; see `nativeKernelsInfo()`) where they are built. Default true;
   * false keeps the WebAssembly products, whose results match a browser's bit for bit. The
   * two agree within float tolerance (the native products use fused multiply-adds); either
   * way the same seed gives the same result, on one thread or several.
   */
  native?: boolean;
  /**
   * What a diverged instance (a loss or weight no longer finite, e.g. from a learning rate far
   * too high) does: `'throw'` (default) stops training with a {@link TrainingDivergedError}
   * naming the step and instance; `'record'` lists it in {@link TrainResult.diverged} and goes
   * on with the others (instances train independently), as {@link trainBestOf} does with its
   * restarts. The fused engine sees it at the step it happens; the tfjs engine at the next
   * loss it reads or within 100 steps.
   */
  divergence?: 'throw' | 'record';
}

/** The plain-data part of {@link TrainOptions} with defaults filled in (what a run records). */
export interface ResolvedTrainOptions {
  steps: number;
  batchSize: number;
  lr: number;
  schedule: LrSchedule;
  optimizer: OptimizerKind;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  momentum: number;
  l1W: number;
  l1Hidden: number;
  historyEvery: number;
  finalWindow: number;
  /** The data seed option, or null when the model's own stream was used. */
  seed: number | string | null;
}

/** One history record: the step count after the update and the batch loss summed over instances. */
export interface HistoryEntry {
  step: number;
  loss: number;
}

/** What {@link train} resolves to. */
export interface TrainResult {
  /** Loss every `historyEvery` steps (and at the last step run). */
  history: HistoryEntry[];
  /** Mean batch loss per instance over the last `finalWindow` steps run (NaN if none ran). */
  finalLossPerInstance: number[];
  /** Sum of `finalLossPerInstance`. */
  finalLoss: number;
  /** The model's step count at the end. */
  step: number;
  /** Steps run by this call. */
  stepsRun: number;
  /** True when the signal stopped training before `stopAtStep`. */
  aborted: boolean;
  /**
   * The instances that diverged (a loss or weight no longer finite) and the step that showed
   * it, with `divergence: 'record'`; empty otherwise (`'throw'` stops at the first).
   */
  diverged: { instance: number; step: number }[];
  /** The options used, defaults filled in. */
  options: ResolvedTrainOptions;
}

/** Every option of {@link TrainOptions}. @internal */
export const TRAIN_KEYS: readonly string[] = [
  'steps',
  'stopAtStep',
  'batchSize',
  'lr',
  'schedule',
  'optimizer',
  'weightDecay',
  'beta1',
  'beta2',
  'eps',
  'momentum',
  'resetOptimizer',
  'l1W',
  'l1Hidden',
  'seed',
  'rng',
  'signal',
  'onStep',
  'every',
  'historyEvery',
  'finalWindow',
  'engine',
  'threads',
  'native',
  'divergence',
];

/**
 * Fill in the defaults of {@link TrainOptions} and check them.
 *
 * @param options - the training options.
 * @returns the plain-data options a run records.
 * @throws RangeError / TypeError naming the offending option.
 * @example
 * ```ts
 * resolveTrainOptions({ steps: 500 }).optimizer; // returns 'adamw'
 * ```
 */
export function resolveTrainOptions(options: TrainOptions = {}): ResolvedTrainOptions {
  const fn = 'train';
  if (options === null || typeof options !== 'object')
    fail(fn, 'options', 'an object', options, 'type');
  checkKeys(fn, 'options', options, TRAIN_KEYS);
  const steps = checkInteger(fn, 'options.steps', options.steps ?? 10_000, 0);
  const optimizer = options.optimizer ?? 'adamw';
  if (!['adamw', 'adam', 'sgd'].includes(optimizer)) {
    fail(fn, 'options.optimizer', "'adamw', 'adam' or 'sgd'", optimizer);
  }
  // finite numbers only: an infinite learning rate or decay is no setting
  const num = (arg: string, v: number, min: number, max = Number.MAX_VALUE): number =>
    checkNumber(
      fn,
      `options.${arg}`,
      v,
      min,
      max,
      max === Number.MAX_VALUE ? `a finite number >= ${min}` : `a number in [${min}, ${max}]`,
    );
  const schedule = checkSchedule(fn, 'options.schedule', options.schedule ?? 'constant');
  // Adam's bias correction divides by 1 - beta^t: beta = 1 divides by zero (SGD reads no
  // beta, and keeps the range it always had)
  const beta = (arg: string, v: number): number =>
    optimizer === 'sgd'
      ? checkNumber(fn, `options.${arg}`, v, 0, 1)
      : checkNumber(fn, `options.${arg}`, v, 0, 1 - 2 ** -53, 'a number in [0, 1)');
  return {
    steps,
    batchSize: checkInteger(fn, 'options.batchSize', options.batchSize ?? 1024, 1),
    lr: num('lr', options.lr ?? 1e-3, 0),
    schedule,
    optimizer,
    weightDecay: num('weightDecay', options.weightDecay ?? (optimizer === 'adamw' ? 0.01 : 0), 0),
    beta1: beta('beta1', options.beta1 ?? 0.9),
    beta2: beta('beta2', options.beta2 ?? 0.999),
    eps: num('eps', options.eps ?? 1e-8, 0),
    momentum: num('momentum', options.momentum ?? 0, 0, 1),
    l1W: num('l1W', options.l1W ?? 0, 0),
    l1Hidden: num('l1Hidden', options.l1Hidden ?? 0, 0),
    historyEvery: checkInteger(
      fn,
      'options.historyEvery',
      options.historyEvery ?? Math.max(1, Math.floor(steps / 1000)),
      1,
    ),
    // (a run of 0 steps averages nothing: its window is 1 step, never reached)
    finalWindow: checkInteger(
      fn,
      'options.finalWindow',
      options.finalWindow ?? Math.max(1, Math.min(100, steps)),
      1,
    ),
    seed: options.seed == null ? null : checkSeed(fn, 'options.seed', options.seed),
  };
}

// Node's setImmediate runs after pending I/O without the 1 ms floor of setTimeout(0) (which
// cost 5-30% of a small model's wall time). Browsers have no setImmediate, and clamp nested
// setTimeout(0) to 4 ms, which would cost the fused engine a fifth of its time at one yield
// per 20 ms: they get a MessageChannel message, a macrotask without the clamp that still lets
// input (a stop button) and rendering run in between. setTimeout is the last resort.
// A fresh channel per yield (a yield every 20 ms at most), closed once used, so that no open
// port keeps a runtime's event loop alive after training.
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (cb: () => void) => unknown }).setImmediate;
    if (typeof immediate === 'function') {
      immediate(resolve);
    } else if (typeof MessageChannel === 'function') {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });

/** Steps between the tfjs engine's checks that the weights are finite (and the last step). */
const DIVERGENCE_CHECK_EVERY = 100;

/**
 * Thrown by {@link train} when training diverges: a loss or a weight is no longer finite (a
 * learning rate far too high, say). `step` is the step at which it was seen; the model holds
 * the diverged weights. {@link trainBestOf} counts such a restart as lost and keeps the others.
 *
 * @example
 * ```ts
 * const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 });
 * await train(model, { steps: 200, lr: 1e30 }); // throws TrainingDivergedError
 * ```
 */
export class TrainingDivergedError extends Error {
  /** The step at which a non-finite loss or weight was seen. */
  readonly step: number;
  /** The instance that diverged (the first one seen). */
  readonly instance: number;
  /** What showed it, e.g. `the loss is NaN` (the message without step, instance and advice). */
  readonly what: string;
  constructor(step: number, instance: number, what: string, lr: number) {
    super(
      `train: training diverged at step ${step} (instance ${instance}): ${what}; lower the learning rate (options.lr = ${lr})`,
    );
    this.name = 'TrainingDivergedError';
    this.step = step;
    this.instance = instance;
    this.what = what;
  }
}

/**
 * The instances whose W, b or Wdec hold a non-finite entry, each with the first such tensor's
 * name, in instance order.
 */
function nonFiniteInstances(model: ToyModel): [number, string][] {
  const nI = model.W.shape[0];
  const params: [string, tf.Tensor | null][] = [
    ['W', model.W],
    ['b', model.b],
    ['Wdec', model.Wdec],
  ];
  const out: [number, string][] = [];
  for (const [name, t] of params) {
    if (t === null) continue;
    const ok = tf.tidy(() => tf.all(tf.isFinite(t).reshape([nI, -1]), 1).dataSync());
    for (let i = 0; i < nI; i++)
      if (ok[i] !== 1 && !out.some(([j]) => j === i)) out.push([i, name]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Train every instance of a toy model together (Elhage et al. 2022, section 2; the
 * reference notebook's loop): each step draws a fresh batch of sparse features, computes
 * the importance-weighted squared error (mean over batch and features, summed over
 * instances, plus optional L1 penalties) and applies one optimizer update. Every step runs
 * inside `tf.tidy`, so the tensor count stays flat.
 *
 * Training runs from `model.step` to `options.steps`, so calling `train` again with the
 * same options on a model restored from a checkpoint finishes the run exactly as an
 * uninterrupted call would (same data stream, optimizer moments and schedule).
 *
 * @param model - from {@link createToyModel} or {@link restoreCheckpoint}.
 * @param options - see {@link TrainOptions}.
 * @returns the loss history and final per-instance losses.
 * @throws RangeError / TypeError on invalid options, or when the model's optimizer state is of another kind.
 * @example
 * ```ts
 * const model = createToyModel({ nInstances: 2, nFeatures: 5, nHidden: 2, sparsity: 0.9, seed: 1 });
 * const result = await train(model, { steps: 1000, lr: 1e-2, batchSize: 256 });
 * result.history.at(-1)!.step; // returns 1000
 * model.dispose();
 * ```
 */
export async function train(model: ToyModel, options: TrainOptions = {}): Promise<TrainResult> {
  const fn = 'train';
  const state = internals(model, fn);
  // Two calls at once would interleave their steps on one set of weights and optimizer
  // moments (and a second's resetOptimizer would free the first's).
  if (state.training) {
    fail(
      fn,
      'model',
      'a model that is not already training (one train call at a time per model)',
      'a model in another train call',
      'type',
    );
  }
  const opts = resolveTrainOptions(options);
  const stopAt = checkInteger(fn, 'options.stopAtStep', options.stopAtStep ?? opts.steps, 0);
  const every = checkInteger(fn, 'options.every', options.every ?? 100, 1);
  if (options.onStep !== undefined && typeof options.onStep !== 'function') {
    fail(fn, 'options.onStep', 'a function', options.onStep, 'type');
  }
  if (options.rng !== undefined && options.seed != null) {
    fail(fn, 'options.rng', 'to be omitted when options.seed is given', 'both');
  }
  if (options.engine !== undefined && options.engine !== 'tfjs' && options.engine !== 'fused') {
    fail(fn, 'options.engine', "'tfjs' or 'fused'", options.engine);
  }
  const threads = checkInteger(fn, 'options.threads', options.threads ?? 2, 1);
  const divergence = options.divergence ?? 'throw';
  if (divergence !== 'throw' && divergence !== 'record')
    fail(fn, 'options.divergence', "'throw' or 'record'", divergence);
  if (options.native !== undefined && typeof options.native !== 'boolean') {
    fail(fn, 'options.native', 'a boolean', options.native);
  }
  const settings: OptimizerSettings = {
    kind: opts.optimizer,
    beta1: opts.beta1,
    beta2: opts.beta2,
    eps: opts.eps,
    weightDecay: opts.weightDecay,
    momentum: opts.momentum,
  };
  const params: Record<string, tf.Variable> = { W: model.W, b: model.b };
  if (model.Wdec) params.Wdec = model.Wdec;
  if (state.optimizer && !options.resetOptimizer) {
    const want = slotNames(settings.kind, settings.momentum).length;
    const have = state.optimizer.slots.size / Object.keys(params).length;
    if (state.optimizer.kind !== settings.kind || want !== have) {
      fail(
        fn,
        'options.optimizer',
        `'${state.optimizer.kind}' with the same slots as the model's optimizer state`,
        settings.kind,
      );
    }
  }
  // Every check done: from here on the call changes the model, and holds it until it ends.
  state.training = true;
  try {
    if (state.step === 0 && (options.rng || options.seed != null)) {
      const root = options.rng ?? createRng(options.seed!);
      state.rngs = dataStreamsFrom(root, model.config.nInstances);
    }
    if (options.resetOptimizer && state.optimizer) {
      state.optimizer.slots.forEach((v) => v.dispose());
      state.optimizer = null;
    }
    if (!state.optimizer) state.optimizer = createOptimizerState(settings, params);
    const optimizer = state.optimizer;
    // A model disposed while the call awaits (in onStep, or from a timer while it yields) has
    // no weights left: stop before the next step or copy-back touches them.
    const checkNotDisposed = (): void => {
      if (model.disposed) {
        fail(
          fn,
          'model',
          'a model that stays undisposed until train resolves',
          `disposed at step ${state.step}`,
          'type',
        );
      }
    };
    const large = model.config.nHidden * model.config.nFeatures >= DENSE_KERNEL_MIN_WEIGHTS;
    const fused: FusedEngine | null =
      options.engine === 'fused'
        ? openFusedEngine(model, optimizer, opts.batchSize, threads, options.native ?? true)
        : null;
    // the fused engine's weights live outside the model's tensors until they are written back
    state.stale = fused !== null;

    const { config } = model;
    const pen = { l1W: opts.l1W, l1Hidden: opts.l1Hidden };
    // Large models on the fused engine: batched decoder products on WebAssembly SIMD.
    const denseKernel = fused !== null && large;
    const history: HistoryEntry[] = [];
    const nI = config.nInstances;
    const windowSum = new Float64Array(nI);
    let windowCount = 0;
    const windowStart = opts.steps - opts.finalWindow;
    let stepsRun = 0;
    let aborted = false;
    let lastYield = Date.now();
    // instances whose loss or weights stopped being finite, and the step that showed it
    const divergedAt = new Map<number, number>();
    const diverge = (instance: number, what: string, lr: number): void => {
      if (divergedAt.has(instance)) return;
      if (divergence === 'throw') {
        fused?.writeBack();
        throw new TrainingDivergedError(state.step, instance, what, lr);
      }
      divergedAt.set(instance, state.step);
    };
    while (state.step < Math.min(stopAt, opts.steps)) {
      checkNotDisposed();
      if (options.signal?.aborted) {
        aborted = true;
        break;
      }
      const t = state.step;
      const lr = scheduledRate(opts.schedule, opts.lr, t, opts.steps);
      const batch = fused
        ? fused.sample(state.rngs)
        : sampleFeatures(config, opts.batchSize, state.rngs);
      let fusedLoss: Float64Array | null = null;
      if (fused && denseKernel) {
        denseLossAndGrads(fused.state, batch, pen);
        fusedOptimizerStep(settings, lr, fused.state);
        fusedLoss = fused.state.loss;
      } else if (fused) {
        fusedLoss = fused.step(batch, lr, settings, pen);
      }
      const lossTensor = fused
        ? null
        : tf.tidy(() => {
            const tensors = uploadBatch(config.model, batch, state.importance, config.sparseInput);
            const { loss, grads } = lossAndGrads(
              config.model,
              { W: model.W, b: model.b, Wdec: model.Wdec },
              tensors,
              pen,
              true,
            );
            const g: Record<string, tf.Tensor> = { W: grads!.W, b: grads!.b };
            if (grads!.Wdec) g.Wdec = grads!.Wdec;
            optimizerStep(settings, lr, optimizer, params, g);
            return loss;
          });
      state.step = t + 1;
      stepsRun++;
      const isLast = state.step === opts.steps || state.step === stopAt;
      const wantHistory = state.step % opts.historyEvery === 0 || isLast;
      const wantCallback = options.onStep !== undefined && (state.step % every === 0 || isLast);
      const inWindow = t >= windowStart;
      // a fused step's loss is at hand every step: a diverged instance is seen at once
      if (fusedLoss !== null) {
        for (let i = 0; i < nI; i++)
          if (!Number.isFinite(fusedLoss[i])) diverge(i, `the loss is ${fusedLoss[i]}`, lr);
      }
      // the tfjs engine's weights, every DIVERGENCE_CHECK_EVERY steps and at the end: its loss
      // can stay finite over NaN weights (a ReLU that maps NaN to 0)
      if (fused === null && (state.step % DIVERGENCE_CHECK_EVERY === 0 || isLast)) {
        for (const [i, name] of nonFiniteInstances(model)) {
          if (!divergedAt.has(i)) {
            if (divergence === 'throw') lossTensor?.dispose();
            diverge(i, `${name} is no longer finite`, lr);
          }
        }
      }
      if (wantHistory || wantCallback || inWindow) {
        const perInstance = fusedLoss ? Array.from(fusedLoss) : Array.from(lossTensor!.dataSync());
        lossTensor?.dispose();
        if (fusedLoss === null) {
          for (let i = 0; i < nI; i++)
            if (!Number.isFinite(perInstance[i])) diverge(i, `the loss is ${perInstance[i]}`, lr);
        }
        const loss = perInstance.reduce((a, v) => a + v, 0);
        if (inWindow) {
          for (let i = 0; i < nI; i++) windowSum[i] += perInstance[i];
          windowCount++;
        }
        if (wantHistory) history.push({ step: state.step, loss });
        if (wantCallback) {
          fused?.writeBack();
          state.stale = false;
          await options.onStep!({
            step: state.step,
            steps: opts.steps,
            loss,
            lossPerInstance: perInstance,
            lr,
            snapshot: () => model.snapshot(),
            diverged: [...divergedAt]
              .map(([instance, step]) => ({ instance, step }))
              .sort((a, b) => a.instance - b.instance),
          });
          state.stale = fused !== null;
          // No reset of lastYield here: a synchronous onStep (a page redrawing its figures)
          // does not yield, and with fast steps resetting would starve the event loop.
        }
      } else {
        lossTensor?.dispose();
      }
      if (Date.now() - lastYield > 20) {
        // Let timers, abort events and rendering run at least every 20 ms; a step (and a
        // synchronous onStep) never yields on its own on wasm, cpu or the fused engine.
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
    checkNotDisposed();
    fused?.writeBack();
    const finalLossPerInstance = Array.from(windowSum, (s) =>
      windowCount > 0 ? s / windowCount : NaN,
    );
    return {
      history,
      finalLossPerInstance,
      finalLoss: finalLossPerInstance.reduce((a, v) => a + v, 0),
      step: state.step,
      stepsRun,
      aborted,
      diverged: [...divergedAt]
        .map(([instance, step]) => ({ instance, step }))
        .sort((a, b) => a.instance - b.instance),
      options: opts,
    };
  } finally {
    state.training = false;
    state.stale = false;
  }
}
