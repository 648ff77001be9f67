import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../output.js';
import type { ExperimentContext, ExperimentOutput } from './types.js';

/**
 * Thrown between steps or cells once the experiment's abort signal fired; finished cells are
 * kept, so rerunning the same experiment continues from them.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * ac.abort();
 * await runDensePhase({ dir: 'runs/dense', scale: 'small', seed: 1, signal: ac.signal }); // throws ExperimentAbortedError
 * ```
 */
export class ExperimentAbortedError extends Error {
  constructor() {
    super('experiment aborted; rerun the same command to continue');
    this.name = 'ExperimentAbortedError';
  }
}

/** Throw {@link ExperimentAbortedError} when `signal` has fired. @internal */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExperimentAbortedError();
}

/** Assemble the output record and write `results.json` atomically. @internal */
export function finishExperiment<C, R, S>(
  ctx: ExperimentContext,
  experiment: string,
  config: C,
  cells: R[],
  summary: S,
  figures: string[],
  cellsComputed: number,
  t0: number,
): ExperimentOutput<C, R, S> {
  const out: ExperimentOutput<C, R, S> = {
    experiment,
    version: 1,
    scale: ctx.scale,
    seed: ctx.seed,
    config,
    cells,
    summary,
    figures,
    cellsComputed,
    wallSeconds: (Date.now() - t0) / 1000,
  };
  mkdirSync(ctx.dir, { recursive: true });
  writeFileAtomic(
    join(ctx.dir, 'results.json'),
    JSON.stringify(
      out,
      (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
      2,
    ) + '\n',
  );
  return out;
}
