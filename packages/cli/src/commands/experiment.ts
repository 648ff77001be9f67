import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  booleanFlag,
  choiceFlag,
  numberFlag,
  shardFlag,
  stringFlag,
  UsageError,
  type Flag,
  type ShardSpec,
} from '../args.js';
import { useBackend, type BackendName } from '../backend.js';
import { defineCommand, type Command } from '../command.js';
import { ExitCode, type CliIO } from '../context.js';
import { isCellFile } from '../experiments/cellStore.js';
import { EXPERIMENTS, type ExperimentName } from '../experiments/registry.js';
import { ExperimentAbortedError } from '../experiments/runtime.js';
import { EXPERIMENT_SCALES, type ExperimentScale } from '../experiments/types.js';
import { InterruptedError } from '../interrupt.js';
import { checkOutDir } from '../output.js';
import { backendFlag, fmt, jsonFlag, printSummary, progressFor, quietFlag } from './common.js';
import { seedFlag } from './trainFlags.js';

/** Options of `hyperposition experiment`, one field per flag. */
export interface ExperimentCommandOptions {
  /** `--scale`. */
  scale: ExperimentScale;
  /** `--seed`. */
  seed: number;
  /** `--out`: default `runs/experiments/<name>`. */
  out: string | undefined;
  /** `--backend`. */
  backend: BackendName;
  /** `--no-figures`. */
  noFigures: boolean;
  /** `--force`: drop finished cells and start over. */
  force: boolean;
  /** `--shard i/N`: compute every N-th cell only (dense-phase). */
  shard: ShardSpec | undefined;
  /** `--threads`: threads per training run of large models (1 or 2). */
  threads: number;
  /** `--json`. */
  json: boolean;
  /** `--quiet`. */
  quiet: boolean;
}

const flags: { [K in keyof ExperimentCommandOptions]: Flag<ExperimentCommandOptions[K]> } = {
  scale: choiceFlag({
    choices: EXPERIMENT_SCALES,
    default: 'small',
    description:
      'small (about a minute on 2 cores; what the tests run), paper (the numbers on the Findings pages), large (hours on 2 cores)',
  }),
  seed: seedFlag,
  out: stringFlag({
    placeholder: 'DIR',
    default: undefined,
    description:
      'output directory (default runs/experiments/<name>); rerunning into it continues a killed run',
  }),
  backend: backendFlag,
  noFigures: booleanFlag({ description: 'write results.json only, no SVG figures' }),
  force: booleanFlag({
    description:
      'discard the saved cells and the results.json of any experiment in --out and start over',
  }),
  shard: shardFlag(
    'dense-phase only: compute every N-th cell of the grid (shard i of N, 0-based, e.g. $SLURM_ARRAY_TASK_ID/$N) into DIR/cells/; the shard that finishes last, or a rerun without --shard, writes DIR/results.json and the figures',
  ),
  threads: numberFlag({
    integer: true,
    min: 1,
    max: 2,
    default: 2,
    description:
      'threads per training run of a large model (the fused engine; same results either way): 2 uses a worker thread, 1 suits several --shard processes on one machine',
  }),
  json: jsonFlag,
  quiet: quietFlag,
};

async function runExperimentCommand(
  name: string,
  o: ExperimentCommandOptions,
  io: CliIO,
): Promise<number> {
  const cmd = 'experiment';
  if (!Object.hasOwn(EXPERIMENTS, name)) {
    throw new UsageError(
      cmd,
      '<name>',
      `one of ${Object.keys(EXPERIMENTS).join(', ')}`,
      JSON.stringify(name),
    );
  }
  const entry = EXPERIMENTS[name as ExperimentName];
  if (o.shard && name !== 'dense-phase') {
    throw new UsageError(
      cmd,
      '--shard',
      'no --shard: only dense-phase is shardable',
      `${o.shard.index}/${o.shard.count}`,
    );
  }
  const outPath = o.out ?? join('runs', 'experiments', name);
  // Results are kept in place (per-cell files), so an existing directory is allowed: that is how a killed run continues.
  const target = checkOutDir(cmd, '--out', outPath, io.cwd, 'shared', false);
  // the results of another run (another experiment, scale or seed) are replaced only with
  // --force; those of this one are what a rerun rewrites
  const previous = readPreviousResults(join(target.dir, 'results.json'));
  // a results.json that is not an experiment's (the user's own file) is never replaced
  if (previous === null && existsSync(join(target.dir, 'results.json')))
    throw new UsageError(
      cmd,
      '--out',
      "a folder whose results.json, if any, is an experiment's",
      `${JSON.stringify(outPath)} (its results.json is another file)`,
    );
  if (previous !== null && !o.force) {
    const differs = (['experiment', 'scale', 'seed'] as const).find(
      (k) => previous[k] !== { experiment: name, scale: o.scale, seed: o.seed }[k],
    );
    if (differs !== undefined)
      throw new UsageError(
        cmd,
        '--out',
        'a folder without the results of another run (or --force to replace them)',
        `${JSON.stringify(outPath)} (its results.json has ${differs} ${JSON.stringify(previous[differs])})`,
      );
  }
  if (o.force) {
    // only what experiments write: cell files and locks named `<cell>.<16 hex digits>`, and a
    // results.json of an experiment (a folder of other files keeps them)
    const cells = join(target.dir, 'cells');
    if (existsSync(cells)) {
      for (const f of readdirSync(cells))
        if (isCellFile(f)) rmSync(join(cells, f), { force: true });
      if (readdirSync(cells).length === 0) rmSync(cells, { recursive: true, force: true });
    }
    if (previous !== null) rmSync(join(target.dir, 'results.json'), { force: true });
  }
  await useBackend(o.backend);
  let progress: ReturnType<typeof progressFor> | undefined;
  let reusedCount = 0;
  try {
    const out = await entry.run({
      dir: target.dir,
      scale: o.scale,
      seed: o.seed,
      signal: io.signal,
      figures: !o.noFigures,
      shard: o.shard,
      threads: o.threads,
      onCell(done, total, key, reused) {
        progress ??= progressFor(io, name, total, 'cells', o.quiet);
        if (reused) reusedCount++;
        progress.update(done, reused ? `${key} (reused)` : key);
      },
    });
    progress?.finish();
    if (out.missingCells !== undefined) {
      printSummary(
        io,
        o.json,
        {
          experiment: name,
          shard: o.shard,
          out: target.dir,
          cellsComputed: out.cellsComputed,
          missingCells: out.missingCells,
        },
        [
          `experiment: ${name} shard ${o.shard!.index}/${o.shard!.count}: ${out.cellsComputed} cells computed`,
          `${out.missingCells} cells of other shards are not finished yet: the last shard to finish, or a rerun without --shard, writes ${join(target.shown, 'results.json')}`,
        ],
      );
      return ExitCode.ok;
    }
    const summary = {
      experiment: name,
      scale: o.scale,
      seed: o.seed,
      out: target.dir,
      cells: out.cells.length,
      cellsReused: reusedCount,
      wallSeconds: out.wallSeconds,
      figures: out.figures,
      summary: out.summary,
    };
    printSummary(io, o.json, summary, [
      `experiment: ${name} (scale ${o.scale}, seed ${o.seed})`,
      `cells: ${out.cells.length} (${reusedCount} reused from an earlier run)`,
      `wall time: ${fmt(out.wallSeconds, 3)} s`,
      `results: ${join(target.shown, 'results.json')}`,
      ...out.figures.map((f) => `figure: ${join(target.shown, f)}`),
      `summary: ${JSON.stringify(out.summary)}`,
    ]);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof ExperimentAbortedError || io.signal?.aborted) {
      throw new InterruptedError(
        cmd,
        undefined,
        `the finished cells are kept in ${join(outPath, 'cells')}: run the same command again to go on`,
      );
    }
    throw error;
  }
}

/**
 * `hyperposition experiment <name>`: run one research study (dense-phase, sparse-directions,
 * learned-primitives) at a scale, writing results.json and figures; resumable per cell.
 * @internal
 */
export const experimentCommand: Command = defineCommand(
  {
    name: 'experiment',
    brief: 'run a study of the Findings pages, write results.json',
    positionals: { name: '<name>', min: 1, max: 1 },
    summary:
      'Run a research experiment and write DIR/results.json (configuration, one record per cell, summary) and SVG figures. Experiments: ' +
      Object.entries(EXPERIMENTS)
        .map(([k, v]) => `${k} (${v.summary})`)
        .join('; ') +
      '. Each finished cell is saved atomically in DIR/cells/; rerunning the same command after a kill continues from there.',
    flags,
    examples: [
      'hyperposition experiment dense-phase --scale small --out runs/dense',
      'hyperposition experiment sparse-directions --scale paper --seed 1 --out runs/sparse',
      'hyperposition experiment learned-primitives --scale paper --seed 1 --out runs/prim --json',
    ],
    notes: [
      'Cells are keyed by the configuration hash: changing --scale or --seed recomputes them; --force discards them.',
      'Ctrl-C stops between training steps; rerun the same command to continue (exit code 130).',
    ],
  },
  async ({ values, positionals }, io) => runExperimentCommand(positionals[0], values, io),
);

/**
 * experiment, scale and seed of an experiment's results.json (null where there is none, or the
 * file is not one: unreadable, or without an `experiment` key).
 */
function readPreviousResults(
  path: string,
): { experiment: unknown; scale: unknown; seed: unknown } | null {
  if (!existsSync(path)) return null;
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> | null;
    if (doc === null || typeof doc !== 'object' || !('experiment' in doc)) return null;
    return { experiment: doc.experiment, scale: doc.scale, seed: doc.seed };
  } catch {
    return null;
  }
}
