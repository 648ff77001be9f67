/** How much work an experiment does: `small` (about a minute on 2 cores, what the tests run), `paper` (the Findings pages), `large` (hours on 2 cores). */
export type ExperimentScale = 'small' | 'paper' | 'large';

/**
 * The scales, in increasing cost.
 *
 * @example
 * ```ts
 * EXPERIMENT_SCALES.includes('paper'); // returns true
 * ```
 */
export const EXPERIMENT_SCALES: readonly ExperimentScale[] = ['small', 'paper', 'large'];

/**
 * What an experiment runner receives: where to write, which scale and seed, and hooks for
 * progress and cancellation.
 *
 * @example
 * ```ts
 * const ctx: ExperimentContext = { dir: 'runs/dense', scale: 'small', seed: 1 };
 * ```
 */
export interface ExperimentContext {
  /** Output directory (absolute); created if missing. Finished cells live in `dir/cells/`. */
  dir: string;
  /** Scale preset. */
  scale: ExperimentScale;
  /** Master seed: every random draw of the experiment derives from it. */
  seed: number;
  /** Stop between training steps / cells when aborted; finished cells are kept. */
  signal?: AbortSignal;
  /** Called after each cell (finished or reused from an earlier run). */
  onCell?: (done: number, total: number, key: string, reused: boolean) => void;
  /** Write figures (SVG) too; default true. */
  figures?: boolean;
  /**
   * Compute only the grid cells whose index i has i % count === index (0-based), so that
   * several processes or machines share one grid in one directory (dense-phase only). The
   * results are assembled once every cell is in `dir/cells/`: by the shard that finishes
   * last, or by a rerun without a shard.
   */
  shard?: { index: number; count: number };
  /**
   * Threads for the fused engine's large-model steps (`train`'s `threads`: 1 or 2; default 2).
   * The results are the same either way; 1 suits several shards on one machine.
   */
  threads?: number;
}

/**
 * The JSON an experiment writes to `dir/results.json`: its configuration, one record per
 * cell and a summary of what the cells say about the claim.
 */
export interface ExperimentOutput<Config, Cell, Summary> {
  /** Experiment name (`'dense-phase'`). */
  experiment: string;
  /** Format version of this file. */
  version: 1;
  /** Scale preset. */
  scale: ExperimentScale;
  /** Master seed. */
  seed: number;
  /** Every setting the cells were run with. */
  config: Config;
  /** One record per cell, in grid order. */
  cells: Cell[];
  /** Derived numbers (boundaries, fits, verdict inputs). */
  summary: Summary;
  /** Figure files written beside results.json. */
  figures: string[];
  /** Cells computed by this invocation (the rest came from an earlier, interrupted run). */
  cellsComputed: number;
  /** Wall time of this invocation, seconds. */
  wallSeconds: number;
  /** Only on a shard's run while other shards' cells are missing: how many (results.json is then not written). */
  missingCells?: number;
}
