import { createToyModel, train } from '@hyperposition/toy-models';
import { stableHash, openCellStore } from './cellStore.js';
import { dedicatedBaselineLoss } from './dedicatedBaseline.js';
import {
  directionStats,
  randomCosineDensity,
  sampleCosines,
  type DirectionStats,
} from './featureStats.js';
import { evaluateReluOutput, trainFrozenBaseline } from './frozenBaseline.js';
import { finishExperiment, throwIfAborted } from './runtime.js';
import type { ExperimentContext, ExperimentOutput, ExperimentScale } from './types.js';

/** Grid and training settings of the dense-phase study. */
export interface DensePhaseConfig {
  /** n values (features). */
  nFeatures: number[];
  /** d = m values (hidden dimensions). */
  nHidden: number[];
  /** S values (probability a feature is zero). */
  sparsity: number[];
  /** Training steps of the full model (AdamW, notebook defaults but lr). */
  steps: number;
  /** Samples per step. */
  batchSize: number;
  /** Peak learning rate of the full model (cosine decay to 0 over the run). */
  lr: number;
  /** Adam steps of the frozen-W baseline (scale and bias only). */
  frozenSteps: number;
  /** Samples of the final loss evaluation (same samples for every model of a cell). */
  evalSamples: number;
  /** Weight decay of AdamW. */
  weightDecay: number;
  /** L1 penalty on W (0 here; the sparse-directions study sweeps it). */
  l1W: number;
  /**
   * Skip grid cells with more weights than this (n·d), so that a preset can span wide ranges
   * of n and d without its most expensive corner; default: no limit.
   */
  maxWeights?: number;
}

/**
 * Scale presets. `paper` (n up to 2e4, d up to 512, without the n·d > 5.12e6 corner) takes about an hour on this 2-core machine with the fused engine (two processes sharing the directory).
 *
 * @example
 * ```ts
 * DENSE_PHASE_SCALES.small.nFeatures; // returns [200, 800]
 * DENSE_PHASE_SCALES.paper.nHidden; // returns [64, 128, 256, 512]
 * ```
 */
export const DENSE_PHASE_SCALES: Record<ExperimentScale, DensePhaseConfig> = {
  small: {
    nFeatures: [200, 800],
    nHidden: [16],
    sparsity: [0.99],
    steps: 500,
    batchSize: 128,
    lr: 1e-2,
    frozenSteps: 300,
    evalSamples: 2048,
    weightDecay: 0.01,
    l1W: 0,
  },
  paper: {
    nFeatures: [1000, 4000, 20000],
    nHidden: [64, 128, 256, 512],
    sparsity: [0.99, 0.999],
    steps: 600,
    batchSize: 128,
    lr: 1e-2,
    frozenSteps: 300,
    evalSamples: 2048,
    weightDecay: 0.01,
    l1W: 0,
    // n = 20,000 runs up to d = 256; d = 512 at n = 1,000 and 4,000 (the corner n = 20,000,
    // d = 512 is in `large`).
    maxWeights: 20_000 * 256,
  },
  large: {
    nFeatures: [1000, 2000, 5000, 10000, 20000, 50000],
    nHidden: [64, 128, 256, 512],
    sparsity: [0.9, 0.99, 0.999],
    steps: 5000,
    batchSize: 1024,
    lr: 1e-3,
    frozenSteps: 1000,
    evalSamples: 8192,
    weightDecay: 0.01,
    l1W: 0,
  },
};

/** One (n, d, S) cell of the dense-phase study. */
export interface DensePhaseCell {
  /** n. */
  nFeatures: number;
  /** d (= m). */
  nHidden: number;
  /** S. */
  sparsity: number;
  /** n / d. */
  ratio: number;
  /** Eval loss of the trained model. */
  lossTrained: number;
  /** Eval loss with W frozen at its random init (scale and bias trained). */
  lossFrozen: number;
  /** Eval loss of the bias-only model (nothing represented): n (p/3 - p^2/4) / n. */
  lossNothing: number;
  /** Analytic best loss keeping only d features ({@link dedicatedBaselineLoss}). */
  lossDedicated: number;
  /** Trained scale of the frozen baseline. */
  frozenScale: number;
  /** ||W - W0||_F / ||W0||_F. */
  relativeChange: number;
  /** Mean over features of cos(W0_i, W_i) (signed; 1 = direction kept). */
  meanCosInitFinal: number;
  /** Mean over features of |cos(W0_i, W_i)|. */
  meanAbsCosInitFinal: number;
  /** Fraction of features with ||W_i|| > 0.5. */
  fractionRepresented: number;
  /** Direction statistics of the represented learned columns (null if fewer than 2). */
  learned: DirectionStats | null;
  /** Signed cosines of 1000 seeded random pairs of represented learned directions (4 decimals), for the distribution figure. */
  cosineSample: number[];
  /** The same statistics of the random initial columns (all n). */
  init: DirectionStats | null;
  /** Wall time of the cell, seconds. */
  seconds: number;
}

/** Summary of the dense-phase grid. */
export interface DensePhaseSummary {
  /** Cells where the trained model is worse than representing nothing (bias only): too few steps for that cell. */
  cellsWorseThanNothing: number;
  /** Cells where the trained model beats the dedicated-dimension baseline. */
  cellsBeatingDedicated: number;
  /** Median over cells of (L_dedicated - L_frozen) / (L_dedicated - L_trained): the share of the gain random directions already reach, over the cells where the trained model beats the dedicated baseline (NaN if none). */
  medianFrozenShareOfGain: number;
  /** Median of mean cos(W0_i, W_i). */
  medianCosInitFinal: number;
  /** Median of learned mean |cos| / random mean |cos|. */
  medianMeanAbsCosRatio: number;
  /**
   * Per (d, S), along n/d: the smallest n/d where the trained loss is below the dedicated
   * baseline (null if none); the n/d where the fraction of represented features falls
   * through 1/2, interpolated linearly in log(n/d) between grid points (null if it does not
   * cross inside the grid); and the most represented features per dimension along the row.
   */
  boundary: {
    nHidden: number;
    sparsity: number;
    firstRatioBeatingDedicated: number | null;
    /** The largest n/d where the trained model beats the dedicated baseline (null if none). */
    lastRatioBeatingDedicated: number | null;
    /** The largest n/d where W frozen at its random init (scale and bias trained) beats it. */
    lastRatioFrozenBeatingDedicated: number | null;
    halfRepresentedRatio: number | null;
    maxRepresentedPerDimension: number;
    ratios: number[];
  }[];
}

/**
 * Where a decreasing sequence ys (over increasing xs > 0) falls through `level`,
 * interpolated linearly in log x; null when it does not cross inside the range.
 *
 * @param xs - increasing positive abscissae.
 * @param ys - values at xs.
 * @param level - the crossing level.
 * @returns x of the first downward crossing, or null.
 * @example
 * ```ts
 * logCrossing([10, 100], [0.9, 0.1], 0.5); // returns 31.62… (the geometric mean)
 * ```
 * @internal
 */
export function logCrossing(xs: number[], ys: number[], level: number): number | null {
  for (let i = 0; i + 1 < xs.length; i++) {
    if (ys[i] >= level && ys[i + 1] < level) {
      const t = (ys[i] - level) / (ys[i] - ys[i + 1]);
      return Math.exp(Math.log(xs[i]) + t * (Math.log(xs[i + 1]) - Math.log(xs[i])));
    }
  }
  return null;
}

/** The results.json of `hyperposition experiment dense-phase`. */
export type DensePhaseOutput = ExperimentOutput<
  DensePhaseConfig,
  DensePhaseCell,
  DensePhaseSummary
>;

function norm2(a: Float32Array, off: number, stride: number, len: number): number {
  let s = 0;
  for (let k = 0, t = off; k < len; k++, t += stride) s += a[t] * a[t];
  return s;
}

/**
 * How far training moved W from its initialisation: relative Frobenius change and the mean
 * cosine between each feature's initial and final direction.
 *
 * @param W0 - initial weights, row-major [m, n].
 * @param W - final weights, row-major [m, n].
 * @param m - rows.
 * @param n - columns (features).
 * @returns `relativeChange` = ||W - W0||_F / ||W0||_F, `meanCos` and `meanAbsCos` over columns (a zero column counts as cos 0).
 * @example
 * ```ts
 * weightMovement(Float32Array.of(1, 0, 0, 1), Float32Array.of(2, 0, 0, 2), 2, 2); // returns { relativeChange: 1, meanCos: 1, meanAbsCos: 1 }
 * ```
 */
export function weightMovement(
  W0: Float32Array,
  W: Float32Array,
  m: number,
  n: number,
): { relativeChange: number; meanCos: number; meanAbsCos: number } {
  let diff = 0;
  let base = 0;
  for (let t = 0; t < m * n; t++) {
    diff += (W[t] - W0[t]) ** 2;
    base += W0[t] ** 2;
  }
  let cosSum = 0;
  let absSum = 0;
  for (let j = 0; j < n; j++) {
    let dot = 0;
    for (let k = 0; k < m; k++) dot += W0[k * n + j] * W[k * n + j];
    const den = Math.sqrt(norm2(W0, j, n, m) * norm2(W, j, n, m));
    const c = den > 0 ? dot / den : 0;
    cosSum += c;
    absSum += Math.abs(c);
  }
  return { relativeChange: Math.sqrt(diff / base), meanCos: cosSum / n, meanAbsCos: absSum / n };
}

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Train and measure one cell. @internal */
export async function densePhaseCell(
  n: number,
  m: number,
  S: number,
  c: DensePhaseConfig,
  seed: string,
  signal?: AbortSignal,
  threads = 2,
): Promise<DensePhaseCell> {
  const t0 = Date.now();
  const p = 1 - S;
  // Unit-norm random columns (std 1/sqrt(m)): the frozen baseline is then "random directions".
  const model = createToyModel({
    nFeatures: n,
    nHidden: m,
    featureProbability: p,
    init: { kind: 'normal', std: 1 / Math.sqrt(m) },
    seed,
  });
  try {
    const W0 = model.snapshot().W;
    const result = await train(model, {
      steps: c.steps,
      batchSize: c.batchSize,
      lr: c.lr,
      schedule: { kind: 'cosine' },
      weightDecay: c.weightDecay,
      l1W: c.l1W,
      seed,
      signal,
      every: 50,
      engine: 'fused',
      threads,
    });
    if (result.aborted) throwIfAborted(signal);
    const snap = model.snapshot();
    const evalSeed = `${seed}:eval`;
    const lossTrained = evaluateReluOutput({ W: snap.W, b: snap.b, nFeatures: n, nHidden: m }, p, {
      samples: c.evalSamples,
      seed: evalSeed,
    });
    const frozen = trainFrozenBaseline(W0, m, n, {
      featureProbability: p,
      steps: c.frozenSteps,
      batchSize: c.batchSize,
      seed: `${seed}:frozen`,
      signal,
    });
    throwIfAborted(signal);
    const lossFrozen = evaluateReluOutput(
      { W: W0, b: frozen.b, scale: frozen.scale, nFeatures: n, nHidden: m },
      p,
      { samples: c.evalSamples, seed: evalSeed },
    );
    const move = weightMovement(W0, snap.W, m, n);
    const ones = new Array<number>(n).fill(1);
    let represented = 0;
    for (let j = 0; j < n; j++) if (norm2(snap.W, j, n, m) > 0.25) represented++;
    return {
      nFeatures: n,
      nHidden: m,
      sparsity: S,
      ratio: n / m,
      lossTrained,
      lossFrozen,
      lossNothing: p / 3 - (p * p) / 4,
      lossDedicated: dedicatedBaselineLoss(ones, p, m),
      frozenScale: frozen.scale,
      relativeChange: move.relativeChange,
      meanCosInitFinal: move.meanCos,
      meanAbsCosInitFinal: move.meanAbsCos,
      fractionRepresented: represented / n,
      learned: directionStats(snap.W, m, n),
      cosineSample: sampleCosines(snap.W, m, n, 1000, `${seed}:cosines`),
      init: directionStats(W0, m, n, 0),
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    model.dispose();
  }
}

/**
 * Dense superposition study (claim 1): for each (n, d, S) train the ReLU-output toy model
 * (Elhage et al. 2022) with unit-norm random init, and compare its loss with W frozen at
 * that init (scale and bias trained), with the analytic best loss of d dedicated dimensions
 * and with the bias-only model; measure how far W moved, the |cos| statistics of the learned
 * directions against random directions and the Welch bound, and the fraction represented.
 * Cells are saved in `ctx.dir/cells/` as they finish and reused on a rerun.
 *
 * @param ctx - output directory, scale, seed, progress and abort signal.
 * @param override - replace parts of the scale preset (tests, custom grids).
 * @returns the results (also written to `ctx.dir/results.json`, with figures).
 * @example
 * ```ts
 * import { useBackend } from '@hyperposition/toy-models';
 * await useBackend('wasm');
 * const out = await runDensePhase({ dir: 'runs/dense', scale: 'small', seed: 1 });
 * out.cells[0].lossTrained < out.cells[0].lossDedicated; // returns true (superposition beats d dedicated dimensions)
 * ```
 */
export async function runDensePhase(
  ctx: ExperimentContext,
  override: Partial<DensePhaseConfig> = {},
): Promise<DensePhaseOutput> {
  const t0 = Date.now();
  const config: DensePhaseConfig = { ...DENSE_PHASE_SCALES[ctx.scale], ...override };
  // A cell depends on its (n, d, S), the training settings and the seed, not on the rest of
  // the grid: a grown or shrunk grid reuses every finished cell.
  const { nFeatures: _n, nHidden: _d, sparsity: _s, maxWeights, ...perCell } = config;
  const store = openCellStore<DensePhaseCell>(
    ctx.dir,
    stableHash({ experiment: 'dense-phase', perCell, seed: ctx.seed }),
  );
  const grid: [number, number, number][] = [];
  for (const m of config.nHidden)
    for (const S of config.sparsity)
      for (const n of config.nFeatures)
        if (n > m && !(maxWeights !== undefined && n * m > maxWeights)) grid.push([n, m, S]);
  const shard = ctx.shard;
  if (
    shard &&
    !(
      Number.isInteger(shard.count) &&
      shard.count >= 1 &&
      Number.isInteger(shard.index) &&
      shard.index >= 0 &&
      shard.index < shard.count
    )
  ) {
    throw new RangeError(
      `runDensePhase: ctx.shard must be { index, count } with 0 <= index < count, got ${JSON.stringify(shard)}`,
    );
  }
  // Largest cells first (n·d sets the cost), so that processes sharing the grid finish
  // together; the results keep grid order.
  const order = [...grid.keys()].sort(
    (a, b) => grid[b][0] * grid[b][1] - grid[a][0] * grid[a][1] || a - b,
  );
  const keyOf = ([n, m, S]: [number, number, number]): string => `n${n}-d${m}-S${S}`;
  const found = new Map<string, DensePhaseCell>();
  let computed = 0;
  for (const i of order) {
    throwIfAborted(ctx.signal);
    const [n, m, S] = grid[i];
    const key = keyOf(grid[i]);
    let cell = store.get(key);
    const reused = cell !== undefined;
    if (!cell) {
      if (shard && i % shard.count !== shard.index) continue;
      if (!store.claim(key)) continue; // another process is computing it
      try {
        cell = store.get(key); // finished while we looked
        if (!cell) {
          cell = await densePhaseCell(
            n,
            m,
            S,
            config,
            `${ctx.seed}:${key}`,
            ctx.signal,
            ctx.threads,
          );
          store.put(key, cell);
          computed++;
        }
      } finally {
        store.release(key);
      }
    }
    found.set(key, cell);
    ctx.onCell?.(found.size, grid.length, key, reused);
  }
  const cells: DensePhaseCell[] = [];
  for (const g of grid) {
    const cell = found.get(keyOf(g)) ?? store.get(keyOf(g));
    if (cell) cells.push(cell);
  }
  if (cells.length < grid.length) {
    // Other processes' cells are still running: the last one to finish (or a rerun)
    // assembles results.json.
    const out = emptyOutput(ctx, config, cells, computed, t0);
    out.missingCells = grid.length - cells.length;
    return out;
  }
  const boundary = config.nHidden.flatMap((m) =>
    config.sparsity.map((S) => {
      const row = cells
        .filter((c) => c.nHidden === m && c.sparsity === S)
        .sort((a, b) => a.ratio - b.ratio);
      const first = row.find((c) => c.lossTrained < c.lossDedicated);
      const last = row.filter((c) => c.lossTrained < c.lossDedicated).at(-1);
      const lastFrozen = row.filter((c) => c.lossFrozen < c.lossDedicated).at(-1);
      return {
        nHidden: m,
        sparsity: S,
        firstRatioBeatingDedicated: first ? first.ratio : null,
        lastRatioBeatingDedicated: last ? last.ratio : null,
        lastRatioFrozenBeatingDedicated: lastFrozen ? lastFrozen.ratio : null,
        halfRepresentedRatio: logCrossing(
          row.map((c) => c.ratio),
          row.map((c) => c.fractionRepresented),
          0.5,
        ),
        maxRepresentedPerDimension: Math.max(0, ...row.map((c) => c.fractionRepresented * c.ratio)),
        ratios: row.map((c) => c.ratio),
      };
    }),
  );
  const summary: DensePhaseSummary = {
    cellsWorseThanNothing: cells.filter((c) => c.lossTrained > c.lossNothing).length,
    cellsBeatingDedicated: cells.filter((c) => c.lossTrained < c.lossDedicated).length,
    medianFrozenShareOfGain: median(
      cells
        .filter((c) => c.lossTrained < c.lossDedicated)
        .map((c) => (c.lossDedicated - c.lossFrozen) / (c.lossDedicated - c.lossTrained)),
    ),
    medianCosInitFinal: median(cells.map((c) => c.meanCosInitFinal)),
    medianMeanAbsCosRatio: median(
      cells.map((c) => (c.learned ? c.learned.meanAbsCos / c.learned.randomMeanAbsCos : NaN)),
    ),
    boundary,
  };
  const figures = ctx.figures === false ? [] : await densePhaseFigures(ctx.dir, cells, config);
  return finishExperiment(ctx, 'dense-phase', config, cells, summary, figures, computed, t0);
}

function emptyOutput(
  ctx: ExperimentContext,
  config: DensePhaseConfig,
  cells: DensePhaseCell[],
  computed: number,
  t0: number,
): DensePhaseOutput {
  return {
    experiment: 'dense-phase',
    version: 1,
    scale: ctx.scale,
    seed: ctx.seed,
    config,
    cells,
    summary: {
      cellsWorseThanNothing: 0,
      cellsBeatingDedicated: 0,
      medianFrozenShareOfGain: NaN,
      medianCosInitFinal: NaN,
      medianMeanAbsCosRatio: NaN,
      boundary: [],
    },
    figures: [],
    cellsComputed: computed,
    wallSeconds: (Date.now() - t0) / 1000,
  };
}

/**
 * The dense-phase figures, as SVG files in `dir`: the coherence of learned against random
 * directions per d, and the cosine histogram of every cell that kept a sample. Also what
 * `hyperposition figures results.json` redraws from a saved run.
 * @returns the file names written.
 * @internal
 */
export async function densePhaseFigures(
  dir: string,
  cells: DensePhaseCell[],
  config: DensePhaseConfig,
): Promise<string[]> {
  const { coherenceCurve } = await import('@hyperposition/plots');
  const { createDocument, writeSvg } = await import('@hyperposition/plots/node');
  const { join } = await import('node:path');
  const document = createDocument();
  const files: string[] = [];
  for (const m of config.nHidden) {
    const series = config.sparsity.flatMap((S) => {
      const row = cells
        .filter((c) => c.nHidden === m && c.sparsity === S && c.learned)
        .sort((a, b) => a.nFeatures - b.nFeatures);
      if (row.length === 0) return [];
      return [
        {
          label: `learned, S=${S}`,
          n: row.map((c) => c.learned!.features),
          coherence: row.map((c) => c.learned!.coherence),
        },
        {
          label: `random init, S=${S}`,
          n: row.map((c) => c.nFeatures),
          coherence: row.map((c) => c.init!.coherence),
        },
      ];
    });
    if (series.length === 0) continue;
    const svg = coherenceCurve(series, {
      d: m,
      document,
      title: `Coherence of learned vs random directions, d = ${m}`,
      subtitle:
        'max |cos| over represented features (learned: at their count), random init at n; Welch bound for reference',
    });
    const name = `dense-phase-coherence-d${m}.svg`;
    await writeSvg(join(dir, name), svg);
    files.push(name);
  }
  const { cosineHistogram } = await import('@hyperposition/plots');
  for (const c of cells) {
    if (!c.cosineSample || c.cosineSample.length === 0 || !c.learned) continue;
    // |cos| has twice the density of the signed cosine on [0, 1).
    const x = Array.from({ length: 81 }, (_, i) => i * 0.01);
    const svg = cosineHistogram(
      {
        cosines: c.cosineSample,
        n: c.learned.features,
        d: c.nHidden,
        random: { x, density: x.map((v) => 2 * randomCosineDensity(v, c.nHidden)) },
      },
      {
        document,
        title: `Cosines between learned directions, n = ${c.nFeatures}, d = ${c.nHidden}, S = ${c.sparsity}`,
        subtitle: `${c.learned.features} represented features, 1000 random pairs; curve: random directions`,
      },
    );
    const name = `dense-phase-cosines-n${c.nFeatures}-d${c.nHidden}-S${c.sparsity}.svg`;
    await writeSvg(join(dir, name), svg);
    files.push(name);
  }
  return files;
}
