import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { createToyModel } from '../model/createToyModel.js';
import type { ToyModelConfig } from '../model/config.js';
import {
  checkpoint,
  parseCheckpoint,
  restoreCheckpoint,
  serializeCheckpoint,
} from './checkpoint.js';
import { train, type TrainOptions } from './train.js';

beforeAll(async () => {
  await useBackend('wasm');
});

const cases: { label: string; config: ToyModelConfig; options: TrainOptions }[] = [
  {
    label: 'relu-output, AdamW, cosine schedule',
    config: { nInstances: 3, nFeatures: 6, nHidden: 2, sparsity: [0, 0.5, 0.9], seed: 21 },
    options: { steps: 200, batchSize: 64, lr: 5e-3, schedule: { kind: 'cosine', warmupSteps: 20 } },
  },
  {
    label: 'abs untied, sparse input, SGD with momentum and L1',
    config: {
      model: 'abs',
      nInstances: 2,
      nFeatures: 8,
      nHidden: 4,
      sparsity: 0.8,
      sparseInput: true,
      seed: 22,
    },
    options: {
      steps: 200,
      batchSize: 32,
      lr: 0.05,
      optimizer: 'sgd',
      momentum: 0.9,
      l1W: 1e-4,
      l1Hidden: 1e-4,
    },
  },
];

describe.each(cases)('checkpoint and resume: $label', ({ config, options }) => {
  it('train 200 straight == 100, checkpoint, serialise, restore, 100 more (bitwise)', async () => {
    const straight = createToyModel(config);
    await train(straight, options);

    const first = createToyModel(config);
    await train(first, { ...options, stopAtStep: 100 });
    expect(first.step).toBe(100);
    const text = serializeCheckpoint(checkpoint(first));
    first.dispose();
    const resumed = restoreCheckpoint(parseCheckpoint(text));
    expect(resumed.step).toBe(100);
    await train(resumed, options);
    expect(resumed.step).toBe(200);

    expect(Array.from(resumed.W.dataSync())).toEqual(Array.from(straight.W.dataSync()));
    expect(Array.from(resumed.b.dataSync())).toEqual(Array.from(straight.b.dataSync()));
    if (straight.Wdec)
      expect(Array.from(resumed.Wdec!.dataSync())).toEqual(Array.from(straight.Wdec.dataSync()));
    const a = checkpoint(straight);
    const b = checkpoint(resumed);
    expect(b.optimizer!.t).toBe(a.optimizer!.t);
    for (const k of Object.keys(a.optimizer!.slots)) {
      expect(Array.from(b.optimizer!.slots[k])).toEqual(Array.from(a.optimizer!.slots[k]));
    }
    expect(b.rng).toEqual(a.rng);
    straight.dispose();
    resumed.dispose();
  });
});

describe('checkpoint serialisation', () => {
  it('round-trips every field bitwise, NaN Rng spare included', () => {
    const model = createToyModel({ nInstances: 2, nFeatures: 3, nHidden: 2, tied: false, seed: 1 });
    const ckpt = checkpoint(model, { history: [{ step: 1, loss: 0.5 }] });
    const again = parseCheckpoint(serializeCheckpoint(ckpt));
    expect(again).toEqual(ckpt);
    model.dispose();
  });

  it('frees its tensors with the restored model', () => {
    const model = createToyModel({ nFeatures: 3, nHidden: 2, seed: 1 });
    const before = tf.memory().numTensors;
    const restored = restoreCheckpoint(checkpoint(model));
    restored.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rejects invalid checkpoints naming the field', () => {
    const model = createToyModel({ nFeatures: 3, nHidden: 2, seed: 1 });
    const good = JSON.parse(serializeCheckpoint(checkpoint(model))) as Record<string, unknown>;
    model.dispose();
    const bad = (patch: Record<string, unknown>): string => JSON.stringify({ ...good, ...patch });
    expect(() => parseCheckpoint('{')).toThrow(/parseCheckpoint: text expected JSON/);
    expect(() => parseCheckpoint(bad({ format: 'x' }))).toThrow(
      'parseCheckpoint: format expected "hyperposition.toy-models.checkpoint", got "x"',
    );
    expect(() => parseCheckpoint(bad({ version: 9 }))).toThrow(
      'parseCheckpoint: version expected 1, got 9',
    );
    expect(() => parseCheckpoint(bad({ weights: { W: '!!!!', b: '' } }))).toThrow(
      'parseCheckpoint: weights.W expected base64 of float32 little-endian bytes, got "!!!!"',
    );
    expect(() => parseCheckpoint(bad({ rng: [] }))).toThrow(
      'parseCheckpoint: rng expected an array of nInstances (1)',
    );
    const short = parseCheckpoint(bad({ weights: { ...(good.weights as object), b: 'AAAAAA==' } }));
    expect(() => restoreCheckpoint(short)).toThrow(
      'restoreCheckpoint: ckpt.weights.b expected Float32Array(3), got Float32Array(1)',
    );
  });

  it('rejects values that are not finite, and optimizer state that does not fit its kind or the step', async () => {
    const model = createToyModel({ nFeatures: 3, nHidden: 2, seed: 1 });
    await train(model, { steps: 5, batchSize: 8 });
    const good = checkpoint(model);
    model.dispose();
    const { slots } = good.optimizer!;
    const withW = (i: number, v: number): typeof good => {
      const W = good.weights.W.slice();
      W[i] = v;
      return { ...good, weights: { ...good.weights, W } };
    };
    // Through the JSON text too: base64 keeps NaN bits, so the text alone cannot catch them.
    expect(() => restoreCheckpoint(parseCheckpoint(serializeCheckpoint(withW(4, NaN))))).toThrow(
      'restoreCheckpoint: ckpt.weights.W[4] expected finite values, got NaN',
    );
    expect(() => restoreCheckpoint(withW(0, -Infinity))).toThrow(
      'restoreCheckpoint: ckpt.weights.W[0] expected finite values, got -Infinity',
    );
    const opt = (patch: object): typeof good => ({
      ...good,
      optimizer: { ...good.optimizer!, ...patch },
    });
    const noV = Object.fromEntries(Object.entries(slots).filter(([k]) => k !== 'b.v'));
    expect(() => restoreCheckpoint(opt({ slots: noV }))).toThrow(
      'restoreCheckpoint: ckpt.optimizer.slots expected the adamw slots [W.m, W.v, b.m, b.v], got "[W.m, W.v, b.m]"',
    );
    expect(() => restoreCheckpoint(opt({ kind: 'sgd' }))).toThrow(
      'restoreCheckpoint: ckpt.optimizer.slots expected the sgd slots [W.momentum, b.momentum], got "[W.m, W.v, b.m, b.v]"',
    );
    expect(() => restoreCheckpoint(opt({ t: 6 }))).toThrow(
      'restoreCheckpoint: ckpt.optimizer.t expected an integer in [0, step (5)], got 6',
    );
    const v = slots['W.v'].slice();
    v[2] = -0.5;
    expect(() => restoreCheckpoint(opt({ slots: { ...slots, 'W.v': v } }))).toThrow(
      "restoreCheckpoint: ckpt.optimizer.slots['W.v'][2] expected finite values >= 0, got -0.5",
    );
    // The unchanged checkpoint still restores.
    restoreCheckpoint(good).dispose();
  });

  it('allocates no tensor for a checkpoint it rejects (slots are checked before the model is built)', async () => {
    const model = createToyModel({ nFeatures: 3, nHidden: 2, seed: 1 });
    await train(model, { steps: 5, batchSize: 8 });
    const c = checkpoint(model);
    model.dispose();
    c.optimizer!.slots['W.v'] = new Float32Array(6).fill(-1);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) {
      expect(() => restoreCheckpoint(c)).toThrow(
        "restoreCheckpoint: ckpt.optimizer.slots['W.v'][0] expected finite values >= 0, got -1",
      );
    }
    c.optimizer!.slots['W.v'] = new Float32Array(5);
    expect(() => restoreCheckpoint(c)).toThrow(
      "restoreCheckpoint: ckpt.optimizer.slots['W.v'] expected Float32Array(6), got Float32Array(5)",
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names its argument when given no checkpoint', () => {
    expect(() => restoreCheckpoint(undefined as never)).toThrow(
      'restoreCheckpoint: ckpt expected a checkpoint (from checkpoint or parseCheckpoint), got undefined',
    );
    const model = createToyModel({ nFeatures: 3, nHidden: 2, seed: 1 });
    const c = checkpoint(model);
    model.dispose();
    expect(() => restoreCheckpoint({ ...c, weights: null } as never)).toThrow(
      'restoreCheckpoint: ckpt.weights expected an object { W, b, Wdec }, got null',
    );
    expect(() =>
      restoreCheckpoint({ ...c, optimizer: { kind: 'adam', t: 0, slots: null } } as never),
    ).toThrow(
      'restoreCheckpoint: ckpt.optimizer.slots expected an object of Float32Arrays, got null',
    );
  });
});
