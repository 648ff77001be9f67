import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@hyperposition/hypervector';
import { useBackend } from '../backend.js';
import { sampleFeatures } from '../data/sampleFeatures.js';
import { lossAndGrads } from '../kernels/lossAndGrads.js';
import { uploadBatch } from '../kernels/uploadBatch.js';
import { resolveConfig, type ToyModelConfig, type ToyModelKind } from '../model/config.js';
import { createToyModel } from '../model/createToyModel.js';
import {
  createOptimizerState,
  type OptimizerKind,
  type OptimizerSettings,
} from '../train/optimizer.js';
import { train } from '../train/train.js';
import { openFusedEngine, type FusedEngine } from './fusedEngine.js';
import { createFusedModel, fusedLossAndGrads } from './fusedModel.js';

beforeAll(async () => {
  await useBackend('wasm');
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function maxAbs(a: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]));
  return d;
}

const kinds: ToyModelKind[] = ['relu-output', 'linear', 'relu-hidden', 'abs'];
const cases = kinds.flatMap((kind) => [
  { kind, tied: true },
  { kind, tied: false },
]);

describe.each(cases)('fusedLossAndGrads ($kind, tied $tied)', ({ kind, tied }) => {
  it('equals the tfjs kernel lossAndGrads on the same batch, penalties on (float32 tolerance)', () => {
    // Sparse features (p = 0.3) so that rows with no active feature (folded into one term
    // by the fused pass) and rows with several occur in the same batch.
    const config = resolveConfig({
      model: kind,
      tied,
      nInstances: 3,
      nFeatures: 7,
      nHidden: 3,
      featureProbability: 0.3,
      importance: { kind: 'geometric', ratio: 0.8 },
      seed: 4,
    });
    const rng = createRng(9);
    const rngs = Array.from({ length: 3 }, () => ({ mask: rng.fork(), value: rng.fork() }));
    const batch = sampleFeatures(config, 64, rngs);
    const len = 3 * 3 * 7;
    const W = Float32Array.from({ length: len }, () => rng.nextNormal() * 0.5);
    const Wdec = tied ? null : Float32Array.from({ length: len }, () => rng.nextNormal() * 0.5);
    const b = Float32Array.from({ length: 21 }, () => rng.nextNormal() * 0.2);
    const pen = { l1W: 1e-3, l1Hidden: 2e-3 };
    const fused = createFusedModel(config, { W, b, Wdec }, new Map(), 0);
    fusedLossAndGrads(fused, batch, pen);
    type Ref = {
      loss: ArrayLike<number>;
      W: ArrayLike<number>;
      b: ArrayLike<number>;
      Wdec: ArrayLike<number> | null;
    };
    let ref!: Ref;
    tf.tidy(() => {
      const imp = tf.tensor3d(config.importance.flat(), [3, 1, 7]);
      const tensors = uploadBatch(kind, batch, imp, true);
      const { loss, grads } = lossAndGrads(
        kind,
        {
          W: tf.tensor3d(W, [3, 3, 7]),
          b: tf.tensor2d(b, [3, 7]),
          Wdec: Wdec ? tf.tensor3d(Wdec, [3, 3, 7]) : null,
        },
        tensors,
        pen,
        true,
      );
      ref = {
        loss: loss.dataSync(),
        W: grads!.W.dataSync(),
        b: grads!.b.dataSync(),
        Wdec: grads!.Wdec ? grads!.Wdec.dataSync() : null,
      };
    });
    // float32 sums of a few hundred terms: relative error well under 1e-5 of the largest entry.
    expect(maxAbsDiff(fused.loss, ref.loss)).toBeLessThan(1e-5 * maxAbs(ref.loss) + 1e-7);
    expect(maxAbsDiff(fused.gW, ref.W)).toBeLessThan(1e-5 * maxAbs(ref.W) + 1e-7);
    expect(maxAbsDiff(fused.gb, ref.b)).toBeLessThan(1e-5 * maxAbs(ref.b) + 1e-7);
    if (tied) expect(fused.gWdec).toBeNull();
    else expect(maxAbsDiff(fused.gWdec!, ref.Wdec!)).toBeLessThan(1e-5 * maxAbs(ref.Wdec!) + 1e-7);
    expect(maxAbs(fused.gW)).toBeGreaterThan(0);
  });
});

const optimizers: { optimizer: OptimizerKind; momentum?: number; weightDecay?: number }[] = [
  { optimizer: 'adamw' },
  { optimizer: 'adam', weightDecay: 1e-3 },
  { optimizer: 'sgd', momentum: 0.9, weightDecay: 1e-3 },
];

describe.each(optimizers)("train(engine: 'fused') with $optimizer", (opt) => {
  it.each(cases)(
    'ends at the same W, b (and Wdec) as the tfjs engine after 60 steps ($kind, tied $tied)',
    async ({ kind, tied }) => {
      const config: ToyModelConfig = {
        model: kind,
        tied,
        nInstances: 3,
        nFeatures: 6,
        nHidden: 2,
        sparsity: [0, 0.7, 0.95],
        importance: { kind: 'geometric', ratio: 0.9 },
        seed: 11,
      };
      const a = createToyModel(config);
      const b = createToyModel(config);
      const options = { steps: 60, lr: 1e-2, batchSize: 128, l1W: 1e-4, ...opt };
      const ra = await train(a, { ...options, engine: 'tfjs' });
      const rb = await train(b, { ...options, engine: 'fused' });
      const sa = a.snapshot();
      const sb = b.snapshot();
      // Same data stream and update; only float32 rounding (different summation order)
      // separates the two. 60 steps at lr 1e-2 move W by up to ~0.6, rounding stays ~1e-6;
      // 1e-4 leaves room for Adam's amplification where a gradient is near zero.
      expect(maxAbsDiff(sa.W, sb.W)).toBeLessThan(1e-4);
      expect(maxAbsDiff(sa.b, sb.b)).toBeLessThan(1e-4);
      if (!tied) expect(maxAbsDiff(sa.Wdec!, sb.Wdec!)).toBeLessThan(1e-4);
      expect(sb.step).toBe(60);
      expect(rb.stepsRun).toBe(60);
      expect(Math.abs(ra.finalLoss - rb.finalLoss)).toBeLessThan(1e-4 * ra.finalLoss + 1e-7);
      // The run did move the weights (a test that compares two untouched models cannot fail).
      const init = createToyModel(config);
      expect(maxAbsDiff(init.snapshot().W, sb.W)).toBeGreaterThan(1e-2);
      a.dispose();
      b.dispose();
      init.dispose();
    },
  );
});

describe("train(engine: 'fused'): state handling", () => {
  const config: ToyModelConfig = {
    nInstances: 2,
    nFeatures: 5,
    nHidden: 2,
    sparsity: 0.9,
    importance: { kind: 'geometric', ratio: 0.9 },
    seed: 2,
  };

  it('resumes across engines: 40 fused + 40 tfjs steps equal 80 tfjs steps', async () => {
    const a = createToyModel(config);
    const b = createToyModel(config);
    await train(a, { steps: 80, batchSize: 256, lr: 1e-2 });
    await train(b, { steps: 80, stopAtStep: 40, batchSize: 256, lr: 1e-2, engine: 'fused' });
    await train(b, { steps: 80, batchSize: 256, lr: 1e-2, engine: 'tfjs' });
    expect(b.step).toBe(80);
    expect(maxAbsDiff(a.snapshot().W, b.snapshot().W)).toBeLessThan(1e-4);
    a.dispose();
    b.dispose();
  });

  it('writes the weights back before onStep, so snapshots inside the callback are current', async () => {
    const model = createToyModel(config);
    const seen: number[][] = [];
    await train(model, {
      steps: 30,
      every: 10,
      engine: 'fused',
      lr: 1e-2,
      onStep: (p) => {
        seen.push(Array.from(p.snapshot().W));
      },
    });
    expect(seen).toHaveLength(3);
    expect(maxAbsDiff(seen[0], seen[2])).toBeGreaterThan(0);
    expect(maxAbsDiff(seen[2], model.snapshot().W)).toBe(0);
    model.dispose();
  });

  it('rejects an unknown engine by name', async () => {
    const model = createToyModel(config);
    await expect(train(model, { steps: 1, engine: 'gpu' as unknown as 'fused' })).rejects.toThrow(
      /train: options.engine expected 'tfjs' or 'fused', got "gpu"/,
    );
    model.dispose();
  });
});

describe('openFusedEngine: the lazily drawn batch', () => {
  const config: ToyModelConfig = {
    nInstances: 3,
    nFeatures: 5,
    nHidden: 2,
    featureProbability: [1, 0.4, 0.05],
    seed: 6,
  };
  const settings: OptimizerSettings = {
    kind: 'adam',
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0,
    momentum: 0,
  };
  const pen = { l1W: 0, l1Hidden: 0 };

  function open(): { engine: FusedEngine; dispose: () => void } {
    const model = createToyModel(config);
    const opt = createOptimizerState(settings, { W: model.W, b: model.b });
    return {
      engine: openFusedEngine(model, opt, 64),
      dispose: () => {
        opt.slots.forEach((v) => v.dispose());
        model.dispose();
      },
    };
  }

  it('holds the batches of sampleFeatures when read, and steps on them as when not read', () => {
    const resolved = resolveConfig(config);
    const streams = (): { mask: Rng; value: Rng }[] => {
      const root = createRng(12);
      return Array.from({ length: 3 }, () => ({ mask: root.fork(), value: root.fork() }));
    };
    const ref = streams();
    const read = streams();
    const unread = streams();
    const a = open();
    const b = open();
    for (let k = 0; k < 3; k++) {
      const want = sampleFeatures(resolved, 64, ref);
      const got = a.engine.sample(read);
      expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
      expect(Array.from(got.values)).toEqual(Array.from(want.values));
      expect(Array.from(got.offsets)).toEqual(Array.from(want.offsets));
      const la = Array.from(a.engine.step(got, 1e-2, settings, pen));
      const lb = Array.from(b.engine.step(b.engine.sample(unread), 1e-2, settings, pen));
      expect(maxAbsDiff(la, lb)).toBeLessThan(1e-9 * maxAbs(la));
    }
    expect(maxAbsDiff(a.engine.state.W, b.engine.state.W)).toBeLessThan(1e-6);
    for (let i = 0; i < 3; i++) {
      expect(unread[i].mask.state()).toEqual(ref[i].mask.state());
      expect(read[i].value.state()).toEqual(ref[i].value.state());
      expect(unread[i].value.state()).toEqual(ref[i].value.state());
    }
    // A batch that was sampled but never stepped still advances the streams.
    b.engine.sample(unread);
    const next = b.engine.sample(unread);
    sampleFeatures(resolved, 64, ref);
    expect(Array.from(next.indices)).toEqual(Array.from(sampleFeatures(resolved, 64, ref).indices));
    a.dispose();
    b.dispose();
  });
});
