import { join, relative, resolve } from 'node:path';
import { stringFlag, type Flag } from '../args.js';
import { defineCommand, type Command } from '../command.js';
import type { CliIO } from '../context.js';
import { loadRunArg } from '../loadRunArg.js';
import { checkOutDir } from '../output.js';
import { instancesOf, writeRunFigures } from '../runOutputs.js';
import { runMetrics } from '../runMetrics.js';
import { readSweepBeside, writeSweepFigures } from '../sweepOutputs.js';
import { jsonFlag, printSummary } from './common.js';

/** Options of `hyperposition figures <run.json>`. */
export interface FiguresCommandOptions {
  /** `--out`: folder that receives `figures/`; default the run's folder. */
  out: string | undefined;
  /** `--json`: machine-readable summary. */
  json: boolean;
}

const flags: { [K in keyof FiguresCommandOptions]: Flag<FiguresCommandOptions[K]> } = {
  out: stringFlag({
    placeholder: 'DIR',
    default: undefined,
    description: "folder that receives figures/ (default: the run's folder)",
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
 * `hyperposition figures <run.json>`: redraw a saved run's figures.
 * @internal
 */
export const figuresCommand: Command = defineCommand(
  {
    name: 'figures',
    brief: "redraw a saved run's figures (SVG and PNG)",
    positionals: { name: '<run.json>', min: 1, max: 1 },
    summary:
      'Redraw the figures of a saved run with @hyperposition/plots, as SVG and PNG in DIR/figures/: feature geometry and norm bars per instance, the W^T W heatmap and the loss curve; for a sweep or phase diagram (sweep.json beside run.json) its summary figures and the phase diagram.',
    flags,
    examples: [
      'hyperposition figures runs/intro/run.json --out /tmp/intro-figures',
      'hyperposition figures runs/pd',
    ],
  },
  async ({ values, positionals }, io) => runFiguresCommand(values, positionals[0], io),
);
