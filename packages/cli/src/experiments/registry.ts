import {
  densePhaseFigures,
  runDensePhase,
  type DensePhaseCell,
  type DensePhaseConfig,
} from './densePhase.js';
import {
  learnedPrimitivesFigures,
  runLearnedPrimitives,
  type LearnedPrimitivesCell,
  type LearnedPrimitivesConfig,
} from './learnedPrimitives.js';
import {
  runSparseDirections,
  sparseDirectionsFigures,
  type SparseDirectionsCell,
} from './sparseDirections.js';
import type { ExperimentContext, ExperimentOutput } from './types.js';

/** A registered study: what `hyperposition experiment <name>` runs. */
export interface ExperimentEntry {
  /** One-line description for the help text. */
  readonly summary: string;
  /** Runs the study at `ctx.scale`, writing results.json and figures into `ctx.dir`. */
  readonly run: (ctx: ExperimentContext) => Promise<ExperimentOutput<unknown, unknown, unknown>>;
  /**
   * Draws the study's figures into `dir` from the `config` and `cells` of its results.json
   * (checked by the caller to be this study's, of version 1); returns the file names.
   */
  readonly figures: (dir: string, config: unknown, cells: unknown[]) => Promise<string[]>;
}

/**
 * The research experiments by name.
 *
 * @example
 * ```ts
 * await EXPERIMENTS['dense-phase'].run({ dir: 'runs/dense', scale: 'small', seed: 1 });
 * ```
 */
export const EXPERIMENTS: Readonly<
  Record<'dense-phase' | 'sparse-directions' | 'learned-primitives', ExperimentEntry>
> = {
  'dense-phase': {
    summary:
      'trained vs frozen-random vs dedicated-dimension loss, weight movement, |cos| vs random and Welch, over n, d and S',
    run: runDensePhase,
    figures: (dir, config, cells) =>
      densePhaseFigures(dir, cells as DensePhaseCell[], config as DensePhaseConfig),
  },
  'sparse-directions': {
    summary:
      'L1 on W swept: Hoyer sparsity and near-zero fraction vs interference and loss, vs random k-sparse codes',
    run: runSparseDirections,
    figures: (dir, _config, cells) => sparseDirectionsFigures(dir, cells as SparseDirectionsCell[]),
  },
  'learned-primitives': {
    summary:
      'linear add/permute of bundles, MLP Hadamard product (GELU, Swish, ReLU) vs the four-unit construction, attention clean-up vs arg-max and capacity theory',
    run: runLearnedPrimitives,
    figures: (dir, config, cells) =>
      learnedPrimitivesFigures(
        dir,
        cells as LearnedPrimitivesCell[],
        config as LearnedPrimitivesConfig,
      ),
  },
};

/** Names of the registered experiments. */
export type ExperimentName = keyof typeof EXPERIMENTS;
