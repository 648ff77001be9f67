import { join } from 'node:path';
import type { ToyModelRun } from '@hyperposition/toy-models';
import { writeFileAtomic } from './output.js';
import { cliVersion } from './version.js';
import { runFigures, writeFigures, type FigureFormats } from './runFigures.js';
import { runMetrics, type InstanceData, type RunMetrics } from './runMetrics.js';

/** The instances of a run in the shape the metrics and figures take. @internal */
export function instancesOf(run: ToyModelRun): InstanceData[] {
  const { nHidden, nFeatures } = run.config.model;
  return run.instances.map((inst) => ({
    sparsity: inst.sparsity,
    importance: inst.importance,
    W: inst.W,
    b: inst.b,
    loss: inst.loss,
    nHidden,
    nFeatures,
  }));
}

/** A short description of a run's setup for figure subtitles. @internal */
export function runTitle(run: ToyModelRun): string {
  const c = run.config.model;
  return `${c.model}, n = ${c.nFeatures}, m = ${c.nHidden}, seed ${String(c.seed)}, ${run.step} steps`;
}

/**
 * Compute `metrics.json` for a run and write it into `dir` atomically.
 * @returns the metrics.
 * @internal
 */
export function writeMetrics(dir: string, run: ToyModelRun): RunMetrics {
  const metrics = runMetrics(instancesOf(run));
  writeFileAtomic(join(dir, 'metrics.json'), JSON.stringify(metrics, null, 1) + '\n');
  return metrics;
}

/**
 * Render and write a run's figures (SVG and PNG) into `dir/figures/`.
 * @returns the written paths relative to `dir`.
 * @internal
 */
export async function writeRunFigures(
  dir: string,
  run: ToyModelRun,
  metrics: RunMetrics,
  formats: FigureFormats = 'svg,png',
): Promise<string[]> {
  if (formats === 'none') return [];
  return writeFigures(
    dir,
    runFigures(instancesOf(run), metrics, run.history, runTitle(run)),
    formats,
  );
}

/**
 * The version of the output layout (which files a run folder holds and what they mean, see
 * the README's "Output layout"). It changes only when that contract changes.
 */
export const OUTPUT_LAYOUT_VERSION = 1;

/**
 * Write `cli.json`: how the folder was produced (layout version, CLI version, subcommand
 * and the settings that are not part of run.json's config).
 * @internal
 */
export function writeInvocation(
  dir: string,
  command: string,
  extra: Record<string, unknown>,
): void {
  const doc = {
    format: 'hyperposition.cli.invocation',
    version: 1,
    layout: OUTPUT_LAYOUT_VERSION,
    cliVersion: cliVersion(),
    command,
    ...extra,
  };
  writeFileAtomic(join(dir, 'cli.json'), JSON.stringify(doc, null, 1) + '\n');
}
