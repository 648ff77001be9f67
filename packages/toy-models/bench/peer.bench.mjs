// The toy-model workloads of bench/peers/toy_models.py, run by @hyperposition/toy-models on
// the same sizes, so that bench/run.mjs can set them side by side.
//
//   pnpm --filter @hyperposition/toy-models build
//   node packages/toy-models/bench/peer.bench.mjs [--json out.json] [--quick]
//     [--small-steps 2000] [--large-steps 5] [--tfjs]
//
// --tfjs also times the tfjs (wasm) engine on the small model, for reference. --large-steps 0
// times the small model only (bench/run.mjs's second pass).
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRng, matmulNN, matmulNT, nativeKernelsInfo } from '@hyperposition/hypervector';
import { createToyModel, train, useBackend } from '@hyperposition/toy-models';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const quick = args.includes('--quick');
const jsonPath = opt('json', null);
const smallSteps = Number(opt('small-steps', quick ? 300 : 2000));
const largeSteps = Number(opt('large-steps', quick ? 2 : 20));

await useBackend('wasm');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]);
};

// As the peer: 10 instances, n = 5, m = 2, p_i = 20^(-i / 9), importance 0.9^f, Adam lr 1e-3.
const smallConfig = {
  nInstances: 10,
  nFeatures: 5,
  nHidden: 2,
  featureProbability: Array.from({ length: 10 }, (_, i) => 20 ** (-i / 9)),
  importance: { kind: 'geometric', ratio: 0.9 },
  seed: 0,
};

/**
 * Seconds per run of `steps` steps: median of `runs` runs after one warm-up run (as the peer).
 * `threads` (fused engine, Node): 2 splits the instances with one worker thread.
 */
async function timeSmall(engine, steps, runs, threads = 2) {
  const model = createToyModel(smallConfig);
  const options = { batchSize: 1024, lr: 1e-3, optimizer: 'adam', engine, threads };
  let done = steps;
  await train(model, { ...options, steps: done });
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await train(model, { ...options, steps: done + steps });
    times.push((performance.now() - t0) / 1e3);
    done += steps;
  }
  model.dispose();
  const s = median(times);
  return { median_s: s, runs, steps, steps_per_s: steps / s, threads };
}

// As the peer: n = 10,000, m = 500, batch 256, p = 0.01, importance 100^(-f / (n - 1)), Adam.
const n = 10_000;
const largeConfig = {
  nFeatures: n,
  nHidden: 500,
  featureProbability: 0.01,
  importance: { kind: 'geometric', ratio: 100 ** (-1 / (n - 1)) },
  sparseInput: true,
  seed: 0,
};

/**
 * The fraction of the large model's output-gradient entries that are not zero: on a fresh
 * batch (p = 0.01, values in [0, 1)), the outputs whose pre-activation H·W + b is positive
 * (the ReLU passes a gradient only there). The backward products cannot skip these entries.
 */
function outputGradientDensity(model) {
  const { W, b } = model.snapshot();
  const B = 256;
  const m = largeConfig.nHidden;
  const rng = createRng(99);
  const x = new Float32Array(B * n);
  for (let i = 0; i < x.length; i++)
    if (rng.nextFloat() < largeConfig.featureProbability) x[i] = rng.nextFloat();
  const h = matmulNT(x, W, B, m, n); // [B, m] = X Wᵀ
  const o = matmulNN(h, W, B, n, m); // [B, n] = H W
  let on = 0;
  for (let s = 0; s < B; s++) for (let f = 0; f < n; f++) if (o[s * n + f] + b[f] > 0) on++;
  return on / (B * n);
}

/**
 * Milliseconds per step of the large model: `warmup` untimed steps (two, as the peer), then
 * one call of `steps` steps (the copy of W to and from the tfjs variables is included once).
 * `threads` caps the fused engine's threads; `native` runs the dense products on the native
 * kernels of @hyperposition/hypervector where they are built (else on WebAssembly SIMD, split
 * with one worker thread). With `measureDensity`, also the output gradient's mean density over
 * the timed steps (the mean of its density before and after them), for the hardware floor.
 */
async function timeLarge(
  engine,
  steps,
  threads,
  { native = true, measureDensity = false, warmup = 2 } = {},
) {
  const model = createToyModel(largeConfig);
  const options = {
    batchSize: 256,
    lr: 1e-3,
    optimizer: 'adam',
    engine,
    historyEvery: 1,
    threads,
    native,
  };
  await train(model, { ...options, steps: warmup });
  const before = measureDensity ? outputGradientDensity(model) : null;
  const t0 = performance.now();
  await train(model, { ...options, steps: warmup + steps });
  const ms = (performance.now() - t0) / steps;
  const after = measureDensity ? outputGradientDensity(model) : null;
  model.dispose();
  const isa = native ? (nativeKernelsInfo().isa ?? 'none') : 'none';
  const density = before === null ? {} : { grad_density: (before + after) / 2 };
  return { ms_per_step: ms, steps, warmup, threads, native: isa, ...density };
}

const results = {};
results.toy_small = await timeSmall('fused', smallSteps, 3);
results.toy_small_1thread = await timeSmall('fused', smallSteps, 3, 1);
if (args.includes('--tfjs')) {
  results.toy_small_tfjs = await timeSmall('tfjs', Math.max(50, smallSteps / 20), 3);
}
if (largeSteps > 0) {
  // The first steps: Adam's first updates raise every bias, so the output gradient is almost
  // dense here (about 98% of its entries), the least favourable window for skipping work.
  results.toy_large = await timeLarge('fused', largeSteps, 2, { measureDensity: true });
  results.toy_large_1thread = await timeLarge('fused', largeSteps, 1, { measureDensity: true });
  if (nativeKernelsInfo().available) {
    // The WebAssembly products (what a browser runs), on two threads, for reference.
    results.toy_large_wasm = await timeLarge('fused', largeSteps, 2, { native: false });
  }
  if (!quick) {
    // After 1,000 steps the biases have come down and the gradient is sparse (about 6%): the
    // steps most of a run is made of. PyTorch's step costs the same at any density.
    results.toy_large_trained = await timeLarge('fused', largeSteps, 2, {
      measureDensity: true,
      warmup: 1000,
    });
  }
}

const out = { engine: 'fused', node: process.version, results };
console.log(JSON.stringify(out));
if (jsonPath) writeFileSync(jsonPath, JSON.stringify(out, null, 2) + '\n');
