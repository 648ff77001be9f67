// Settings of the live examples that the browser tests rely on, in one place so the page
// and the test cannot drift apart.

/** The n = 5, m = 2 example (Elhage et al. 2022, intro figure). */
export const pentagonDemo = {
  nFeatures: 5,
  nHidden: 2,
  /** Importance I_i = 0.9^i. */
  importanceDecay: 0.9,
  /** Three times the notebook's 1e-3, so a run converges in 2,000 steps (checked: seeds 1-6 at S = 0.9). */
  lr: 3e-3,
  batchSize: 1024,
  defaults: { seed: 3, steps: 2000, sparsity: 0.9 },
  /** A seed verified (in the browser test) to reach the pentagon at this sparsity and step count. */
  pentagonCheck: { seed: 3, steps: 2000, sparsity: 0.93 },
} as const;
