import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  HistoryEntry,
  ResolvedTrainOptions,
  ToyModel,
  ToyModelCheckpoint,
  ToyModelConfig,
  TrainOptions,
  TrainResult,
} from '@hyperposition/toy-models';
import { numberFlag, stringFlag, UsageError, type Flag } from '../args.js';
import { useBackend, type BackendName } from '../backend.js';
import { loadCliCheckpoint, saveCliCheckpoint, type CliTrainState } from '../checkpointFile.js';
import { defineCommand, type Command } from '../command.js';
import type { CliIO } from '../context.js';
import { InterruptedError } from '../interrupt.js';
import { checkOutDir, openStaging } from '../output.js';
import { writeInvocation, writeMetrics, writeRunFigures } from '../runOutputs.js';
import type { FigureFormats } from '../runFigures.js';
import {
  backendFlag,
  figuresFlag,
  fmt,
  forceFlag,
  jsonFlag,
  printSummary,
  progressFor,
  quietFlag,
} from './common.js';
import {
  importanceDecayFlag,
  engineFlag,
  modelFlag,
  resolveEngine,
  resolveSparsity,
  resumeFlag,
  seedFlag,
  sparsityListFlag,
  trainingFlags,
  type ModelTrainingOptions,
  type ModelVariant,
} from './trainFlags.js';

/**
 * Options of `hyperposition train`, one field per flag (`importanceDecay` is
 * `--importance-decay`).
 */
export interface TrainCommandOptions extends ModelTrainingOptions {
  /** `--features`: n; default 5. */
  features: number;
  /** `--hidden`: m (m >= n is allowed); default 2. */
  hidden: number;
  /** `--instances`: K; must equal the number of `--sparsity` values when both are given. */
  instances: number | undefined;
  /** `--sparsity`: S per instance, each in [0, 1). */
  sparsity: number[] | undefined;
  /** `--importance-decay`: I_i = R^i; default 0.9. */
  importanceDecay: number;
  /** `--seed`: default 0. */
  seed: number;
  /** `--checkpoint-every`: steps between checkpoints; default 1000. */
  checkpointEvery: number;
  /** `--resume`: continue the interrupted run in `--out`. */
  resume: boolean;
  /** `--force`: replace an earlier output in `--out` (a folder with a cli.json). */
  force: boolean;
  /** `--out`: the run directory; default `runs/train`. */
  out: string;
  /** `--figures`: figure files to write; default `svg,png`. */
  figures: FigureFormats;
  /** `--json`: machine-readable summary. */
  json: boolean;
  /** `--quiet`: no progress. */
  quiet: boolean;
}

const flags: { [K in keyof TrainCommandOptions]: Flag<TrainCommandOptions[K]> } = {
  features: numberFlag({
    integer: true,
    min: 1,
    max: 1_000_000,
    default: 5,
    description: 'n, number of features',
  }),
  hidden: numberFlag({
    integer: true,
    min: 1,
    max: 1_000_000,
    default: 2,
    placeholder: 'M',
    description: 'm, hidden dimensions (m >= n allowed)',
  }),
  instances: numberFlag({
    integer: true,
    min: 1,
    max: 100_000,
    default: undefined,
    placeholder: 'K',
    description: 'models trained together; must match the --sparsity count when both are given',
  }),
  sparsity: sparsityListFlag,
  importanceDecay: importanceDecayFlag,
  model: modelFlag,
  ...trainingFlags,
  seed: seedFlag,
  backend: backendFlag,
  engine: engineFlag,
  checkpointEvery: numberFlag({
    integer: true,
    min: 1,
    default: 1000,
    description: 'steps between checkpoints (for --resume)',
  }),
  resume: resumeFlag,
  force: forceFlag,
  out: stringFlag({
    placeholder: 'DIR',
    default: 'runs/train',
    description:
      'run directory (written atomically: a staging folder beside it is renamed at the end)',
  }),
  figures: figuresFlag,
  json: jsonFlag,
  quiet: quietFlag,
};

/** The toy-model config a set of train options describes. @internal */
export function modelConfigOf(o: {
  model: ModelVariant;
  features: number;
  hidden: number;
  sparsity: number[];
  importanceDecay: number;
  seed: number;
  instanceSeeds?: number[];
}): ToyModelConfig {
  return {
    model: o.model,
    nInstances: o.sparsity.length,
    nFeatures: o.features,
    nHidden: o.hidden,
    sparsity: o.sparsity,
    importance:
      o.importanceDecay === 1
        ? { kind: 'constant' }
        : { kind: 'geometric', ratio: o.importanceDecay },
    seed: o.seed,
    ...(o.instanceSeeds ? { instanceSeeds: o.instanceSeeds } : {}),
  };
}

/** The trainer's options a set of CLI options describes. @internal */
export function trainOptionsOf(o: ModelTrainingOptions): TrainOptions {
  return {
    steps: o.steps,
    batchSize: o.batch,
    lr: o.lr,
    optimizer: o.optimizer,
    ...(o.weightDecay !== undefined ? { weightDecay: o.weightDecay } : {}),
    beta1: o.beta1,
    beta2: o.beta2,
    eps: o.eps,
    momentum: o.momentum,
    l1W: o.l1On === 'weights' ? o.l1 : 0,
    l1Hidden: o.l1On === 'hidden' ? o.l1 : 0,
  };
}

/** The first key path where two plain-data values differ, or null. @internal */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (
    typeof a !== typeof b ||
    Array.isArray(a) !== Array.isArray(b) ||
    (a === null) !== (b === null)
  )
    return path || '(root)';
  if (a !== null && typeof a === 'object') {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    for (const k of new Set([...ka, ...kb])) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
      );
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : path || '(root)';
}

const CHECKPOINT = 'checkpoint.json';

/** The flag behind each field of a model config or resolved training options. */
const FLAG_OF: Record<string, string> = {
  model: '--model',
  nInstances: '--sparsity (its number of values)',
  nFeatures: '--features',
  nHidden: '--hidden',
  sparsity: '--sparsity',
  featureProbability: '--sparsity',
  importance: '--importance-decay',
  seed: '--seed',
  instanceSeeds: '--seed',
  steps: '--steps',
  historyEvery: '--steps',
  finalWindow: '--steps',
  batchSize: '--batch',
  lr: '--lr',
  schedule: '--lr',
  optimizer: '--optimizer',
  weightDecay: '--weight-decay',
  beta1: '--beta1',
  beta2: '--beta2',
  eps: '--eps',
  momentum: '--momentum',
  l1W: '--l1 or --l1-on',
  l1Hidden: '--l1 or --l1-on',
};

/**
 * Where a resumed run's settings differ from the interrupted run's, in flags: `--steps 3100
 * where the interrupted run had 4000` (values shown where they are numbers or strings), or
 * null where they agree.
 * @internal
 */
export function flagDifference(before: unknown, now: unknown): string | null {
  const path = firstDifference(before, now);
  if (path === null) return null;
  const key = path.split('.')[0];
  const flag = FLAG_OF[key] ?? key;
  const at = (v: unknown): unknown =>
    v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  const a = at(before);
  const b = at(now);
  const plain = (v: unknown): boolean => typeof v === 'number' || typeof v === 'string';
  return plain(a) && plain(b)
    ? `${flag} ${String(b)} where the interrupted run had ${String(a)}`
    : `a different ${flag}`;
}

/** The toy-models checkpoint inside a CLI checkpoint file, or null where it cannot be read. */
function peekCheckpoint(
  toy: typeof import('@hyperposition/toy-models'),
  path: string,
): ToyModelCheckpoint | null {
  try {
    const obj = JSON.parse(readFileSync(path, 'utf8')) as { checkpoint?: unknown };
    return toy.parseCheckpoint(JSON.stringify(obj.checkpoint));
  } catch {
    return null;
  }
}

/** What `hyperposition train` prints with `--json`. */
export interface TrainSummary {
  /** Always `'train'`. */
  command: 'train';
  /** Absolute run directory. */
  out: string;
  /** Steps trained. */
  steps: number;
  /** Final loss summed over instances. */
  loss: number;
  /** Per instance: S, final loss, represented features, dimensions per feature. */
  instances: {
    sparsity: number;
    loss: number;
    represented: number;
    dimensionsPerFeature: number | null;
  }[];
  /** Files written, relative to `out`. */
  files: string[];
  /** Whether the run was resumed from a checkpoint. */
  resumed: boolean;
}

async function runTrain(o: TrainCommandOptions, io: CliIO): Promise<number> {
  const cmd = 'train';
  const sparsity = resolveSparsity(cmd, o.sparsity, o.instances);
  if (o.resume && o.force)
    throw new UsageError(cmd, '--force', 'to be left out with --resume', '--force');
  const weights = sparsity.length * o.features * o.hidden;
  if (weights > 2e8) {
    throw new UsageError(
      cmd,
      '--features',
      'instances x features x hidden <= 2e8 weights',
      `${sparsity.length} x ${o.features} x ${o.hidden}`,
    );
  }
  const target = checkOutDir(cmd, '--out', o.out, io.cwd, o.resume ? 'resume' : 'fresh', o.force);
  const toy = await import('@hyperposition/toy-models');
  const config = configOrUsage(cmd, () => toy.resolveConfig(modelConfigOf({ ...o, sparsity })));
  const trainOpts = trainOptionsOf(o);
  const resolvedTrain: ResolvedTrainOptions = toy.resolveTrainOptions(trainOpts);
  let engine = resolveEngine(o.engine, o.features, o.hidden);

  // Nothing exists on disk before this point.
  await useBackend(o.backend as BackendName);
  let model: ToyModel;
  let state: CliTrainState;
  const ckptPath = join(target.staging, CHECKPOINT);
  if (o.resume) {
    if (!existsSync(ckptPath)) {
      // the staging folder of an interrupted sweep holds its saved cells, not a checkpoint
      if (existsSync(join(target.staging, 'progress')))
        throw new UsageError(
          cmd,
          '--resume',
          `an interrupted train run at ${JSON.stringify(o.out)}`,
          `an interrupted sweep (continue it with hyperposition sweep or phase-diagram --resume and its flags)`,
        );
      throw new UsageError(
        cmd,
        '--resume',
        `a checkpoint in the interrupted run ${JSON.stringify(o.out)}`,
        'none (it stopped before its first checkpoint; start again with --force)',
      );
    }
    // The flags first: a checkpoint of a run with other flags would otherwise be refused as
    // damaged (its history is not the length these flags make), which invites deleting it.
    const peek = peekCheckpoint(toy, ckptPath);
    const early =
      peek === null
        ? null
        : (flagDifference(peek.config, config) ??
          (peek.train ? flagDifference(peek.train, resolvedTrain) : null));
    if (early !== null)
      throw new UsageError(cmd, '--resume', 'the same flags as the interrupted run', early);
    let loaded: ReturnType<typeof loadCliCheckpoint>;
    try {
      loaded = loadCliCheckpoint(ckptPath, {
        steps: resolvedTrain.steps,
        historyEvery: resolvedTrain.historyEvery,
        finalWindow: resolvedTrain.finalWindow,
        nInstances: config.nInstances,
        optimizer: resolvedTrain.optimizer,
      });
    } catch (error) {
      // Left in place: it may still be read by hand, or by a later version.
      throw new UsageError(
        cmd,
        '--resume',
        `a whole checkpoint in the interrupted run ${JSON.stringify(o.out)}`,
        `${CHECKPOINT}: ${(error as Error).message}`,
      );
    }
    const diff =
      flagDifference(loaded.ckpt.config, config) ??
      flagDifference(loaded.ckpt.train, resolvedTrain);
    if (diff !== null)
      throw new UsageError(cmd, '--resume', 'the same flags as the interrupted run', diff);
    // `--engine auto` goes on with the engine the run trained on (a checkpoint written before
    // the flag existed trained on tfjs, whatever the model's size); an explicit one must match.
    if (o.engine === 'auto') engine = loaded.state.engine;
    if (loaded.state.engine !== engine) {
      throw new UsageError(
        cmd,
        '--resume',
        'the same flags as the interrupted run',
        `--engine ${engine} where it trained on ${loaded.state.engine}`,
      );
    }
    try {
      model = toy.restoreCheckpoint(loaded.ckpt);
    } catch (error) {
      throw new UsageError(
        cmd,
        '--resume',
        `a whole checkpoint in the interrupted run ${JSON.stringify(o.out)}`,
        `${CHECKPOINT}: ${(error as Error).message.replace(/^restoreCheckpoint: ckpt\./, 'checkpoint.')}`,
      );
    }
    state = loaded.state;
  } else {
    model = toy.createToyModel(config);
    state = {
      history: [],
      windowSums: new Array<number>(config.nInstances).fill(0),
      windowCount: 0,
      engine,
    };
  }
  const staging = openStaging(target, o.resume, cmd);
  // The interrupted run's folder holds its checkpoint: a failure after resuming (before a new
  // checkpoint, say) must leave it there to resume again. A fresh run's folder is kept from
  // its first checkpoint on.
  let keepStaging = o.resume;
  const startStep = model.step;
  try {
    const steps = resolvedTrain.steps;
    const windowStart = steps - resolvedTrain.finalWindow;
    const progress = progressFor(io, cmd, steps, 'steps', o.quiet);
    let lastCheckpoint = startStep;
    let lastTurn = Date.now();
    const save = (): void => {
      const ckpt = toy.checkpoint(model, { train: resolvedTrain, history: state.history });
      // never a checkpoint of diverged weights (--resume would refuse it); the trainer checks
      // the tfjs engine's weights only every 100 steps
      const w = ckpt.weights;
      if (![w.W, w.b, w.Wdec ?? w.b].every((a) => a.every(Number.isFinite)))
        throw new Error(
          `training diverged by step ${model.step}: the weights are no longer finite; lower --lr (${o.lr})`,
        );
      saveCliCheckpoint(ckptPath, ckpt, state);
      lastCheckpoint = model.step;
      keepStaging = true;
    };
    // every = 1: the CLI keeps the history and the final-window sums itself, so that a
    // checkpoint taken anywhere (also inside the final window) resumes to the same result.
    const result = await trainOrExplain(toy, model, o.lr, {
      ...trainOpts,
      engine,
      signal: io.signal,
      every: 1,
      onStep: (p) => {
        if (p.step % resolvedTrain.historyEvery === 0 || p.step === steps)
          state.history.push({ step: p.step, loss: p.loss });
        if (p.step > windowStart) {
          p.lossPerInstance.forEach((l, i) => (state.windowSums[i] += l));
          state.windowCount++;
        }
        progress.update(p.step, `loss ${fmt(p.loss)}`);
        if (p.step % o.checkpointEvery === 0 && p.step < steps) save();
        // The trainer awaits this callback every step, which starves the event loop; give it
        // a turn now and then so that Ctrl-C (SIGINT) and timers get through.
        const t = Date.now();
        if (t - lastTurn < 50) return undefined;
        lastTurn = t;
        return new Promise<void>((resolve) => setImmediate(resolve));
      },
    });
    if (result.aborted) {
      if (model.step > lastCheckpoint) save();
      throw new InterruptedError(cmd, o.out);
    }
    const finalLossPerInstance = state.windowSums.map((s) =>
      state.windowCount > 0 ? s / state.windowCount : NaN,
    );
    const history: HistoryEntry[] = state.history;
    progress.finish(`loss ${fmt(finalLossPerInstance.reduce((a, v) => a + v, 0))}`);
    const run = toy.createRun(model, {
      ...result,
      history,
      finalLossPerInstance,
      finalLoss: finalLossPerInstance.reduce((a, v) => a + v, 0),
    });
    const { saveRun } = await import('@hyperposition/toy-models/node');
    await saveRun(staging.dir, run);
    const metrics = writeMetrics(staging.dir, run);
    writeInvocation(staging.dir, cmd, {
      backend: o.backend,
      engine,
      checkpointEvery: o.checkpointEvery,
      resumedFromStep: o.resume ? startStep : null,
    });
    const figures = await writeRunFigures(staging.dir, run, metrics, o.figures);
    // published (the lock released first), then the checkpoint removed from the output: a
    // failure to publish keeps it for --resume
    staging.commit();
    keepStaging = false;
    rmSync(join(target.dir, CHECKPOINT), { force: true });
    const summary: TrainSummary = {
      command: cmd,
      out: target.dir,
      steps,
      loss: run.instances.reduce((a, inst) => a + inst.loss, 0),
      instances: run.instances.map((inst, i) => ({
        sparsity: inst.sparsity,
        loss: inst.loss,
        represented: metrics.instances[i].represented.count,
        dimensionsPerFeature: metrics.instances[i].dimensionsPerFeature,
      })),
      files: ['run.json', 'metrics.json', 'cli.json', ...figures],
      resumed: o.resume,
    };
    const c = config;
    printSummary(io, o.json, summary as unknown as Record<string, unknown>, [
      `trained ${c.model} n=${c.nFeatures} m=${c.nHidden}, ${c.nInstances} instance(s), ${steps} steps, seed ${o.seed}${o.resume ? ` (resumed at step ${startStep})` : ''}`,
      ...summary.instances.map(
        (s, i) =>
          `  instance ${i}: S=${fmt(s.sparsity, 3)} loss ${fmt(s.loss)} represented ${s.represented}/${c.nFeatures} dims/feature ${s.dimensionsPerFeature === null ? '-' : fmt(s.dimensionsPerFeature, 3)}`,
      ),
      `wrote ${target.shown}/ (run.json, metrics.json, ${figures.length} figure files)`,
    ]);
    return 0;
  } catch (error) {
    if (!keepStaging && !(error instanceof InterruptedError)) staging.discard();
    throw error;
  } finally {
    staging.release();
    model.dispose();
  }
}

/**
 * `hyperposition train`: train K toy models of superposition at once (Elhage et al. 2022,
 * section 2), one per sparsity, and write `run.json`, `metrics.json` and the figures.
 * @internal
 */
export const trainCommand: Command = defineCommand(
  {
    name: 'train',
    brief: 'train toy models, one instance per sparsity',
    summary:
      'Train toy models of superposition (Elhage et al. 2022), one instance per sparsity, all at once. Writes DIR/run.json (config, history, weights), DIR/metrics.json and DIR/figures/*.svg|png. Progress goes to stderr, a summary to stdout.',
    flags,
    examples: [
      'hyperposition train --features 5 --hidden 2 --sparsity 0,0.7,0.9 --steps 10000 --seed 0 --out runs/intro',
      'hyperposition train --features 20 --hidden 5 --instances 10 --importance-decay 0.7 --out runs/n20',
      'hyperposition train --resume --out runs/intro --features 5 --hidden 2 --sparsity 0,0.7,0.9   # after Ctrl-C',
    ],
    notes: [
      'Sparsity S is the probability that a feature is ZERO; the density is p = 1 - S. Ctrl-C stops at the next step and keeps a checkpoint in DIR/../.NAME.partial; --resume with the same flags finishes with the same result as an uninterrupted run.',
    ],
  },
  async ({ values }, io) => runTrain(values, io),
);

/**
 * The trainer's run, with a diverged run (a loss or weight no longer finite) told in the
 * command's terms: the step, the instance and `--lr`.
 */
async function trainOrExplain(
  toy: typeof import('@hyperposition/toy-models'),
  model: ToyModel,
  lr: number,
  options: TrainOptions,
): Promise<TrainResult> {
  try {
    return await toy.train(model, options);
  } catch (error) {
    if (error instanceof toy.TrainingDivergedError)
      throw new Error(
        `training diverged at step ${error.step} (instance ${error.instance}): ${error.what}; lower --lr (${lr})`,
        { cause: error },
      );
    throw error;
  }
}

/**
 * A model config the toy-models library accepts, or a usage error (exit code 2) naming the
 * flag behind the field it refused: the flags' own checks cannot see every combination (an
 * `--importance-decay` whose powers overflow at `--features`, a model too large to hold).
 * @internal
 */
export function configOrUsage<T>(cmd: string, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    const detail = error.message.replace(/^\w+: /, '');
    const arg = /^(\S+) expected/.exec(detail)?.[1] ?? '';
    const flag = /importance/.test(arg)
      ? '--importance-decay'
      : arg === 'config'
        ? '--features, --hidden and --sparsity'
        : (FLAG_OF[arg.replace(/^config\./, '').split(/[.[]/)[0]] ?? arg);
    throw UsageError.fromDetail(cmd, flag, `${flag} (${arg}) ${detail.slice(arg.length + 1)}`);
  }
}
