// Settings of the live examples that the browser tests rely on, in one place so the page
// and the test cannot drift apart.

/** The n = 5, m = 2 example (Elhage et al. 2022, intro figure). */
export const pentagonDemo = {
  nFeatures: 5,
  nHidden: 2,
  /** Importance I_i = 0.9^i. */
  importanceDecay: 0.9,
  /** Three times the notebook's 1e-3, so a run converges in 2,000 steps. */
  lr: 3e-3,
  /** Half the paper's 1024, so three restarts train at the speed of one full-batch run. */
  batchSize: 512,
  /**
   * The training engine by default: `'fused'` runs each step on typed arrays (about 0.1 ms
   * for the three restarts, against ~2.5 ms of tfjs ops on wasm) with the same weights within
   * float tolerance; `?engine=tfjs` or the picker runs the tfjs ops instead.
   */
  engine: 'fused',
  /** Least time between two redraws of the figures while training, in ms (every 100 steps at most). */
  redrawMs: 100,
  /** Restarts per run; the lowest evaluation loss wins, as in the paper. */
  restarts: 3,
  defaults: { seed: 3, steps: 2000, sparsity: 0.9 },
  /** A seed verified (in Node and in the browser test) to reach the pentagon with 3 restarts. */
  pentagonCheck: { seed: 3, steps: 2000, sparsity: 0.95 },
} as const;
