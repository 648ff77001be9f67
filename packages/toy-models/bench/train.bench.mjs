// Training throughput of @hyperposition/toy-models on the tfjs wasm backend (Node: one thread).
// Not a test: run it by hand after `pnpm run build:packages`:
//   node packages/toy-models/bench/train.bench.mjs
// It prints one JSON line per case. Set BENCH_DENSE=1 to also time the large model without
// the sparse input path (slow: the O(B n m) encoder).
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { createToyModel, train, useBackend } from '@hyperposition/toy-models';

await useBackend('wasm');

async function time(config, options, warmup, steps) {
  const model = createToyModel(config);
  await train(model, { ...options, steps: warmup });
  const t0 = performance.now();
  await train(model, { ...options, steps: warmup + steps });
  const ms = performance.now() - t0;
  model.dispose();
  return ms / steps;
}

const report = (name, fields) =>
  console.log(JSON.stringify({ bench: name, backend: tf.getBackend(), ...fields }));

// The notebook's setting: 10 instances of n = 5, m = 2, batch 1024, AdamW.
const small = await time(
  {
    nInstances: 10,
    nFeatures: 5,
    nHidden: 2,
    sparsity: 0.9,
    importance: { kind: 'geometric', ratio: 0.9 },
    seed: 0,
  },
  { batchSize: 1024, lr: 1e-3 },
  50,
  500,
);
report('10 x (n=5, m=2), batch 1024', {
  msPerStep: +small.toFixed(3),
  stepsPerSecond: +(1000 / small).toFixed(1),
});

// The large regime: n = 10,000, m = 500, batch 256, p = 0.01 (sparse input path).
const big = { nFeatures: 10_000, nHidden: 500, featureProbability: 0.01, seed: 0 };
const sparseMs = await time(
  { ...big, sparseInput: true },
  { batchSize: 256, historyEvery: 1 },
  2,
  8,
);
report('n=10000, m=500, batch 256, p=0.01, sparse input', { msPerStep: +sparseMs.toFixed(1) });
if (process.env.BENCH_DENSE === '1') {
  const denseMs = await time({ ...big, sparseInput: false }, { batchSize: 256 }, 1, 3);
  report('n=10000, m=500, batch 256, p=0.01, dense input', { msPerStep: +denseMs.toFixed(1) });
}
