import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { createToyModel } from '../model/createToyModel.js';
import { train } from './train.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('train: computation in superposition, absolute value (Elhage et al. 2022, section 9)', () => {
  it('n = 3, m = 6, dense: one monosemantic neuron per sign per feature, loss ~ 0', async () => {
    const model = createToyModel({
      model: 'abs',
      nInstances: 2,
      nFeatures: 3,
      nHidden: 6,
      sparsity: 0,
      seed: 3,
    });
    const result = await train(model, { steps: 1000, lr: 1e-2, batchSize: 256, optimizer: 'adam' });
    for (const W of model.W.arraySync()) {
      const owners: string[] = [];
      for (const row of W) {
        const big = row.map((w, f) => [w, f] as const).filter(([w]) => Math.abs(w) > 0.5);
        expect(big).toHaveLength(1);
        const [w, f] = big[0];
        for (let g = 0; g < 3; g++) if (g !== f) expect(Math.abs(row[g])).toBeLessThan(0.1);
        owners.push(`${f}${w > 0 ? '+' : '-'}`);
      }
      expect(owners.sort()).toEqual(['0+', '0-', '1+', '1-', '2+', '2-']);
    }
    for (const loss of result.finalLossPerInstance) expect(loss).toBeLessThan(1e-4);
    model.dispose();
  });
});
