import { describe, expect, it } from 'vitest';
import { runTrainToyModel } from './trainToyModel.js';

describe('examples/trainToyModel', () => {
  it('trains: the loss falls, and the feature dimensionalities obey sum D_i <= m', async () => {
    const out = await runTrainToyModel(600);
    expect(out.finalLoss).toBeLessThan(out.firstLoss / 2);
    expect(out.norms).toHaveLength(5);
    // Exact identity for any W (Elhage et al. 2022): sum_i D_i <= m = 2, up to float32 rounding.
    expect(out.dimensionality.reduce((a, v) => a + v, 0)).toBeLessThanOrEqual(2 + 1e-5);
    for (const d of out.dimensionality) expect(d).toBeGreaterThanOrEqual(0);
  });
});
