import type { CapacitySeries } from '../figures/capacity.js';
import type { CoherenceSeries } from '../figures/coherenceCurve.js';
import type { CosineHistogramInput } from '../figures/cosineHistogram.js';
import type { DimensionalityInstance } from '../figures/featureDimensionality.js';
import type { PhaseBoundary, PhaseCell } from '../figures/phaseDiagram.js';
import type { SparseInterferenceInput } from '../figures/sparseInterference.js';
import type { SweepColumn } from '../figures/sparsitySweep.js';
import type { LossCurve } from '../figures/trainingLoss.js';
import { galleryRng, normalCdf, round, type GalleryRng } from './random.js';

/**
 * The seeded example inputs of every gallery figure (the snapshot tests render these).
 *
 * @example
 * ```ts
 * const { phase } = galleryInputs();
 * phase.cells.length; // 169 grid points
 * ```
 */
export interface GalleryInputs {
  /** n = 5, m = 2 near-pentagon, `[2, 5]` rows, and its importances 0.9^i. */
  pentagon: { W: number[][]; importance: number[] };
  /** n = 8 random directions in m = 3 dimensions with decreasing norms, `[3, 8]` rows, importance 0.8^i. */
  projected: { W: number[][]; importance: number[] };
  /** n = 12, m = 4 at three sparsities, each `{ data, rows: 4, cols: 12 }`, and importances 0.85^i. */
  instances: {
    W: { data: Float64Array; rows: number; cols: number }[];
    labels: string[];
    importance: number[];
  };
  /** n = 5, m = 2 sweep over S = 0, 0.7, 0.8, 0.9, 0.99. */
  sweep: { columns: SweepColumn[]; importance: number[] };
  /** n = 2, m = 1 phase diagram from the exact losses, and the two theoretical boundaries. */
  phase: { cells: PhaseCell[]; boundaries: PhaseBoundary[] };
  /** 16 instances of 20 features with dimensionalities near the paper's fractions. */
  dimensionality: DimensionalityInstance[];
  /** |cos| of 120 near-random directions in d = 16, with the random-direction density. */
  cosines: CosineHistogramInput;
  /** Coherence of random and spread-out directions in d = 16 for n = 20 to 160. */
  coherence: CoherenceSeries[];
  /** 40 features of varied sparsity and their interference, with a random baseline. */
  interference: SparseInterferenceInput;
  /** MAP-I, MAP-B, FHRR at d = 256 and N = 100 items: theory and simulated measurements. */
  capacity: CapacitySeries[];
  /** Six loss curves of 200 logged steps. */
  loss: LossCurve[];
}

function polygon(n: number, scale: number, rng: GalleryRng, noise: number): number[][] {
  const W = [new Array<number>(n), new Array<number>(n)];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n + noise * rng.normal();
    W[0][i] = round(scale * Math.cos(a));
    W[1][i] = round(scale * Math.sin(a));
  }
  return W;
}

function unitColumns(m: number, n: number, rng: GalleryRng): number[][] {
  const W = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const v = Array.from({ length: m }, () => rng.normal());
    const norm = Math.hypot(...v);
    for (let i = 0; i < m; i++) W[i][j] = v[i] / norm;
  }
  return W;
}

function maxAbsCos(W: number[][]): { all: number[]; max: number } {
  const m = W.length;
  const n = W[0].length;
  const all: number[] = [];
  let max = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += W[i][a] * W[i][b];
      all.push(s);
      max = Math.max(max, Math.abs(s));
    }
  }
  return { all, max };
}

/** Spread random directions apart a little (a few steps of pairwise repulsion), as training would. */
function spread(W: number[][], steps: number): number[][] {
  const m = W.length;
  const n = W[0].length;
  const V = W.map((row) => row.slice());
  for (let t = 0; t < steps; t++) {
    const G = Array.from({ length: m }, () => new Array<number>(n).fill(0));
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        if (a === b) continue;
        let s = 0;
        for (let i = 0; i < m; i++) s += V[i][a] * V[i][b];
        for (let i = 0; i < m; i++) G[i][a] += s * s * s * V[i][b];
      }
    }
    for (let a = 0; a < n; a++) {
      let norm = 0;
      for (let i = 0; i < m; i++) {
        V[i][a] -= 0.3 * G[i][a];
        norm += V[i][a] ** 2;
      }
      norm = Math.sqrt(norm);
      for (let i = 0; i < m; i++) V[i][a] /= norm;
    }
  }
  return V;
}

/** Density of |cos| between two random directions in d dimensions, (1 - c^2)^((d - 3) / 2), normalised numerically. */
function randomCosDensity(d: number, points: number): { x: number[]; density: number[] } {
  const x = Array.from({ length: points }, (_, k) => k / (points - 1));
  const raw = x.map((c) => Math.pow(Math.max(0, 1 - c * c), (d - 3) / 2));
  let area = 0;
  for (let k = 1; k < points; k++) area += ((raw[k] + raw[k - 1]) / 2) * (x[k] - x[k - 1]);
  return { x: x.map((v) => round(v)), density: raw.map((v) => round(v / area)) };
}

/** Frady, Kleyko and Sommer (2018): P(correct) = integral phi(h) Phi(h + sqrt(dEff / K))^(N - 1) dh. */
function retrieval(dEff: number, K: number, N: number): number {
  const s = Math.sqrt(dEff / K);
  let sum = 0;
  const h0 = -8;
  const dh = 16 / 800;
  for (let q = 0; q <= 800; q++) {
    const h = h0 + q * dh;
    const w = q === 0 || q === 800 ? 0.5 : 1;
    sum +=
      w * (Math.exp((-h * h) / 2) / Math.sqrt(2 * Math.PI)) * Math.pow(normalCdf(h + s), N - 1);
  }
  return Math.min(1, sum * dh);
}

/**
 * Build the gallery's inputs from fixed seeds: the same numbers on every run and engine
 * (rounded to 4 decimals).
 *
 * @returns the {@link GalleryInputs}.
 * @example
 * ```ts
 * const { pentagon } = galleryInputs();
 * pentagon.W.length; // 2 (hidden dimensions); pentagon.W[0].length === 5 features
 * ```
 */
export function galleryInputs(): GalleryInputs {
  const imp5 = [0, 1, 2, 3, 4].map((i) => round(0.9 ** i));

  const pentagon = { W: polygon(5, 1.08, galleryRng(1), 0.01), importance: imp5 };

  const rngO = galleryRng(2);
  const dirs = unitColumns(3, 8, rngO);
  const projected = {
    W: dirs.map((row) => row.map((x, j) => round(x * (1.1 - 0.08 * j)))),
    importance: Array.from({ length: 8 }, (_, i) => round(0.8 ** i)),
  };

  const rngI = galleryRng(3);
  const n = 12;
  const m = 4;
  const instanceW = [4, 7, 12].map((represented) => {
    const data = new Float64Array(m * n);
    const dirs = represented <= m ? null : unitColumns(m, represented, rngI);
    for (let j = 0; j < represented; j++) {
      for (let i = 0; i < m; i++) {
        const v = dirs ? dirs[i][j] : i === j ? 1 : 0;
        data[i * n + j] = round(v * (1 + 0.03 * rngI.normal()));
      }
    }
    return { data, rows: m, cols: n };
  });
  const instances = {
    W: instanceW,
    labels: ['S = 0', 'S = 0.9', 'S = 0.99'],
    importance: Array.from({ length: n }, (_, i) => round(0.85 ** i)),
  };

  const rngS = galleryRng(4);
  const jitter = (W: number[][], s: number): number[][] =>
    W.map((row) => row.map((x) => round(x + s * rngS.normal())));
  const sweep = {
    importance: imp5,
    columns: [
      {
        sparsity: 0,
        W: jitter(
          [
            [1, 0, 0, 0, 0],
            [0, 1, 0, 0, 0],
          ],
          0.01,
        ),
      },
      {
        sparsity: 0.5,
        W: jitter(
          [
            [1, 0, 0.25, 0, 0],
            [0, 1, 0, 0.1, 0],
          ],
          0.01,
        ),
      },
      {
        sparsity: 0.8,
        W: jitter(
          [
            [1, -1, 0, 0, 0],
            [0, 0, 1, -1, 0],
          ],
          0.015,
        ),
      },
      { sparsity: 0.9, W: polygon(5, 1.08, rngS, 0.02) },
      { sparsity: 0.99, W: polygon(5, 1.13, rngS, 0.02) },
    ],
  };

  const rs = Array.from({ length: 13 }, (_, k) => round(Math.pow(10, -1 + k / 6)));
  const ps = Array.from({ length: 13 }, (_, k) => round(Math.pow(10, -2 + k / 6)));
  const cells: PhaseCell[] = [];
  for (const r of rs) {
    for (const p of ps) {
      // exact losses of the three candidate solutions (n = 2, m = 1)
      const ignoreExtra = r * (p / 3 - (p * p) / 4);
      const dropFirst = p / 3 - (p * p) / 4;
      const antipodal = ((1 + r) * p * p) / 6;
      const best = Math.min(ignoreExtra, dropFirst, antipodal);
      cells.push({
        relativeImportance: r,
        density: p,
        phase:
          best === antipodal
            ? 'superposition'
            : best === ignoreExtra
              ? 'not-represented'
              : 'dedicated',
      });
    }
  }
  const lowR = Array.from({ length: 40 }, (_, k) => round(Math.pow(10, -1.1 + (1.1 * k) / 39)));
  const highR = Array.from({ length: 40 }, (_, k) => round(Math.pow(10, (1.1 * k) / 39)));
  const phase = {
    cells,
    boundaries: [
      {
        label: 'theory (r < 1): p = 4r/(2+5r)',
        relativeImportance: lowR,
        density: lowR.map((r) => round((4 * r) / (2 + 5 * r))),
      },
      {
        label: 'theory (r > 1): p = 4/(5+2r)',
        relativeImportance: highR,
        density: highR.map((r) => round(4 / (5 + 2 * r))),
      },
    ],
  };

  const rngD = galleryRng(5);
  const dimensionality: DimensionalityInstance[] = [];
  for (let k = 0; k < 16; k++) {
    const S = round(1 - Math.pow(20, -k / 15));
    const x = 1 / (1 - S);
    const fractions =
      x < 1.4
        ? [1, 1, 0]
        : x < 2.2
          ? [1, 0.75, 0.5, 0]
          : x < 3.5
            ? [0.5, 0.5, 0.5, 2 / 3]
            : [0.4, 3 / 8, 1 / 3, 0.5, 0.25];
    const D = Array.from({ length: 20 }, (_, i) => {
      const f = fractions[(i + k) % fractions.length];
      return round(Math.max(0, f === 0 ? 0 : f + 0.012 * rngD.normal()));
    });
    const dstar = x < 1.4 ? 1 : x < 2.2 ? 0.75 : x < 3.5 ? 0.5 : 0.5 * Math.pow(3.5 / x, 0.75);
    dimensionality.push({
      sparsity: S,
      featureDimensionality: D,
      dimensionsPerFeature: round(dstar),
    });
  }

  const d = 16;
  const rngC = galleryRng(6);
  const learned = spread(unitColumns(d, 120, rngC), 60);
  const cosines: CosineHistogramInput = {
    cosines: maxAbsCos(learned).all.map((c) => round(c)),
    n: 120,
    d,
    random: randomCosDensity(d, 101),
  };

  const ns = [20, 40, 80, 160];
  const rngH = galleryRng(7);
  const coherence: CoherenceSeries[] = [
    {
      label: 'random directions',
      n: ns,
      coherence: ns.map((k) => round(maxAbsCos(unitColumns(d, k, rngH)).max)),
    },
    {
      label: 'learned (spread)',
      n: ns,
      coherence: ns.map((k) => round(maxAbsCos(spread(unitColumns(d, k, rngH), 20)).max)),
    },
  ];

  const rngF = galleryRng(8);
  const sparsities = Array.from({ length: 40 }, (_, i) => round(1 - Math.pow(10, -2 * (i / 39))));
  const interference: SparseInterferenceInput = {
    points: {
      label: 'features of the trained model',
      sparsity: sparsities,
      interference: sparsities.map((S) => round(Math.max(0, 0.9 * S ** 6 + 0.04 * rngF.normal()))),
    },
    baseline: {
      label: 'random directions (same n, m)',
      sparsity: sparsities,
      interference: sparsities.map(() => round(Math.max(0, 0.45 + 0.06 * rngF.normal()))),
    },
  };

  const dim = 256;
  const N = 100;
  const Ks = [4, 8, 12, 16, 20, 24, 32, 40, 48, 64];
  const Kt = Array.from({ length: 63 }, (_, k) => k + 2);
  const rngK = galleryRng(9);
  const trials = 200;
  const models: [string, number][] = [
    ['MAP-I', dim],
    ['MAP-B (sign)', (2 * dim) / Math.PI],
    ['FHRR', 2 * dim],
  ];
  const capacity: CapacitySeries[] = models.map(([model, dEff]) => ({
    model,
    bundleSize: Ks,
    accuracy: Ks.map((K) => {
      const p = retrieval(dEff, K, N);
      let hits = 0;
      for (let t = 0; t < trials; t++) if (rngK.uniform() < p) hits++;
      return round(hits / trials);
    }),
    theory: { bundleSize: Kt, accuracy: Kt.map((K) => round(retrieval(dEff, K, N))) },
  }));

  const rngL = galleryRng(10);
  const loss: LossCurve[] = [0, 0.5, 0.7, 0.8, 0.9, 0.99].map((S, k) => {
    const floor = 0.02 * (1 - S) + 1e-4;
    const start = 0.08 * (1 - S) + 0.002;
    const rate = 300 + 150 * k;
    const step = Array.from({ length: 200 }, (_, t) => t * 50);
    return {
      label: `S = ${S}`,
      step,
      loss: step.map((s) =>
        round(floor + (start - floor) * Math.exp(-s / rate) * (1 + 0.05 * rngL.normal()), 7),
      ),
    };
  });

  return {
    pentagon,
    projected,
    instances,
    sweep,
    phase,
    dimensionality,
    cosines,
    coherence,
    interference,
    capacity,
    loss,
  };
}
