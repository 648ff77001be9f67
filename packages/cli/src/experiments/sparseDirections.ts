import { createRng } from '@hyperposition/hypervector';
import {
  absCosDistribution,
  featureSparsity,
  sparseRandomAbsCos,
  sparseRandomDirections,
} from '@hyperposition/interference';
import { createToyModel, train } from '@hyperposition/toy-models';
import { openCellStore, stableHash } from './cellStore.js';
import {
  directionStats,
  experimentPairMethod,
  representedColumns,
  type DirectionStats,
} from './featureStats.js';
import { evaluateReluOutput } from './frozenBaseline.js';
import { finishExperiment, throwIfAborted } from './runtime.js';
import type { ExperimentContext, ExperimentOutput, ExperimentScale } from './types.js';

/** Settings of the sparse-directions study (L1 on W, a preferred basis). */
export interface SparseDirectionsConfig {
  /** n. */
  nFeatures: number;
  /** d = m. */
  nHidden: number;
  /** S values. */
  sparsity: number[];
  /**
   * L1 strengths in units of c: the penalty is l1W * sum |W| with
   * l1W = c * (p/3 - p^2/4) / (n sqrt(d)), so c = 1 makes the penalty of n dense unit-norm
   * columns about as large as the loss of representing nothing.
   */
  l1Relative: number[];
  /** Training steps (AdamW). */
  steps: number;
  /** Samples per step. */
  batchSize: number;
  /** Peak learning rate (cosine decay to 0). */
  lr: number;
  /** Evaluation samples. */
  evalSamples: number;
  /** A component counts as zero when |w| <= this fraction of its column's max |w|. */
  zeroThreshold: number;
}

/**
 * Scale presets (`paper`: about 10 minutes on 2 shared cores).
 *
 * @example
 * ```ts
 * SPARSE_DIRECTIONS_SCALES.small.l1Relative; // returns [0, 1]
 * ```
 */
export const SPARSE_DIRECTIONS_SCALES: Record<ExperimentScale, SparseDirectionsConfig> = {
  small: {
    nFeatures: 200,
    nHidden: 16,
    sparsity: [0.95],
    l1Relative: [0, 1],
    steps: 500,
    batchSize: 128,
    lr: 1e-2,
    evalSamples: 2048,
    zeroThreshold: 0.05,
  },
  paper: {
    nFeatures: 1000,
    nHidden: 64,
    sparsity: [0.99],
    l1Relative: [0, 0.1, 0.3, 1, 3],
    steps: 800,
    batchSize: 128,
    lr: 1e-2,
    evalSamples: 4096,
    zeroThreshold: 0.05,
  },
  large: {
    nFeatures: 10000,
    nHidden: 256,
    sparsity: [0.99, 0.999],
    l1Relative: [0, 0.03, 0.1, 0.3, 1, 3, 10],
    steps: 5000,
    batchSize: 1024,
    lr: 1e-3,
    evalSamples: 8192,
    zeroThreshold: 0.05,
  },
};

/** One (S, L1) cell. */
export interface SparseDirectionsCell {
  /** S. */
  sparsity: number;
  /** Relative strength c. */
  l1Relative: number;
  /** The trainer's l1W. */
  l1W: number;
  /** Eval loss (without the penalty). */
  loss: number;
  /** Loss of representing nothing (bias only). */
  lossNothing: number;
  /** Fraction of features with norm > 0.5. */
  fractionRepresented: number;
  /** Mean Hoyer sparsity of represented columns (0 dense, 1 one-hot). */
  hoyer: number;
  /** Mean fraction of near-zero components of represented columns. */
  nearZeroFraction: number;
  /** Mean number of non-zero components k = d (1 - nearZeroFraction). */
  nonZeros: number;
  /** |cos| statistics of the represented learned columns. */
  learned: DirectionStats | null;
  /** Mean |cos| of random k-sparse sign vectors in d dimensions (exact). */
  sparseRandomMeanAbsCos: number;
  /** Coherence of as many random k-sparse sign vectors (one seeded draw, all pairs). */
  sparseRandomCoherence: number;
  /** Hoyer sparsity of a k-sparse sign vector. */
  sparseRandomHoyer: number;
  /** Wall time, seconds. */
  seconds: number;
}

/** Summary of the sweep. */
export interface SparseDirectionsSummary {
  /** Spearman-free check: Hoyer at the strongest L1 minus Hoyer at L1 = 0, per S. */
  hoyerGain: {
    sparsity: number;
    hoyerNoL1: number;
    hoyerMaxL1: number;
    meanAbsCosNoL1: number;
    meanAbsCosMaxL1: number;
    sparseRandomMeanAbsCosMaxL1: number;
  }[];
}

/** The results.json of `hyperposition experiment sparse-directions`. */
export type SparseDirectionsOutput = ExperimentOutput<
  SparseDirectionsConfig,
  SparseDirectionsCell,
  SparseDirectionsSummary
>;

function mean(xs: ArrayLike<number>, idx?: number[]): number {
  const list = idx ?? Array.from({ length: xs.length }, (_, i) => i);
  if (list.length === 0) return NaN;
  let s = 0;
  for (const i of list) s += xs[i];
  return s / list.length;
}

/** Train and measure one cell. @internal */
export async function sparseDirectionsCell(
  S: number,
  c: number,
  cfg: SparseDirectionsConfig,
  seed: string,
  signal?: AbortSignal,
): Promise<SparseDirectionsCell> {
  const t0 = Date.now();
  const { nFeatures: n, nHidden: m } = cfg;
  const p = 1 - S;
  const lossNothing = p / 3 - (p * p) / 4;
  const l1W = (c * lossNothing) / (n * Math.sqrt(m));
  const model = createToyModel({
    nFeatures: n,
    nHidden: m,
    featureProbability: p,
    init: { kind: 'normal', std: 1 / Math.sqrt(m) },
    seed,
  });
  try {
    const r = await train(model, {
      steps: cfg.steps,
      batchSize: cfg.batchSize,
      lr: cfg.lr,
      schedule: { kind: 'cosine' },
      l1W,
      seed,
      signal,
      every: 50,
    });
    if (r.aborted) throwIfAborted(signal);
    const snap = model.snapshot();
    const loss = evaluateReluOutput({ W: snap.W, b: snap.b, nFeatures: n, nHidden: m }, p, {
      samples: cfg.evalSamples,
      seed: `${seed}:eval`,
    });
    const sub = representedColumns(snap.W, m, n);
    const sp =
      sub.cols > 0
        ? featureSparsity(
            { data: sub.data, rows: m, cols: sub.cols },
            { threshold: cfg.zeroThreshold },
          )
        : null;
    const nearZero = sp ? mean(sp.nearZeroFraction) : NaN;
    const k = Number.isFinite(nearZero)
      ? Math.max(1, Math.min(m, Math.round(m * (1 - nearZero))))
      : m;
    let sparseRandomCoherence = NaN;
    if (sub.cols >= 2) {
      const R = sparseRandomDirections(sub.cols, m, k, { rng: createRng(`${seed}:sparse-random`) });
      sparseRandomCoherence = absCosDistribution(R, {
        features: 'rows',
        quantiles: [],
        method: experimentPairMethod(sub.cols, m),
        rng: createRng(`${seed}:sparse-random-pairs`),
      }).coherence;
    }
    return {
      sparsity: S,
      l1Relative: c,
      l1W,
      loss,
      lossNothing,
      fractionRepresented: sub.cols / n,
      hoyer: sp ? mean(sp.hoyer) : NaN,
      nearZeroFraction: nearZero,
      nonZeros: m * (1 - nearZero),
      learned: directionStats(snap.W, m, n),
      sparseRandomMeanAbsCos: sparseRandomAbsCos(m, k).mean,
      sparseRandomCoherence,
      // Hoyer of a k-sparse sign vector: (sqrt(d) - sqrt(k)) / (sqrt(d) - 1).
      sparseRandomHoyer: m > 1 ? (Math.sqrt(m) - Math.sqrt(k)) / (Math.sqrt(m) - 1) : 0,
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    model.dispose();
  }
}

/**
 * Preferred-basis study (claim 2): train the ReLU-output toy model (Elhage et al. 2022) with
 * an L1 penalty on W swept over several strengths, and set per-feature sparsity (Hoyer 2004,
 * fraction near zero) against interference (mean |cos|, coherence) and loss, next to random
 * k-sparse sign codes with the same number of non-zeros. Cells are saved as they finish and
 * reused on a rerun.
 *
 * @param ctx - output directory, scale, seed, progress and abort signal.
 * @param override - replace parts of the scale preset.
 * @returns the results (also written to `ctx.dir/results.json`, with figures).
 * @example
 * ```ts
 * import { useBackend } from '@hyperposition/toy-models';
 * await useBackend('wasm');
 * const out = await runSparseDirections({ dir: 'runs/sparse', scale: 'small', seed: 1 });
 * out.cells.at(-1)!.hoyer > out.cells[0].hoyer; // returns true (L1 makes directions sparser)
 * ```
 */
export async function runSparseDirections(
  ctx: ExperimentContext,
  override: Partial<SparseDirectionsConfig> = {},
): Promise<SparseDirectionsOutput> {
  const t0 = Date.now();
  const config: SparseDirectionsConfig = { ...SPARSE_DIRECTIONS_SCALES[ctx.scale], ...override };
  const store = openCellStore<SparseDirectionsCell>(
    ctx.dir,
    stableHash({ experiment: 'sparse-directions', config, seed: ctx.seed }),
  );
  const grid: [number, number][] = config.sparsity.flatMap((S) =>
    config.l1Relative.map((c): [number, number] => [S, c]),
  );
  const cells: SparseDirectionsCell[] = [];
  let computed = 0;
  for (const [S, c] of grid) {
    throwIfAborted(ctx.signal);
    const key = `S${S}-l1c${c}`;
    let cell = store.get(key);
    const reused = cell !== undefined;
    if (!cell) {
      // One init seed per S: every L1 strength starts from the same W.
      cell = await sparseDirectionsCell(S, c, config, `${ctx.seed}:S${S}`, ctx.signal);
      store.put(key, cell);
      computed++;
    }
    cells.push(cell);
    ctx.onCell?.(cells.length, grid.length, key, reused);
  }
  const summary: SparseDirectionsSummary = {
    hoyerGain: config.sparsity.map((S) => {
      const row = cells.filter((c) => c.sparsity === S).sort((a, b) => a.l1Relative - b.l1Relative);
      const lo = row[0];
      const hi = row[row.length - 1];
      return {
        sparsity: S,
        hoyerNoL1: lo.hoyer,
        hoyerMaxL1: hi.hoyer,
        meanAbsCosNoL1: lo.learned?.meanAbsCos ?? NaN,
        meanAbsCosMaxL1: hi.learned?.meanAbsCos ?? NaN,
        sparseRandomMeanAbsCosMaxL1: hi.sparseRandomMeanAbsCos,
      };
    }),
  };
  const figures = ctx.figures === false ? [] : await sparseDirectionsFigures(ctx.dir, cells);
  return finishExperiment(ctx, 'sparse-directions', config, cells, summary, figures, computed, t0);
}

/**
 * The sparse-directions figure, as an SVG file in `dir`: mean |cos| against the Hoyer sparsity
 * of the learned directions, beside random k-sparse codes. Also what `hyperposition figures
 * results.json` redraws from a saved run.
 * @returns the file names written.
 * @internal
 */
export async function sparseDirectionsFigures(
  dir: string,
  cells: SparseDirectionsCell[],
): Promise<string[]> {
  const { sparseInterference } = await import('@hyperposition/plots');
  const { createDocument, writeSvg } = await import('@hyperposition/plots/node');
  const { join } = await import('node:path');
  const ok = cells.filter((c) => c.learned && Number.isFinite(c.hoyer));
  if (ok.length === 0) return [];
  const svg = sparseInterference(
    {
      points: {
        label: 'trained with L1 on W',
        sparsity: ok.map((c) => c.hoyer),
        interference: ok.map((c) => c.learned!.meanAbsCos),
      },
      baseline: {
        label: 'random k-sparse sign codes',
        sparsity: ok.map((c) => c.sparseRandomHoyer),
        interference: ok.map((c) => c.sparseRandomMeanAbsCos),
      },
    },
    {
      document: createDocument(),
      title: 'Sparser directions, same interference?',
      subtitle: 'x: mean Hoyer sparsity of represented columns; y: mean |cos|',
      xLabel: 'mean Hoyer sparsity of the represented columns of W',
      yLabel: 'mean |cos|',
    },
  );
  const name = 'sparse-directions-hoyer-vs-interference.svg';
  await writeSvg(join(dir, name), svg);
  return [name];
}
