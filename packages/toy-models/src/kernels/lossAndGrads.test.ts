import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@hyperposition/hypervector';
import { useBackend } from '../backend.js';
import { resolveConfig, type ToyModelKind } from '../model/config.js';
import { sampleFeatures, type FeatureBatch } from '../data/sampleFeatures.js';
import { lossAndGrads } from './lossAndGrads.js';
import { uploadBatch } from './uploadBatch.js';

beforeAll(async () => {
  await useBackend('wasm');
});

const I = 2;
const m = 3;
const n = 6;
const B = 16;

interface Params64 {
  W: Float64Array;
  b: Float64Array;
  Wdec: Float64Array | null;
}

// Float64 reference of the toy-model loss (Elhage et al. 2022, section 2), written
// independently of the tfjs kernel: loops over instances, samples, hidden units and features.
function referenceLoss(
  kind: ToyModelKind,
  p: Params64,
  batch: FeatureBatch,
  importance: number[][],
  l1W: number,
  l1Hidden: number,
): number {
  let total = 0;
  const relu = (v: number): number => (v > 0 ? v : 0);
  for (let i = 0; i < I; i++) {
    let se = 0;
    let absH = 0;
    for (let s = 0; s < B; s++) {
      const x = Array.from({ length: n }, (_, f) => batch.dense[(i * B + s) * n + f]);
      const h = new Array<number>(m).fill(0);
      for (let r = 0; r < m; r++) {
        for (let f = 0; f < n; f++) h[r] += p.W[(i * m + r) * n + f] * x[f];
        if (kind === 'relu-hidden' || kind === 'abs') h[r] = relu(h[r]);
        absH += Math.abs(h[r]);
      }
      const D = p.Wdec ?? p.W;
      for (let f = 0; f < n; f++) {
        let o = p.b[i * n + f];
        for (let r = 0; r < m; r++) o += D[(i * m + r) * n + f] * h[r];
        if (kind !== 'linear') o = relu(o);
        const target = kind === 'abs' ? Math.abs(x[f]) : x[f];
        se += importance[i][f] * (o - target) ** 2;
      }
    }
    total += se / (B * n) + (l1Hidden * absH) / B;
    let absW = 0;
    for (let k = i * m * n; k < (i + 1) * m * n; k++)
      absW += Math.abs(p.W[k]) + (p.Wdec ? Math.abs(p.Wdec[k]) : 0);
    total += l1W * absW;
  }
  return total;
}

const kinds: ToyModelKind[] = ['relu-output', 'linear', 'relu-hidden', 'abs'];
const cases = kinds.flatMap((kind) =>
  [true, false].flatMap((tied) =>
    [false, true].map((sparse) => ({
      kind,
      tied,
      sparse,
      label: `${kind} ${tied ? 'tied' : 'untied'} ${sparse ? 'sparse' : 'dense'}`,
    })),
  ),
);

describe.each(cases)('lossAndGrads: $label', ({ kind, tied, sparse }) => {
  const config = resolveConfig({
    model: kind,
    nInstances: I,
    nFeatures: n,
    nHidden: m,
    tied,
    featureProbability: [0.5, 0.3],
    importance: { kind: 'geometric', ratio: 0.8 },
    sparseInput: sparse,
  });
  const rng = createRng(`grad-${kind}-${tied}`);
  const batch = sampleFeatures(config, B, [
    { mask: rng.fork(), value: rng.fork() },
    { mask: rng.fork(), value: rng.fork() },
  ]);
  const draw = (len: number, scale: number): Float64Array =>
    Float64Array.from({ length: len }, () => scale * rng.nextNormal());
  // Round to float32 so both implementations start from the same parameters.
  const params: Params64 = {
    W: Float64Array.from(new Float32Array(draw(I * m * n, 0.6))),
    b: Float64Array.from(new Float32Array(draw(I * n, 0.2))),
    Wdec: tied ? null : Float64Array.from(new Float32Array(draw(I * m * n, 0.6))),
  };
  const l1W = 0.003;
  const l1Hidden = 0.01;

  function tfLossAndGrads(): { loss: number; grads: Record<string, Float32Array> } {
    return tf.tidy(() => {
      const imp = tf.tensor3d(config.importance.flat(), [I, 1, n]);
      const tensors = uploadBatch(kind, batch, imp, sparse);
      const out = lossAndGrads(
        kind,
        {
          W: tf.tensor3d(Float32Array.from(params.W), [I, m, n]),
          b: tf.tensor2d(Float32Array.from(params.b), [I, n]),
          Wdec: params.Wdec ? tf.tensor3d(Float32Array.from(params.Wdec), [I, m, n]) : null,
        },
        tensors,
        { l1W, l1Hidden },
        true,
      );
      const grads: Record<string, Float32Array> = {
        W: out.grads!.W.dataSync() as Float32Array,
        b: out.grads!.b.dataSync() as Float32Array,
      };
      if (out.grads!.Wdec) grads.Wdec = out.grads!.Wdec.dataSync() as Float32Array;
      return { loss: out.loss.sum().dataSync()[0], grads };
    });
  }

  it('loss equals the float64 reference (relative 1e-5, float32 rounding)', () => {
    const ref = referenceLoss(kind, params, batch, config.importance, l1W, l1Hidden);
    expect(Math.abs(tfLossAndGrads().loss - ref)).toBeLessThan(1e-5 * ref + 1e-7);
  });

  it('gradient matches float64 central differences (|err| <= 2e-5 + 1e-3 |g|)', () => {
    const { grads } = tfLossAndGrads();
    const eps = 1e-6;
    let checked = 0;
    for (const name of Object.keys(grads) as (keyof Params64)[]) {
      const arr = params[name]!;
      for (let k = 0; k < arr.length; k++) {
        const keep = arr[k];
        arr[k] = keep + eps;
        const up = referenceLoss(kind, params, batch, config.importance, l1W, l1Hidden);
        arr[k] = keep - eps;
        const down = referenceLoss(kind, params, batch, config.importance, l1W, l1Hidden);
        arr[k] = keep;
        const fd = (up - down) / (2 * eps);
        expect(Math.abs(grads[name][k] - fd), `${name}[${k}]`).toBeLessThanOrEqual(
          2e-5 + 1e-3 * Math.abs(fd),
        );
        checked++;
      }
    }
    expect(checked).toBe(I * m * n * (tied ? 1 : 2) + I * n);
  });
});
