import { trainBestOf, useBackend } from '@hyperposition/toy-models';

await useBackend('wasm');
const { best } = await trainBestOf(
  {
    nFeatures: 5,
    nHidden: 2,
    sparsity: 0.95,
    importance: { kind: 'geometric', ratio: 0.9 },
    seed: 2,
  },
  {
    restarts: 4,
    steps: 2000,
    lr: 1e-2,
    batchSize: 512,
    optimizer: 'adam',
    schedule: { kind: 'cosine' },
  },
);
const { W, b, loss } = best[0]; // W: row-major [nHidden = 2, nFeatures = 5]
const deg = [0, 1, 2, 3, 4].map((i) => Math.round((Math.atan2(W[5 + i], W[i]) * 180) / Math.PI));
console.log({
  loss: +loss.toFixed(5),
  degrees: deg,
  norms: [0, 1, 2, 3, 4].map((i) => +Math.hypot(W[i], W[5 + i]).toFixed(2)),
  b: Array.from(b, (v) => +v.toFixed(2)),
});
