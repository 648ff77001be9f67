import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useBackend } from '../backend.js';
import { createToyModel } from '../model/createToyModel.js';
import { angularGaps2d, columnNorm2d } from '../testing/geometry.js';
import { evaluateLoss } from './evaluateLoss.js';
import { resolveTrainOptions, train, TrainingDivergedError } from './train.js';
import { trainBestOf } from './trainBestOf.js';
import { checkpoint } from './checkpoint.js';

beforeAll(async () => {
  await useBackend('wasm');
});

const importance = { kind: 'geometric' as const, ratio: 0.9 };

describe('train: the paper intro model, n = 5, m = 2, I = 0.9^i (Elhage et al. 2022, section 2)', () => {
  it('dense features (S = 0): the top two features get orthogonal unit directions, the rest b = 0.5, loss ~ 0.036585', async () => {
    const model = createToyModel({
      nInstances: 2,
      nFeatures: 5,
      nHidden: 2,
      sparsity: 0,
      importance,
      seed: 1,
    });
    await train(model, { steps: 1500, lr: 1e-2, batchSize: 256, optimizer: 'adam' });
    // A short low-rate tail removes Adam's jitter; `steps` is the run length, so this continues.
    await train(model, { steps: 1800, lr: 1e-3, batchSize: 512, optimizer: 'adam' });
    const W = model.W.arraySync();
    const b = model.b.arraySync();
    // Exact optimum (importance 0.9^2 + 0.9^3 + 0.9^4 of uniform[0, 1] features read from b = 1/2):
    // (0.81 + 0.729 + 0.6561) / 12 / 5 = 0.036585. Evaluated on 16k fresh samples per instance
    // (standard error about 0.2%), and trained for a finite time: allow 2%.
    const optimum = (0.9 ** 2 + 0.9 ** 3 + 0.9 ** 4) / 60;
    const losses = evaluateLoss(model, { batchSize: 16384, seed: 3 });
    for (let i = 0; i < 2; i++) {
      const flat = W[i].flat();
      expect(columnNorm2d(flat, 5, 0)).toBeCloseTo(1, 1);
      expect(columnNorm2d(flat, 5, 1)).toBeCloseTo(1, 1);
      const dot = flat[0] * flat[1] + flat[5] * flat[6];
      expect(Math.abs(dot)).toBeLessThan(0.05);
      for (let f = 2; f < 5; f++) {
        expect(columnNorm2d(flat, 5, f)).toBeLessThan(0.1);
        expect(b[i][f]).toBeCloseTo(0.5, 1);
      }
      expect(losses[i]).toBeGreaterThan(optimum * 0.995);
      expect(Math.abs(losses[i] - optimum) / optimum).toBeLessThan(0.02);
    }
    model.dispose();
  });

  it('sparse features (S = 0.95), best of 4: all five in a regular pentagon, norms ~1.1, negative biases', async () => {
    const { best } = await trainBestOf(
      { nFeatures: 5, nHidden: 2, sparsity: 0.95, importance, seed: 2 },
      {
        restarts: 4,
        steps: 2000,
        lr: 1e-2,
        batchSize: 512,
        optimizer: 'adam',
        schedule: { kind: 'cosine' },
      },
    );
    const { W, b } = best[0];
    // Pentagon: five gaps of 72 degrees; allow 4 degrees of training noise.
    for (const gap of angularGaps2d(W, 5)) expect(Math.abs(gap - 72)).toBeLessThan(4);
    for (let f = 0; f < 5; f++) {
      expect(columnNorm2d(W, 5, f)).toBeGreaterThan(1);
      expect(columnNorm2d(W, 5, f)).toBeLessThan(1.25);
      expect(b[f]).toBeLessThan(-0.1);
    }
  });

  it("linear model (x' = W^T W x + b) learns the top m = 2 features whatever S; unembedded b = p/2", async () => {
    const model = createToyModel({
      model: 'linear',
      nInstances: 2,
      nFeatures: 5,
      nHidden: 2,
      sparsity: [0, 0.9],
      importance,
      seed: 4,
    });
    await train(model, { steps: 1500, lr: 2e-2, batchSize: 256, optimizer: 'adam' });
    await train(model, { steps: 1800, lr: 2e-3, batchSize: 512, optimizer: 'adam' });
    const W = model.W.arraySync();
    const b = model.b.arraySync();
    [1, 0.1].forEach((p, i) => {
      const flat = W[i].flat();
      expect(columnNorm2d(flat, 5, 0)).toBeCloseTo(1, 1);
      expect(columnNorm2d(flat, 5, 1)).toBeCloseTo(1, 1);
      for (let f = 2; f < 5; f++) {
        expect(columnNorm2d(flat, 5, f)).toBeLessThan(0.15);
        expect(b[i][f]).toBeCloseTo(p / 2, 1);
      }
    });
    model.dispose();
  });
});

describe('train: mechanics', () => {
  it('keeps the tensor count flat over many steps and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const model = createToyModel({
      nInstances: 3,
      nFeatures: 6,
      nHidden: 2,
      sparsity: 0.7,
      tied: false,
      seed: 5,
    });
    await train(model, { steps: 10, batchSize: 32 });
    const afterFirst = tf.memory().numTensors;
    const counts: number[] = [];
    await train(model, {
      steps: 300,
      batchSize: 32,
      l1W: 1e-3,
      l1Hidden: 1e-3,
      every: 50,
      onStep: () => void counts.push(tf.memory().numTensors),
    });
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(new Set(counts).size).toBe(1);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops within one step once the signal aborts, from a callback or from a timer', async () => {
    const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 6 });
    const controller = new AbortController();
    const result = await train(model, {
      steps: 1000,
      batchSize: 16,
      every: 1,
      signal: controller.signal,
      onStep: ({ step }) => {
        if (step === 17) controller.abort();
      },
    });
    expect(result.aborted).toBe(true);
    expect(result.step).toBe(17);
    expect(model.step).toBe(17);

    const timer = new AbortController();
    setTimeout(() => timer.abort(), 30);
    const long = await train(model, { steps: 10_000_000, batchSize: 16, signal: timer.signal });
    expect(long.aborted).toBe(true);
    expect(long.step).toBeLessThan(10_000_000);
    model.dispose();
  });

  it('yields every 20 ms even when a synchronous onStep runs every step, so a timer aborts the run', async () => {
    const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 6 });
    const timer = new AbortController();
    setTimeout(() => timer.abort(), 60);
    const long = await train(model, {
      steps: 1_000_000,
      batchSize: 16,
      engine: 'fused',
      every: 1,
      onStep: () => {},
      signal: timer.signal,
    });
    expect(long.aborted).toBe(true);
    expect(long.step).toBeLessThan(1_000_000);
    model.dispose();
  });

  describe('without setImmediate (as in a browser)', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('yields through a MessageChannel, so a timer still aborts a long run, on both engines', async () => {
      const posted = vi.fn();
      const Channel = globalThis.MessageChannel;
      vi.stubGlobal('setImmediate', undefined);
      vi.stubGlobal(
        'MessageChannel',
        class extends Channel {
          constructor() {
            super();
            posted();
          }
        },
      );
      for (const engine of ['tfjs', 'fused'] as const) {
        posted.mockClear();
        const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 6 });
        const timer = new AbortController();
        setTimeout(() => timer.abort(), 60);
        const long = await train(model, {
          steps: 10_000_000,
          batchSize: 16,
          signal: timer.signal,
          engine,
        });
        expect(long.aborted).toBe(true);
        expect(long.step).toBeLessThan(10_000_000);
        expect(posted).toHaveBeenCalled();
        model.dispose();
      }
    });
  });

  it('reports progress every k steps with snapshots as plain typed arrays, and a history', async () => {
    const model = createToyModel({ nInstances: 2, nFeatures: 4, nHidden: 2, seed: 7 });
    const seen: number[] = [];
    let last: Float32Array | null = null;
    const result = await train(model, {
      steps: 95,
      batchSize: 16,
      every: 20,
      historyEvery: 10,
      onStep: (p) => {
        seen.push(p.step);
        expect(p.lossPerInstance).toHaveLength(2);
        expect(p.loss).toBeCloseTo(p.lossPerInstance[0] + p.lossPerInstance[1], 6);
        last = p.snapshot().W;
      },
    });
    expect(seen).toEqual([20, 40, 60, 80, 95]);
    expect(result.history.map((h) => h.step)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
    expect(last).toBeInstanceOf(Float32Array);
    expect(Array.from(last!)).toEqual(Array.from(model.W.dataSync()));
    model.dispose();
  });

  it('gives the same weights for the same seed and different weights for another', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const model = createToyModel({ nFeatures: 5, nHidden: 2, sparsity: 0.5, seed });
      await train(model, { steps: 30, batchSize: 32 });
      const W = Array.from(model.W.dataSync());
      model.dispose();
      return W;
    };
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(await run(12)).not.toEqual(a);
  });

  it('rejects bad options with messages naming the option', async () => {
    const model = createToyModel({ nFeatures: 3, nHidden: 2 });
    await expect(train(model, { steps: -1 })).rejects.toThrow(
      'train: options.steps expected an integer >= 0, got -1',
    );
    await expect(train(model, { lr: Number.NaN })).rejects.toThrow(/train: options\.lr expected/);
    // an infinite setting is no setting
    await expect(train(model, { lr: Infinity })).rejects.toThrow(
      'train: options.lr expected a finite number >= 0, got Infinity',
    );
    await expect(train(model, { weightDecay: Infinity })).rejects.toThrow(
      'train: options.weightDecay expected a finite number >= 0, got Infinity',
    );
    // 0 steps is a run that does nothing (its loss window is never reached), not an error
    // about finalWindow
    const idle = createToyModel({ nFeatures: 3, nHidden: 2 });
    const none = await train(idle, { steps: 0 });
    expect([none.stepsRun, Number.isNaN(none.finalLoss)]).toEqual([0, true]);
    idle.dispose();
    await expect(train(model, { optimizer: 'rmsprop' as 'adam' })).rejects.toThrow(
      `train: options.optimizer expected 'adamw', 'adam' or 'sgd', got "rmsprop"`,
    );
    // A misspelt option would otherwise train with the default, without a word.
    await expect(train(model, { stpes: 100 } as never)).rejects.toThrow(
      /^train: options\.stpes expected one of the known options \(steps, stopAtStep, .*, native, divergence\); did you mean options\.steps\?, got an unknown key$/,
    );
    await expect(train(model, { zzz: 1 } as never)).rejects.toThrow(
      /^train: options\.zzz expected one of the known options \([^)]*\), got an unknown key$/,
    );
    expect(model.step).toBe(0);
    await train(model, { steps: 2, batchSize: 4, optimizer: 'adam' });
    await expect(train(model, { steps: 4, optimizer: 'sgd' })).rejects.toThrow(
      /options\.optimizer/,
    );
    const switched = await train(model, {
      steps: 4,
      batchSize: 4,
      optimizer: 'sgd',
      resetOptimizer: true,
    });
    expect(switched.step).toBe(4);
    model.dispose();
    await expect(train(model, { steps: 4 })).rejects.toThrow(
      'train: model expected a model that is not disposed',
    );
  });

  it('rejects Adam betas of 1 (the bias correction would divide by zero)', () => {
    expect(() => resolveTrainOptions({ beta1: 1 })).toThrow(
      'train: options.beta1 expected a number in [0, 1), got 1',
    );
    expect(() => resolveTrainOptions({ beta2: 1 })).toThrow(
      'train: options.beta2 expected a number in [0, 1), got 1',
    );
    expect(() => resolveTrainOptions({ beta2: -0.1 })).toThrow(
      'train: options.beta2 expected a number in [0, 1), got -0.1',
    );
    expect(resolveTrainOptions({ beta1: 0, beta2: 0.9999 })).toMatchObject({
      beta1: 0,
      beta2: 0.9999,
    });
  });

  it('refuses a second train call on a model that is training, and leaves the first one alone', async () => {
    const config = { nFeatures: 4, nHidden: 2, sparsity: 0.5, seed: 5 };
    const options = { steps: 300, batchSize: 16 };
    const model = createToyModel(config);
    // the first call waits in its first onStep until the second has been refused (a run this
    // short would otherwise finish before yielding once)
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = train(model, {
      ...options,
      every: 1,
      onStep: (p) => (p.step === 1 ? gate : undefined),
    });
    await Promise.resolve();
    const second = train(model, options);
    release();
    await expect(second).rejects.toThrow(
      'train: model expected a model that is not already training (one train call at a time per model), got "a model in another train call"',
    );
    const result = await first;
    expect([result.stepsRun, model.step]).toEqual([300, 300]);
    // the first call ran alone: the same weights as a model trained once
    const alone = createToyModel(config);
    await train(alone, options);
    expect(Array.from(model.W.dataSync())).toEqual(Array.from(alone.W.dataSync()));
    // and once it is done, the model trains again; a call that failed its checks holds nothing
    await expect(train(model, { steps: -1 })).rejects.toThrow(/options\.steps/);
    expect((await train(model, { steps: 310, batchSize: 16 })).stepsRun).toBe(10);
    model.dispose();
    alone.dispose();
  });

  it.each(['tfjs', 'fused'] as const)(
    'stops with a clear error, leaking nothing, when the model is disposed mid-run (%s engine)',
    async (engine) => {
      const before = tf.memory().numTensors;
      const model = createToyModel({ nFeatures: 4, nHidden: 2, seed: 1 });
      await expect(
        train(model, {
          steps: 1000,
          batchSize: 8,
          engine,
          every: 10,
          onStep: (p) => {
            if (p.step === 50) model.dispose();
          },
        }),
      ).rejects.toThrow(
        'train: model expected a model that stays undisposed until train resolves, got "disposed at step 50"',
      );
      expect(tf.memory().numTensors).toBe(before);
      // disposed by a timer while the run yields to the event loop
      const timed = createToyModel({ nFeatures: 4, nHidden: 2, seed: 1 });
      setTimeout(() => timed.dispose(), 30);
      await expect(train(timed, { steps: 1e7, batchSize: 8, engine })).rejects.toThrow(
        /^train: model expected a model that stays undisposed until train resolves, got "disposed at step \d+"$/,
      );
      expect(tf.memory().numTensors).toBe(before);
      // disposed in the callback of the last step: no copy-back into the freed weights
      const last = createToyModel({ nFeatures: 4, nHidden: 2, seed: 1 });
      await expect(
        train(last, { steps: 20, batchSize: 8, engine, onStep: () => last.dispose() }),
      ).rejects.toThrow('got "disposed at step 20"');
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('train: divergence', () => {
  it.each(['tfjs', 'fused'] as const)(
    'a learning rate far too high stops the %s engine with TrainingDivergedError, naming step and instance',
    async (engine) => {
      const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 });
      const run = train(model, { steps: 300, lr: 1e30, engine });
      await expect(run).rejects.toBeInstanceOf(TrainingDivergedError);
      const error = (await run.catch((e: unknown) => e)) as TrainingDivergedError;
      // the tfjs engine's loss can stay finite over NaN weights: its weights are checked
      // every 100 steps, so it stops by step 100; the fused engine at the step itself
      expect(error.step).toBeGreaterThanOrEqual(1);
      expect(error.step).toBeLessThanOrEqual(engine === 'fused' ? 5 : 100);
      expect(error.instance).toBe(0);
      expect(error.message).toMatch(
        /^train: training diverged at step \d+ \(instance 0\): .* lower the learning rate \(options\.lr = 1e\+30\)$/,
      );
      model.dispose();
    },
  );

  /** Three instances, the last with its W scaled by 1e38: it diverges, the others do not. */
  const threeWithOneHuge = (): ReturnType<typeof createToyModel> => {
    const model = createToyModel({ nInstances: 3, nFeatures: 5, nHidden: 2, seed: 1 });
    tf.tidy(() => {
      const scale = tf.concat([tf.ones([2, 2, 5]), tf.fill([1, 2, 5], 1e38)]);
      model.W.assign(tf.mul(model.W, scale) as tf.Tensor3D);
    });
    return model;
  };

  it.each(['tfjs', 'fused'] as const)(
    'names the instance that diverged on the %s engine (instance 2 of 3)',
    async (engine) => {
      const model = threeWithOneHuge();
      const error = (await train(model, { steps: 200, lr: 0.01, engine }).catch(
        (e: unknown) => e,
      )) as TrainingDivergedError;
      expect(error).toBeInstanceOf(TrainingDivergedError);
      expect(error.instance).toBe(2);
      model.dispose();
    },
  );

  it.each(['tfjs', 'fused'] as const)(
    "with divergence: 'record' the other instances train on (%s engine), and the diverged one is listed",
    async (engine) => {
      const before = tf.memory().numTensors;
      const model = threeWithOneHuge();
      const result = await train(model, { steps: 200, lr: 0.01, engine, divergence: 'record' });
      expect(result.diverged.map((d) => d.instance)).toEqual([2]);
      expect(result.finalLossPerInstance.slice(0, 2).every(Number.isFinite)).toBe(true);
      const W = model.snapshot().W;
      expect(W.slice(0, 20).every(Number.isFinite)).toBe(true);
      model.dispose();
      // no tensor left behind by the checks
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('trainBestOf keeps the restarts that did not diverge, never picks one that did, and fails only when none is left', async () => {
    // SGD at lr 2.8, seed 1: restarts 0, 1, 2 and 4 of 6 diverge, 3 and 5 do not
    const { best, train: t } = await trainBestOf(
      { nFeatures: 5, nHidden: 2, seed: 1 },
      { restarts: 6, steps: 200, lr: 2.8, optimizer: 'sgd', engine: 'fused' },
    );
    expect(t.diverged.map((d) => d.instance)).toEqual([0, 1, 2, 4]);
    expect([3, 5]).toContain(best[0].restart);
    expect(Number.isFinite(best[0].loss)).toBe(true);
    expect(best[0].diverged).toBe(false);
    expect(best[0].losses.map(Number.isNaN)).toEqual([true, true, true, false, true, false]);
    // every restart diverged: an error naming the instance, or with 'record' a marked result
    await expect(
      trainBestOf(
        { nFeatures: 5, nHidden: 2, seed: 1 },
        { restarts: 2, steps: 100, lr: 1e30, engine: 'fused' },
      ),
    ).rejects.toThrow(/\(instance 0\): all 2 restarts diverged/);
    const recorded = await trainBestOf(
      { nFeatures: 5, nHidden: 2, seed: 1 },
      { restarts: 2, steps: 100, lr: 1e30, engine: 'fused', divergence: 'record' },
    );
    expect([recorded.best[0].diverged, Number.isNaN(recorded.best[0].loss)]).toEqual([true, true]);
    // 'throw' stops at the first restart, named as instance and restart
    await expect(
      trainBestOf(
        { nInstances: 2, nFeatures: 5, nHidden: 2, seed: 1 },
        { restarts: 3, steps: 100, lr: 1e30, engine: 'fused', divergence: 'throw' },
      ),
    ).rejects.toThrow(/^train: training diverged at step \d+ \(instance 0\): restart 0: /);
  });
});

describe('train: the model while a fused call runs', () => {
  it('refuses a snapshot or checkpoint between yields (older weights), and gives one inside onStep', async () => {
    const model = createToyModel({ nFeatures: 5, nHidden: 2, sparsity: 0.9, seed: 1 });
    const seen: string[] = [];
    const timer = setInterval(() => {
      for (const [name, take] of [
        ['snapshot', () => model.snapshot()],
        ['checkpoint', () => checkpoint(model)],
      ] as const) {
        try {
          take();
          seen.push(`${name}: taken`);
        } catch (e) {
          seen.push(`${name}: ${(e as Error).message}`);
        }
      }
    }, 1);
    let inside: number | null = null;
    await train(model, {
      steps: 40_000,
      engine: 'fused',
      every: 20_000,
      onStep: (p) => {
        if (p.step === 20_000) inside = checkpoint(model).step;
      },
    });
    clearInterval(timer);
    expect(inside).toBe(20_000);
    // the timer ran while the call yielded, and was refused every time
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(
      new Set([
        'snapshot: ToyModel.snapshot: model expected a model between steps (inside onStep, or once train resolves: until then a fused train call holds newer weights than its tensors), got "a model inside a fused train call"',
        'checkpoint: checkpoint: model expected a model between steps (inside onStep, or once train resolves: until then a fused train call holds newer weights than its tensors), got "a model inside a fused train call"',
      ]),
    );
    // once train resolves, both work
    expect(checkpoint(model).step).toBe(40_000);
    model.dispose();
  });

  it('takes seed: null as no seed (what a run records)', async () => {
    const a = createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 });
    const b = createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 });
    await train(a, { steps: 20, seed: null as never });
    await train(b, { steps: 20 });
    expect(Array.from(a.W.dataSync())).toEqual(Array.from(b.W.dataSync()));
    a.dispose();
    b.dispose();
  });
});
