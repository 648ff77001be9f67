import { checkInteger, checkKeys, checkSeed, fail } from '../errors.js';
import { createToyModel } from '../model/createToyModel.js';
import {
  resolveConfig,
  type ResolvedToyModelConfig,
  type ToyModelConfig,
} from '../model/config.js';
import { initStd } from '../model/initWeights.js';
import { stableStringify } from '../sweep/stableHash.js';
import {
  checkpoint,
  CHECKPOINT_FORMAT,
  restoreCheckpoint,
  type ToyModelCheckpoint,
} from './checkpoint.js';
import { evaluateLoss } from './evaluateLoss.js';
import {
  resolveTrainOptions,
  train,
  TRAIN_KEYS,
  TrainingDivergedError,
  type TrainOptions,
  type TrainProgress,
  type TrainResult,
} from './train.js';

/**
 * Repeat every instance of a config `restarts` times (instance i becomes instances
 * i * restarts ... i * restarts + restarts - 1), each with its own initial weights.
 *
 * The init std is frozen at the original config's value: with the notebook's xavier quirk
 * the std would otherwise shrink as the instance count grows. Per-instance seeds s become
 * `${s}/restart${k}`.
 *
 * @param config - the config to replicate.
 * @param restarts - copies per instance (>= 1).
 * @returns a resolved config with nInstances * restarts instances.
 * @example
 * ```ts
 * replicateConfig({ nFeatures: 5, nHidden: 2, sparsity: [0, 0.9], nInstances: 2 }, 3).nInstances; // returns 6
 * ```
 */
export function replicateConfig(
  config: ToyModelConfig | ResolvedToyModelConfig,
  restarts: number,
): ResolvedToyModelConfig {
  checkInteger('replicateConfig', 'restarts', restarts, 1);
  const c = resolveConfig(config);
  const rep = <T>(a: T[]): T[] => a.flatMap((v) => Array.from({ length: restarts }, () => v));
  return {
    ...c,
    nInstances: c.nInstances * restarts,
    featureProbability: rep(c.featureProbability),
    sparsity: rep(c.sparsity),
    importance: rep(c.importance).map((r) => r.slice()),
    init: { kind: 'normal', std: initStd(c) },
    instanceSeeds: c.instanceSeeds
      ? c.instanceSeeds.flatMap((s) =>
          Array.from({ length: restarts }, (_, k) => `${s}/restart${k}`),
        )
      : null,
  };
}

/** The options of {@link trainBestOf} beyond the training options. */
const BEST_OF_KEYS = [
  'restarts',
  'evalBatchSize',
  'evalSeed',
  'checkpointEvery',
  'onCheckpoint',
  'resumeFrom',
] as const;

/** Options of {@link trainBestOf}: training options plus the restart count and evaluation. */
export interface BestOfOptions extends TrainOptions {
  /** Number of independently initialised copies of each instance; default 5. */
  restarts?: number;
  /** Samples per instance for the final comparison; default 4096. */
  evalBatchSize?: number;
  /** Seed of the evaluation data; default 0. */
  evalSeed?: number | string;
  /**
   * Steps between the checkpoints handed to {@link BestOfOptions.onCheckpoint} (given
   * together); default none. The trainer's `onStep` then runs every gcd(`every`,
   * `checkpointEvery`) steps, and an `onStep` of the options still sees its own period.
   */
  checkpointEvery?: number;
  /**
   * Called, and awaited, with a checkpoint of the replicated model (every restart an
   * instance; its `train` the resolved training options) every `checkpointEvery` steps before
   * the last, and once more where the training stops early (aborted, or `stopAtStep`). None is
   * taken once a restart has diverged (its weights could not be restored): a resume goes on
   * from the last one before, and diverges again where the first run did.
   */
  onCheckpoint?: (ckpt: ToyModelCheckpoint) => void | Promise<void>;
  /**
   * A checkpoint from {@link BestOfOptions.onCheckpoint} of a call with the same config and
   * options: the training goes on from it, to the `best` of an uninterrupted call, bit for bit
   * (the result's `train` covers the steps run in this call only: its history and final loss
   * are not the whole run's). Its config and training options (the resolved ones: steps, lr,
   * optimizer, ...) are checked, and `resetOptimizer` is refused with it; the engine, the tfjs
   * backend and `native` are not recorded in a checkpoint and are the caller's to keep (resumed
   * on another, the result matches neither).
   */
  resumeFrom?: ToyModelCheckpoint;
}

/** The winning restart of one instance. W, Wdec: row-major [nHidden, nFeatures]; b: nFeatures. */
export interface BestInstance {
  /** Index of the instance in the original config. */
  instance: number;
  /** Index of the winning restart. */
  restart: number;
  /** Its evaluation loss. */
  loss: number;
  /** Evaluation losses of every restart, length restarts (NaN for a restart that diverged). */
  losses: number[];
  /**
   * True when every restart of this instance diverged (only with `divergence: 'record'`;
   * otherwise that is an error): `loss` is then NaN and W, b are the first restart's.
   */
  diverged: boolean;
  W: Float32Array;
  Wdec: Float32Array | null;
  b: Float32Array;
}

/** What {@link trainBestOf} resolves to. */
export interface BestOfResult {
  /** One entry per instance of the original config. */
  best: BestInstance[];
  /** The training result of the replicated model. */
  train: TrainResult;
  /** The replicated config that was trained. */
  config: ResolvedToyModelConfig;
}

/**
 * Train several restarts of every instance at once and keep the lowest loss, as the paper
 * did ("getting clean results required fitting each model multiple times"; Elhage et al.
 * 2022, section 3). At n = 5, m = 2, S = 0.9 only about half the seeds reach the pentagon.
 *
 * Restarts are extra instances of one model, trained together; the winner is chosen on a
 * shared evaluation batch ({@link evaluateLoss}), not on noisy training batches.
 *
 * @param config - the model config (every instance is restarted).
 * @param options - training options (all of {@link TrainOptions}, `engine` included: `'fused'`
 *   trains the restarts on typed arrays, far faster for a model this small), `restarts`, and
 *   evaluation settings. `divergence`: by default a restart that diverges is set aside and the
 *   others kept, and an instance whose restarts all diverged is a {@link TrainingDivergedError};
 *   `'record'` returns that instance marked `diverged` (NaN loss) instead, as `runSweep` does;
 *   `'throw'` stops at the first restart that diverges.
 * @returns the best restart of each instance, as plain typed arrays (the model is disposed).
 * @example
 * ```ts
 * const { best } = await trainBestOf(
 *   { nFeatures: 5, nHidden: 2, sparsity: 0.9, importance: { kind: 'geometric', ratio: 0.9 }, seed: 1 },
 *   { restarts: 4, steps: 3000, lr: 1e-2, optimizer: 'adam', engine: 'fused' },
 * );
 * best[0].W.length; // returns 10
 * ```
 */
export async function trainBestOf(
  config: ToyModelConfig,
  options: BestOfOptions = {},
): Promise<BestOfResult> {
  if (options === null || typeof options !== 'object')
    fail('trainBestOf', 'options', 'an object', options, 'type');
  checkKeys('trainBestOf', 'options', options, [...TRAIN_KEYS, ...BEST_OF_KEYS]);
  const restarts = checkInteger('trainBestOf', 'options.restarts', options.restarts ?? 5, 1);
  // the evaluation's settings are checked before the training they would otherwise follow
  const evalBatchSize = checkInteger(
    'trainBestOf',
    'options.evalBatchSize',
    options.evalBatchSize ?? 4096,
    1,
  );
  const evalSeed = checkSeed('trainBestOf', 'options.evalSeed', options.evalSeed ?? 0);
  const ckEvery =
    options.checkpointEvery === undefined
      ? undefined
      : checkInteger('trainBestOf', 'options.checkpointEvery', options.checkpointEvery, 1);
  const onCheckpoint = options.onCheckpoint;
  if (onCheckpoint !== undefined && typeof onCheckpoint !== 'function')
    fail('trainBestOf', 'options.onCheckpoint', 'a function', onCheckpoint, 'type');
  if ((ckEvery === undefined) !== (onCheckpoint === undefined))
    fail(
      'trainBestOf',
      ckEvery === undefined ? 'options.checkpointEvery' : 'options.onCheckpoint',
      'given together with ' +
        (ckEvery === undefined ? 'options.onCheckpoint' : 'options.checkpointEvery'),
      undefined,
    );
  const base = resolveConfig(config);
  const rep = replicateConfig(base, restarts);
  // The training options alone go on to train, which knows no others. A restart that
  // diverges is set aside and the others go on (train records it); an instance with no
  // restart left is an error, or with divergence: 'record' a result marked diverged.
  const mode = options.divergence;
  const trainOptions: TrainOptions = {
    ...options,
    divergence: mode === 'throw' ? 'throw' : 'record',
  };
  for (const k of BEST_OF_KEYS) delete (trainOptions as Record<string, unknown>)[k];
  const resolvedTrain = resolveTrainOptions(trainOptions);
  const resume = options.resumeFrom;
  if (options.onStep !== undefined && typeof options.onStep !== 'function')
    fail('trainBestOf', 'options.onStep', 'a function', options.onStep, 'type');
  if (resume !== undefined && options.resetOptimizer === true)
    fail(
      'trainBestOf',
      'options.resetOptimizer',
      'false or left out with options.resumeFrom (it would drop the saved optimizer state)',
      true,
    );
  if (resume !== undefined) {
    if (resume === null || typeof resume !== 'object' || resume.format !== CHECKPOINT_FORMAT)
      fail('trainBestOf', 'options.resumeFrom', 'a checkpoint from onCheckpoint', resume, 'type');
    if (stableStringify(resolveConfig(resume.config)) !== stableStringify(rep))
      fail(
        'trainBestOf',
        'options.resumeFrom.config',
        `the config replicated ${restarts} times (${base.nInstances} instance(s) x ${restarts} restarts)`,
        'a checkpoint of another config',
      );
    if (
      resume.train === undefined ||
      stableStringify(resume.train) !== stableStringify(resolvedTrain)
    ) {
      const key = Object.keys(resolvedTrain).find(
        (k) =>
          stableStringify((resume.train as Record<string, unknown> | undefined)?.[k]) !==
          stableStringify((resolvedTrain as unknown as Record<string, unknown>)[k]),
      );
      fail(
        'trainBestOf',
        `options.resumeFrom.train${key ? `.${key}` : ''}`,
        key
          ? `${stableStringify((resolvedTrain as unknown as Record<string, unknown>)[key])} (this call's)`
          : "this call's training options",
        key ? (resume.train as Record<string, unknown> | undefined)?.[key] : resume.train,
      );
    }
    if (resume.step > resolvedTrain.steps)
      fail(
        'trainBestOf',
        'options.resumeFrom.step',
        `at most options.steps (${resolvedTrain.steps})`,
        resume.step,
      );
  }
  const model = resume !== undefined ? restoreCheckpoint(resume) : createToyModel(rep);
  // checkpoints from the trainer's onStep, the caller's onStep kept at its own period
  let lastSaved = model.step;
  const save = async (diverged: boolean): Promise<void> => {
    if (diverged || model.step === lastSaved) return;
    // (checkpoint copies the config and these options: the callback may keep or change them)
    const ckpt = checkpoint(model, { train: resolvedTrain });
    const finite = (a: Float32Array | null): boolean => a === null || a.every(Number.isFinite);
    if (
      !finite(ckpt.weights.W) ||
      !finite(ckpt.weights.b) ||
      !finite(ckpt.weights.Wdec) ||
      !Object.values(ckpt.optimizer?.slots ?? {}).every(finite)
    )
      return;
    lastSaved = model.step;
    await onCheckpoint!(ckpt);
  };
  if (ckEvery !== undefined) {
    const userOnStep = options.onStep;
    const userEvery = checkInteger('trainBestOf', 'options.every', options.every ?? 100, 1);
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    trainOptions.every = userOnStep ? gcd(userEvery, ckEvery) : ckEvery;
    trainOptions.onStep = async (p: TrainProgress): Promise<void> => {
      const last = p.step === p.steps || p.step === options.stopAtStep;
      if (userOnStep && (p.step % userEvery === 0 || last)) await userOnStep(p);
      if (p.step % ckEvery === 0 && p.step < p.steps) await save(p.diverged.length > 0);
    };
  }
  try {
    let result: TrainResult;
    try {
      result = await train(model, trainOptions);
      // stopped before the end (an abort, or stopAtStep): a checkpoint where it stopped
      if (ckEvery !== undefined && model.step < resolvedTrain.steps)
        await save(result.diverged.length > 0);
    } catch (error) {
      // the replicated model's instance j is restart j mod restarts of instance j / restarts
      if (error instanceof TrainingDivergedError) {
        throw new TrainingDivergedError(
          error.step,
          Math.floor(error.instance / restarts),
          `restart ${error.instance % restarts}: ${error.what}`,
          resolveTrainOptions(trainOptions).lr,
        );
      }
      throw error;
    }
    const lost = new Map(result.diverged.map((d) => [d.instance, d.step]));
    const losses = evaluateLoss(model, { batchSize: evalBatchSize, seed: evalSeed });
    const snap = model.snapshot();
    const { nHidden: m, nFeatures: n } = base;
    const best: BestInstance[] = [];
    for (let i = 0; i < base.nInstances; i++) {
      // a diverged restart has no loss (its weights are not finite), and is never the best
      const mine = Array.from(losses.slice(i * restarts, (i + 1) * restarts), (l, k) =>
        lost.has(i * restarts + k) ? NaN : l,
      );
      const rank = (l: number): number => (Number.isNaN(l) ? Infinity : l);
      let r = 0;
      for (let k = 1; k < restarts; k++) if (rank(mine[k]) < rank(mine[r])) r = k;
      const diverged = lost.has(i * restarts + r);
      if (diverged && mode !== 'record') {
        const steps = mine.map((_, k) => lost.get(i * restarts + k) ?? Infinity);
        throw new TrainingDivergedError(
          Math.min(...steps),
          i,
          `all ${restarts} restarts diverged`,
          result.options.lr,
        );
      }
      const j = i * restarts + r;
      best.push({
        instance: i,
        restart: r,
        loss: mine[r],
        losses: mine,
        diverged,
        W: snap.W.slice(j * m * n, (j + 1) * m * n),
        Wdec: snap.Wdec ? snap.Wdec.slice(j * m * n, (j + 1) * m * n) : null,
        b: snap.b.slice(j * n, (j + 1) * n),
      });
    }
    return { best, train: result, config: rep };
  } finally {
    model.dispose();
  }
}
