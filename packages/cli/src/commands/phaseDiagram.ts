import type { SweepSpec } from '@hyperposition/toy-models';
import {
  listFlag,
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
import { trainOptionsOf } from './train.js';
import {
  engineFlag,
  seedFlag,
  trainingFlagsWith,
  type ModelTrainingOptions,
} from './trainFlags.js';

/** Options of `hyperposition phase-diagram`, one field per flag. */
export interface PhaseDiagramCommandOptions extends Omit<ModelTrainingOptions, 'model'> {
  /** `--features`: 2 (with m = 1) or 3 (with m = 2); default 2. */
  features: number;
  /** `--hidden`: must be features - 1; default features - 1. */
  hidden: number | undefined;
  /** `--grid`: points per axis; default 10. */
  grid: number;
  /** `--r-grid`: points along r (overrides --grid). */
  rGrid: number | undefined;
  /** `--p-grid`: points along p (overrides --grid). */
  pGrid: number | undefined;
  /** `--r-range`: relative importance range `lo,hi` (log scale); default 0.1,10. */
  rRange: number[];
  /** `--p-range`: feature-probability range `first,last` (log scale); default 1,0.01. */
  pRange: number[];
  /** `--restarts`: fits per cell, the lowest loss kept; default 5. */
  restarts: number;
  /** `--eval-batch`: samples per instance of the final comparison; default 4096. */
  evalBatch: number;
  /** `--seed`: sweep seed; default 0. */
  seed: number;
  /** `--shard`: run shard i of N only. */
  shard: ShardSpec | undefined;
  /** `--out`: output directory; default `runs/phase-diagram`. */
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

const flags: { [K in keyof PhaseDiagramCommandOptions]: Flag<PhaseDiagramCommandOptions[K]> } = {
  features: numberFlag({
    integer: true,
    min: 2,
    max: 3,
    default: 2,
    description: 'n: 2 (with --hidden 1) or 3 (with --hidden 2, importances 1, 1, r)',
  }),
  hidden: numberFlag({
    integer: true,
    min: 1,
    max: 2,
    default: undefined,
    placeholder: 'M',
    description: 'm = n - 1 (default)',
  }),
  grid: numberFlag({
    integer: true,
    min: 1,
    max: 1000,
    default: 10,
    placeholder: 'K',
    description: 'grid points per axis',
  }),
  rGrid: numberFlag({
    integer: true,
    min: 1,
    max: 1000,
    default: undefined,
    placeholder: 'K',
    description: 'grid points along r (default --grid)',
  }),
  pGrid: numberFlag({
    integer: true,
    min: 1,
    max: 1000,
    default: undefined,
    placeholder: 'K',
    description: 'grid points along p (default --grid)',
  }),
  rRange: listFlag({
    above: 0,
    default: [0.1, 10],
    placeholder: 'LO,HI',
    description: 'relative importance r of the extra feature, log-spaced',
  }),
  pRange: listFlag({
    above: 0,
    max: 1,
    default: [1, 0.01],
    placeholder: 'FIRST,LAST',
    description: 'feature probability p = 1 - S, log-spaced, top row first',
  }),
  ...trainingFlagsWith({ steps: 3000, lr: 0.01, optimizer: 'adam' }),
  restarts: restartsFlag,
  evalBatch: evalBatchFlag,
  seed: seedFlag,
  shard: shardFlag(),
  backend: backendFlag,
  engine: engineFlag,
  force: forceFlag,
  resume: sweepResumeFlag,
  checkpointEvery: sweepCheckpointEveryFlag,
  out: stringFlag({
    placeholder: 'DIR',
    default: 'runs/phase-diagram',
    description: 'output directory',
  }),
  figures: figuresFlag,
  json: jsonFlag,
  quiet: quietFlag,
};

/** The trainer's sweep spec for a set of `phase-diagram` options. @internal */
export async function phaseDiagramSpecOf(o: PhaseDiagramCommandOptions): Promise<SweepSpec> {
  const toy = await import('@hyperposition/toy-models');
  const base = toy.phaseDiagramSpec({
    nFeatures: o.features as 2 | 3,
    restarts: o.restarts,
    seed: o.seed,
    train: trainOptionsOf({ ...o, model: 'relu-output' }),
  });
  return {
    ...base,
    x: {
      param: 'extraImportance',
      values: toy.logspace(o.rRange[0], o.rRange[1], o.rGrid ?? o.grid),
    },
    y: {
      param: 'featureProbability',
      values: toy.logspace(o.pRange[0], o.pRange[1], o.pGrid ?? o.grid),
    },
    evalBatchSize: o.evalBatch,
  };
}

async function runPhaseDiagram(o: PhaseDiagramCommandOptions, io: CliIO): Promise<number> {
  const cmd = 'phase-diagram';
  if (o.hidden !== undefined && o.hidden !== o.features - 1) {
    throw new UsageError(
      cmd,
      '--hidden',
      `${o.features - 1} with --features ${o.features} (the paper's diagrams: n=2,m=1 and n=3,m=2)`,
      String(o.hidden),
    );
  }
  for (const [flag, range] of [
    ['--r-range', o.rRange],
    ['--p-range', o.pRange],
  ] as const) {
    if (range.length !== 2 || range[0] === range[1])
      throw new UsageError(cmd, flag, 'two different numbers A,B', range.join(','));
  }
  return executeSweep(cmd, await phaseDiagramSpecOf(o), o, io);
}

/**
 * `hyperposition phase-diagram`: the paper's phase diagrams (n = 2, m = 1 or n = 3, m = 2).
 * @internal
 */
export const phaseDiagramCommand: Command = defineCommand(
  {
    name: 'phase-diagram',
    brief: "the paper's phase diagrams, with theory boundaries",
    summary:
      'Reproduce the phase diagrams of Elhage et al. 2022 (section 4): for each relative importance r of the extra feature and feature probability p, fit --restarts models and keep the lowest loss, classify the extra feature as not represented, dedicated dimension or superposition, and compare with theory (p < 4r/(2+5r) for r < 1, p < 4/(5+2r) for r > 1; triple point r = 1, p = 4/7). Writes phase-diagram.json, sweep.json, run.json, metrics.json and figures/phase-diagram.svg|png.',
    flags,
    examples: [
      'hyperposition phase-diagram --features 2 --hidden 1 --grid 10 --restarts 5 --out runs/pd2',
      'hyperposition phase-diagram --features 3 --hidden 2 --r-grid 12 --p-grid 8 --p-range 1,0.05 --out runs/pd3',
      'hyperposition phase-diagram --grid 20 --shard $JOB_COMPLETION_INDEX/10 --out runs/pd && hyperposition merge runs/pd',
    ],
  },
  async ({ values }, io) => runPhaseDiagram(values, io),
);
