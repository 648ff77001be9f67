import type { SweepParam, SweepSpec } from '@hyperposition/toy-models';
import {
  numberFlag,
  shardFlag,
  stringFlag,
  UsageError,
  type Flag,
  type ShardSpec,
} from '../args.js';
import { defineCommand, type Command } from '../command.js';
import type { CliIO } from '../context.js';
import type { FigureFormats } from '../runFigures.js';
import {
  backendFlag,
  evalBatchFlag,
  figuresFlag,
  forceFlag,
  sweepResumeFlag,
  sweepCheckpointEveryFlag,
  jsonFlag,
  quietFlag,
  restartsFlag,
} from './common.js';
import { executeSweep } from './sweepRunner.js';
import { modelConfigOf, trainOptionsOf } from './train.js';
import {
  engineFlag,
  importanceDecayFlag,
  modelFlag,
  seedFlag,
  trainingFlags,
  type ModelTrainingOptions,
} from './trainFlags.js';

/** A swept parameter as the CLI names it. */
export type SweepAxisName =
  | 'sparsity'
  | 'density'
  | 'extra-importance'
  | 'importance-decay'
  | 'lr'
  | 'weight-decay'
  | 'l1-hidden'
  | 'l1-weights';

/** One axis of a sweep grid: `--x sparsity=0,0.5,0.9`. */
export interface SweepAxisOption {
  /** The parameter, as named on the command line. */
  name: SweepAxisName;
  /** The trainer's name for it. */
  param: SweepParam;
  /** Its values, in grid order. */
  values: number[];
}

const AXES: Record<
  SweepAxisName,
  { param: SweepParam; check: (x: number) => boolean; range: string }
> = {
  sparsity: { param: 'sparsity', check: (x) => x >= 0 && x < 1, range: 'in [0, 1)' },
  density: { param: 'featureProbability', check: (x) => x > 0 && x <= 1, range: 'in (0, 1]' },
  'extra-importance': { param: 'extraImportance', check: (x) => x > 0, range: '> 0' },
  'importance-decay': { param: 'importanceRatio', check: (x) => x > 0, range: '> 0' },
  lr: { param: 'lr', check: (x) => x > 0, range: '> 0' },
  'weight-decay': { param: 'weightDecay', check: (x) => x >= 0, range: '>= 0' },
  'l1-hidden': { param: 'l1Hidden', check: (x) => x >= 0, range: '>= 0' },
  'l1-weights': { param: 'l1W', check: (x) => x >= 0, range: '>= 0' },
};

/**
 * The `--x`/`--y` flag: `PARAM=LIST` with PARAM one of {@link SweepAxisName}.
 * @internal
 */
export function axisFlag(description: string): Flag<SweepAxisOption | undefined> {
  const names = Object.keys(AXES).join('|');
  return {
    type: 'string',
    placeholder: 'PARAM=LIST',
    description,
    parse(raw, command, flag) {
      if (raw === undefined) return undefined;
      const text = String(raw);
      const m = /^([a-z0-9-]+)=(.+)$/.exec(text.trim());
      const name = m?.[1] as SweepAxisName | undefined;
      if (!m || name === undefined || !Object.hasOwn(AXES, name)) {
        throw new UsageError(
          command,
          flag,
          `PARAM=LIST with PARAM one of ${names.split('|').join(', ')}`,
          JSON.stringify(text),
        );
      }
      const axis = AXES[name];
      const parts = m[2].split(',');
      const values = parts.map((p) =>
        /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(p) ? Number(p) : NaN,
      );
      if (values.some((v) => !Number.isFinite(v) || !axis.check(v))) {
        throw new UsageError(
          command,
          flag,
          `comma-separated ${name} values ${axis.range}`,
          JSON.stringify(m[2]),
        );
      }
      if (new Set(values).size !== values.length) {
        throw new UsageError(command, flag, 'distinct values', JSON.stringify(m[2]));
      }
      return { name, param: axis.param, values };
    },
  };
}

/** Options of `hyperposition sweep`, one field per flag. */
export interface SweepCommandOptions extends ModelTrainingOptions {
  /** `--x`: horizontal axis (required). */
  x: SweepAxisOption | undefined;
  /** `--y`: vertical axis; default a one-value axis of a training parameter. */
  y: SweepAxisOption | undefined;
  /** `--features`: n; default 5. */
  features: number;
  /** `--hidden`: m; default 2. */
  hidden: number;
  /** `--sparsity`: S of every cell unless an axis sets it; default 0. */
  sparsity: number;
  /** `--importance-decay`: I_i = R^i unless an axis sets it; default 0.9. */
  importanceDecay: number;
  /** `--restarts`: fits per cell, the lowest loss kept; default 5. */
  restarts: number;
  /** `--eval-batch`: samples per instance of the final comparison; default 4096. */
  evalBatch: number;
  /** `--seed`: sweep seed; default 0. */
  seed: number;
  /** `--shard`: run shard i of N only. */
  shard: ShardSpec | undefined;
  /** `--out`: output directory; default `runs/sweep`. */
  out: string;
  /** `--force`: replace an earlier output in `--out` (a folder with a cli.json). */
  force: boolean;
  /** `--resume`: continue the interrupted sweep (or shard) in `--out`. */
  resume: boolean;
  /** `--checkpoint-every`: steps between checkpoints of the cells in training. */
  checkpointEvery: number;
  /** `--figures`: figure files to write; default `svg,png`. */
  figures: FigureFormats;
  /** `--json`: machine-readable summary. */
  json: boolean;
  /** `--quiet`: no progress. */
  quiet: boolean;
}

const flags: { [K in keyof SweepCommandOptions]: Flag<SweepCommandOptions[K]> } = {
  x: axisFlag(
    'horizontal axis, e.g. sparsity=0,0.5,0.9 (required). PARAM: sparsity, density, extra-importance, importance-decay, lr, weight-decay, l1-hidden, l1-weights',
  ),
  y: axisFlag('vertical axis, another PARAM (default: none, i.e. one row)'),
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
    description: 'm, hidden dimensions',
  }),
  sparsity: numberFlag({
    min: 0,
    below: 1,
    default: 0,
    placeholder: 'S',
    description: 'S of every cell unless an axis sets it (probability a feature is zero)',
  }),
  importanceDecay: importanceDecayFlag,
  model: modelFlag,
  ...trainingFlags,
  restarts: restartsFlag,
  evalBatch: evalBatchFlag,
  seed: seedFlag,
  shard: shardFlag(),
  backend: backendFlag,
  engine: engineFlag,
  force: forceFlag,
  resume: sweepResumeFlag,
  checkpointEvery: sweepCheckpointEveryFlag,
  out: stringFlag({ placeholder: 'DIR', default: 'runs/sweep', description: 'output directory' }),
  figures: figuresFlag,
  json: jsonFlag,
  quiet: quietFlag,
};

const FALLBACK_Y: readonly { name: SweepAxisName; param: SweepParam }[] = [
  { name: 'lr', param: 'lr' },
  { name: 'l1-hidden', param: 'l1Hidden' },
];

/** The trainer's sweep spec for a set of `sweep` options. @internal */
export function sweepSpecOf(
  o: SweepCommandOptions,
  x: SweepAxisOption,
  y: SweepAxisOption,
): SweepSpec {
  const model = modelConfigOf({ ...o, sparsity: [o.sparsity] });
  return {
    model: { ...model, nInstances: 1 },
    train: trainOptionsOf(o),
    x: { param: x.param, values: x.values },
    y: { param: y.param, values: y.values },
    restarts: o.restarts,
    seed: o.seed,
    evalBatchSize: o.evalBatch,
  };
}

async function runSweepCommand(o: SweepCommandOptions, io: CliIO): Promise<number> {
  const cmd = 'sweep';
  if (o.x === undefined)
    throw new UsageError(cmd, '--x', 'an axis PARAM=LIST (e.g. --x sparsity=0,0.5,0.9)', 'nothing');
  const x = o.x;
  let y = o.y;
  if (y !== undefined && y.param === x.param)
    throw new UsageError(cmd, '--y', `a parameter other than --x's (${x.name})`, y.name);
  // sparsity and density are one parameter (S = 1 - p): two axes of it would set each cell's
  // twice, the later one winning
  const density = (a: SweepAxisOption): boolean =>
    a.param === 'sparsity' || a.param === 'featureProbability';
  if (y !== undefined && density(x) && density(y))
    throw new UsageError(
      cmd,
      '--y',
      `a parameter other than --x's (${x.name}; sparsity and density are one parameter, S = 1 - p)`,
      y.name,
    );
  const densityAxis = [x, y].find((a) => a !== undefined && density(a));
  if (densityAxis && o.sparsity !== 0)
    throw new UsageError(
      cmd,
      '--sparsity',
      `to be left out when an axis sweeps ${densityAxis.name}`,
      String(o.sparsity),
    );
  const decayAxis = [x, y].find((a) => a?.param === 'weightDecay');
  if (decayAxis && o.weightDecay !== undefined)
    throw new UsageError(
      cmd,
      '--weight-decay',
      'to be left out when an axis sweeps weight-decay',
      String(o.weightDecay),
    );
  if (y === undefined) {
    // A one-value axis of a training parameter that is not swept: one row, no effect.
    const pick = FALLBACK_Y.find((a) => a.param !== x.param)!;
    y = { ...pick, values: [pick.param === 'lr' ? o.lr : o.l1On === 'hidden' ? o.l1 : 0] };
  }
  const l1Axis = [x, y].find((a) => a.param === 'l1Hidden' || a.param === 'l1W');
  if (l1Axis && o.l1 > 0)
    throw new UsageError(
      cmd,
      '--l1',
      `to be left out when an axis sweeps ${l1Axis.name}`,
      String(o.l1),
    );
  if ([x, y].some((a) => a.param === 'extraImportance') && o.features < 2) {
    throw new UsageError(
      cmd,
      '--features',
      'at least 2 when sweeping extra-importance',
      String(o.features),
    );
  }
  return executeSweep(cmd, sweepSpecOf(o, x, y), o, io);
}

/**
 * `hyperposition sweep`: train a grid of toy models over two parameters, best of several
 * fits per cell, optionally one shard of it.
 * @internal
 */
export const sweepCommand: Command = defineCommand(
  {
    name: 'sweep',
    brief: 'train a grid over one or two parameters (shardable)',
    summary:
      'Train a grid of toy models over one or two parameters (--x, --y), fitting each cell --restarts times and keeping the lowest loss (Elhage et al. 2022). Cells that differ only in sparsity or importance train together as instances of one model. With --shard i/N only every N-th cell is trained and DIR/shards/shard-i-of-N.json is written; `hyperposition merge DIR` validates and merges the shards.',
    flags,
    examples: [
      'hyperposition sweep --features 5 --hidden 2 --x sparsity=0,0.5,0.8,0.9,0.95 --restarts 5 --out runs/s5',
      'hyperposition sweep --x sparsity=0,0.9 --y l1-hidden=0,0.001,0.01 --steps 3000 --out runs/l1',
      'hyperposition sweep --x sparsity=0,0.3,0.6,0.9 --shard $SLURM_ARRAY_TASK_ID/4 --out runs/big && hyperposition merge runs/big',
    ],
    notes: [
      'Shards: i is 0-based (Slurm: --array=0-3 with $SLURM_ARRAY_TASK_ID; Kubernetes Indexed Jobs: $JOB_COMPLETION_INDEX). Every shard must get the same flags: merge refuses parts whose config hash differs, and reports missing or duplicate cells.',
    ],
  },
  async ({ values }, io) => runSweepCommand(values, io),
);
