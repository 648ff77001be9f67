import { createToyModel, instanceWeights, train, useBackend } from '@hyperposition/toy-models';
import { featureMetrics } from '@hyperposition/interference';

/** Train the n = 5, m = 2 toy model in Node on the wasm backend and measure what it learned. */
export async function runTrainToyModel(steps = 1000, seed = 4) {
  await useBackend('wasm'); // in a browser: useBackend('wasm', { wasmPaths: '/tfjs-wasm/' })
  const model = createToyModel({
    nFeatures: 5,
    nHidden: 2,
    sparsity: 0.95, // S: probability that a feature is zero
    importance: { kind: 'geometric', ratio: 0.9 }, // I_i = 0.9^i
    seed,
  });
  try {
    const result = await train(model, { steps, lr: 3e-3, batchSize: 512, seed });
    const { W, b } = instanceWeights(model.snapshot(), 0); // W: [nHidden, nFeatures]
    const metrics = featureMetrics(W); // norms, interference, dimensionality per feature
    return {
      firstLoss: result.history[0].loss,
      finalLoss: result.finalLoss,
      norms: Array.from(metrics.norms),
      dimensionality: Array.from(metrics.dimensionality),
      bias: Array.from(b),
    };
  } finally {
    model.dispose();
  }
}
