import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { RUN_FORMAT } from '@hyperposition/toy-models';
import { oneLine, stringFlag, UsageError, type Flag } from '../args.js';
import { defineCommand, type Command } from '../command.js';
import type { CliIO } from '../context.js';
import { EXPERIMENTS } from '../experiments/registry.js';
import { loadResultsArg } from '../loadResultsArg.js';
import { loadRunArg } from '../loadRunArg.js';
import { checkOutDir } from '../output.js';
import { instancesOf, writeRunFigures } from '../runOutputs.js';
import { runMetrics } from '../runMetrics.js';
import { readSweepBeside, writeSweepFigures } from '../sweepOutputs.js';
import { jsonFlag, printSummary } from './common.js';

/** Options of `hyperposition figures <run.json|results.json>`. */
export interface FiguresCommandOptions {
  /**
   * `--out`: folder that receives `figures/` (a run) or the SVG files (an experiment's
   * results); default the folder of the file.
   */
  out: string | undefined;
  /** `--json`: machine-readable summary. */
  json: boolean;
}

const flags: { [K in keyof FiguresCommandOptions]: Flag<FiguresCommandOptions[K]> } = {
  out: stringFlag({
    placeholder: 'DIR',
    default: undefined,
    description:
      "folder that receives figures/ (a run) or the SVG files (experiment results) (default: the file's folder)",
  }),
  json: jsonFlag,
};

async function runFiguresCommand(
  o: FiguresCommandOptions,
  arg: string,
  io: CliIO,
): Promise<number> {
  const cmd = 'figures';
  if (o.out !== undefined) checkOutDir(cmd, '--out', o.out, io.cwd, 'shared', false);
  const results = resultsPath(arg, io.cwd);
  if (results !== null) return redrawExperiment(o, arg, results, io);
  const { run, dir } = await loadRunArg(cmd, arg, io.cwd);
  const outDir = o.out === undefined ? dir : resolve(io.cwd, o.out);
  if (o.out === undefined) checkOutDir(cmd, '<run.json>', dir, io.cwd, 'shared', false);
  const sweep = await readSweepBeside(cmd, dir);
  const metrics = runMetrics(instancesOf(run));
  const files = sweep
    ? await writeSweepFigures(outDir, sweep, run, metrics)
    : await writeRunFigures(outDir, run, metrics);
  printSummary(io, o.json, { command: cmd, out: outDir, files }, [
    `wrote ${files.length} figure files to ${join(o.out ?? (relative(io.cwd, outDir) || '.'), 'figures')}/`,
    ...files.map((f) => `  ${f}`),
  ]);
  return 0;
}

/**
 * The experiment results named by the argument, where it names them: a file named
 * results.json, another file (not run.json) whose JSON has an `experiment` key, or a folder
 * that holds a results.json and no run.json (a folder with both is read as a run). Null for a
 * run (run.json, its folder, or a renamed copy: a file in the run format); a file that is
 * neither is a usage error that names both kinds.
 */
function resultsPath(arg: string, cwd: string): string | null {
  const path = resolve(cwd, arg);
  if (!existsSync(path)) return null;
  if (statSync(path).isDirectory()) {
    const results = join(path, 'results.json');
    return !existsSync(join(path, 'run.json')) && existsSync(results) ? results : null;
  }
  const name = basename(path);
  if (name === 'results.json') return path;
  if (name === 'run.json') return null;
  // a renamed copy: its content says which it is
  let experiment = false;
  let why = 'a JSON file with neither an "experiment" key nor a run\'s format';
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    experiment = doc !== null && typeof doc === 'object' && 'experiment' in doc;
    // a renamed run.json: read as a run
    if (
      doc !== null &&
      typeof doc === 'object' &&
      (doc as { format?: unknown }).format === RUN_FORMAT
    )
      return null;
  } catch (error) {
    // not JSON (a truncated copy, say): neither kind
    why = `not JSON: ${oneLine((error as Error).message)}`;
  }
  if (experiment) return path;
  throw new UsageError(
    'figures',
    '<run.json|results.json>',
    "a run's run.json or an experiment's results.json (or the folder of either)",
    `${JSON.stringify(arg)} (${why})`,
  );
}

/** Redraw an experiment's figures from its results.json (which is left as it is). */
async function redrawExperiment(
  o: FiguresCommandOptions,
  arg: string,
  path: string,
  io: CliIO,
): Promise<number> {
  const cmd = 'figures';
  const r = await loadResultsArg(cmd, path, arg);
  const outDir = o.out === undefined ? r.dir : resolve(io.cwd, o.out);
  if (o.out === undefined) checkOutDir(cmd, '<results.json>', r.dir, io.cwd, 'shared', false);
  let files: string[];
  // the first folder of --out that does not exist yet: removed, with what is below it, if the
  // figures cannot be drawn
  let created: string | null = null;
  for (let d = outDir; !existsSync(d); d = dirname(d)) created = d;
  mkdirSync(outDir, { recursive: true });
  try {
    files = await EXPERIMENTS[r.experiment].figures(outDir, r.config, r.cells);
    // the figures skip cells without the fields they are drawn from: none drawn at all means
    // the file holds nothing of this study's (or nothing finished yet)
    if (files.length === 0)
      throw new RangeError(
        r.cells.length === 0
          ? 'it holds no finished cell'
          : `none of its ${r.cells.length} cells holds the fields its figures are drawn from`,
      );
  } catch (error) {
    // an --out folder made for figures that could not be drawn is not left behind
    if (created !== null) rmSync(created, { recursive: true, force: true });
    // a config or cells that are not this study's (a hand-edited file): the figures read only
    // what the file holds, so a TypeError or RangeError there (the plots' checks, or a missing
    // field) is the file's fault
    if (error instanceof TypeError || error instanceof RangeError)
      throw new UsageError(
        cmd,
        '<results.json>',
        `the cells of a ${r.experiment} run`,
        `${JSON.stringify(arg)}: ${oneLine(error.message)}`,
      );
    throw error;
  }
  printSummary(io, o.json, { command: cmd, out: outDir, experiment: r.experiment, files }, [
    `wrote ${files.length} figure files of ${r.experiment} to ${o.out?.replace(/(.)\/+$/, '$1') ?? (relative(io.cwd, outDir) || '.')}/`,
    ...files.map((f) => `  ${f}`),
  ]);
  return 0;
}

/**
 * `hyperposition figures <run.json|results.json>`: redraw a saved run's figures, or an
 * experiment's from its results.json.
 * @internal
 */
export const figuresCommand: Command = defineCommand(
  {
    name: 'figures',
    brief: "redraw a saved run's or experiment's figures",
    positionals: { name: '<run.json|results.json>', min: 1, max: 1 },
    summary:
      "Redraw the figures of a saved run with @hyperposition/plots, as SVG and PNG in DIR/figures/: feature geometry and norm bars per instance, the W^T W heatmap and the loss curve; for a sweep or phase diagram (sweep.json beside run.json) its summary figures and the phase diagram. Given the results.json of `hyperposition experiment` (or its folder), redraw that experiment's SVG figures beside it, without training anything; results.json is left as it is.",
    flags,
    examples: [
      'hyperposition figures runs/intro/run.json --out /tmp/intro-figures',
      'hyperposition figures runs/pd',
      'hyperposition figures runs/experiments/dense-phase/results.json',
    ],
  },
  async ({ values, positionals }, io) => runFiguresCommand(values, positionals[0], io),
);
