import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { createToyModel } from '../model/createToyModel.js';
import { resolveConfig } from '../model/config.js';
import { initStd } from '../model/initWeights.js';
import { evaluateLoss } from './evaluateLoss.js';
import type { ToyModelCheckpoint } from './checkpoint.js';
import { replicateConfig, trainBestOf } from './trainBestOf.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('replicateConfig', () => {
  it('takes the training options and its own, and rejects others by name', async () => {
    const config = { nFeatures: 3, nHidden: 2, seed: 1 };
    await expect(trainBestOf(config, { restart: 2 } as never)).rejects.toThrow(
      /^trainBestOf: options\.restart expected one of the known options \(steps, .*, restarts, evalBatchSize, evalSeed, checkpointEvery, onCheckpoint, resumeFrom\); did you mean options\.restarts\?/,
    );
    const r = await trainBestOf(config, {
      restarts: 2,
      steps: 3,
      batchSize: 4,
      evalBatchSize: 8,
      evalSeed: 2,
    });
    expect(r.best[0].losses).toHaveLength(2);
  });

  it('checks the evaluation settings before it trains', async () => {
    const config = { nFeatures: 3, nHidden: 2, seed: 1 };
    // were the checks after training, onStep would have run
    let steps = 0;
    const options = { restarts: 2, steps: 50, batchSize: 4, onStep: () => void steps++ };
    await expect(trainBestOf(config, { ...options, evalSeed: 1.5 })).rejects.toThrow(
      'trainBestOf: options.evalSeed expected an integer or a string, got 1.5',
    );
    await expect(trainBestOf(config, { ...options, evalBatchSize: 0 })).rejects.toThrow(
      'trainBestOf: options.evalBatchSize expected an integer >= 1, got 0',
    );
    expect(steps).toBe(0);
  });

  it('repeats each instance restarts times and freezes the init std', () => {
    const base = resolveConfig({ nInstances: 2, nFeatures: 4, nHidden: 2, sparsity: [0.1, 0.9] });
    const rep = replicateConfig(base, 3);
    expect(rep.nInstances).toBe(6);
    const [a, b] = base.sparsity;
    expect(rep.sparsity).toEqual([a, a, a, b, b, b]);
    expect(rep.init).toEqual({ kind: 'normal', std: initStd(base) });
    const seeded = replicateConfig({ ...base, instanceSeeds: ['a', 'b'] }, 2);
    expect(seeded.instanceSeeds).toEqual(['a/restart0', 'a/restart1', 'b/restart0', 'b/restart1']);
    expect(() => replicateConfig(base, 0)).toThrow(
      'replicateConfig: restarts expected an integer >= 1, got 0',
    );
  });
});

describe('evaluateLoss', () => {
  it('scores identical instances on identical data, and equals the dense-feature bias-only loss at W = 0', () => {
    const model = createToyModel({
      nInstances: 3,
      nFeatures: 4,
      nHidden: 2,
      init: { kind: 'normal', std: 0 },
      seed: 1,
    });
    // W = 0, b = 0: x' = 0, so the loss is E[x^2] = 1/3 for dense uniform[0, 1] features.
    const losses = evaluateLoss(model, { batchSize: 4096, seed: 5 });
    expect(losses[1]).toBe(losses[0]);
    expect(losses[2]).toBe(losses[0]);
    // 4 sigma: each of the 4 * 4096 squared values has sd sqrt(1/5 - 1/9) ~ 0.30.
    expect(Math.abs(losses[0] - 1 / 3)).toBeLessThan((4 * 0.3) / Math.sqrt(4 * 4096));
    model.dispose();
  });
});

describe('trainBestOf', () => {
  it('keeps, for each instance, the restart with the lowest evaluation loss', async () => {
    const { best, config } = await trainBestOf(
      { nInstances: 2, nFeatures: 4, nHidden: 2, sparsity: [0, 0.8], seed: 4 },
      { restarts: 3, steps: 50, batchSize: 32, lr: 0.01 },
    );
    expect(config.nInstances).toBe(6);
    expect(best.map((b) => b.instance)).toEqual([0, 1]);
    for (const b of best) {
      expect(b.losses).toHaveLength(3);
      expect(b.loss).toBe(Math.min(...b.losses));
      expect(b.losses[b.restart]).toBe(b.loss);
      expect(b.W).toHaveLength(8);
    }
  });

  it('passes the engine through to train: the fused engine picks the same restarts with W, b equal to the tfjs engine within float tolerance', async () => {
    // The docs' pentagon example: n = 5, m = 2, I = 0.9^i, 3 restarts, lr 3e-3, batch 512.
    const config = {
      nFeatures: 5,
      nHidden: 2,
      sparsity: 0.95,
      importance: { kind: 'geometric' as const, ratio: 0.9 },
      seed: 3,
    };
    const options = { restarts: 3, steps: 300, lr: 3e-3, batchSize: 512, seed: 3 };
    const tfjs = await trainBestOf(config, { ...options, engine: 'tfjs' });
    const fused = await trainBestOf(config, { ...options, engine: 'fused' });
    expect(fused.best[0].restart).toBe(tfjs.best[0].restart);
    for (let k = 0; k < 3; k++) {
      expect(fused.best[0].losses[k]).toBeCloseTo(tfjs.best[0].losses[k], 6);
    }
    for (const key of ['W', 'b'] as const) {
      const a = fused.best[0][key];
      const b = tfjs.best[0][key];
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4);
    }
    await expect(trainBestOf(config, { ...options, engine: 'gpu' as 'fused' })).rejects.toThrow(
      "train: options.engine expected 'tfjs' or 'fused'",
    );
  });
});

describe('trainBestOf: checkpoints and resuming', () => {
  const config = { nFeatures: 5, nHidden: 2, nInstances: 2, sparsity: [0.7, 0.9], seed: 4 };
  const opts = { restarts: 3, steps: 300, batchSize: 64, lr: 0.01, evalBatchSize: 512 };

  for (const engine of ['tfjs', 'fused'] as const) {
    it(`hands over a checkpoint every checkpointEvery steps; resumed from one, the result is the uninterrupted one's, bit for bit (${engine})`, async () => {
      const saved: ToyModelCheckpoint[] = [];
      const whole = await trainBestOf(config, {
        ...opts,
        engine,
        checkpointEvery: 100,
        onCheckpoint: (c) => void saved.push(c),
      });
      // before the last step only; every restart an instance
      expect(saved.map((c) => c.step)).toEqual([100, 200]);
      expect(saved[0].config.nInstances).toBe(6);
      for (const from of saved) {
        const resumed = await trainBestOf(config, {
          ...opts,
          engine,
          checkpointEvery: 100,
          onCheckpoint: () => undefined,
          resumeFrom: from,
        });
        expect(resumed.best).toEqual(whole.best);
      }
      // and the checkpoints do not change the result
      const plain = await trainBestOf(config, { ...opts, engine });
      expect(plain.best).toEqual(whole.best);
    }, 60_000);
  }

  it('takes a checkpoint when aborted, from which the run ends as an uninterrupted one', async () => {
    const whole = await trainBestOf(config, { ...opts, engine: 'fused' });
    const ac = new AbortController();
    const saved: ToyModelCheckpoint[] = [];
    await trainBestOf(config, {
      ...opts,
      engine: 'fused',
      signal: ac.signal,
      every: 5,
      onStep: (p) => {
        if (p.step === 75) ac.abort();
      },
      checkpointEvery: 70,
      onCheckpoint: (c) => void saved.push(c),
    });
    // the periodic one at 70, then the one at the step the abort stopped
    expect(saved.map((c) => c.step)).toEqual([70, 75]);
    const resumed = await trainBestOf(config, {
      ...opts,
      engine: 'fused',
      checkpointEvery: 70,
      onCheckpoint: () => undefined,
      resumeFrom: saved[1],
    });
    expect(resumed.best).toEqual(whole.best);
  }, 60_000);

  it("keeps the caller's onStep at its own period", async () => {
    const seen: number[] = [];
    const saved: number[] = [];
    await trainBestOf(config, {
      ...opts,
      steps: 100,
      every: 30,
      onStep: (p) => void seen.push(p.step),
      checkpointEvery: 40,
      onCheckpoint: (c) => void saved.push(c.step),
    });
    expect(seen).toEqual([30, 60, 90, 100]);
    expect(saved).toEqual([40, 80]);
  });

  it('takes a checkpoint where stopAtStep stops, and hands over copies', async () => {
    const saved: ToyModelCheckpoint[] = [];
    const whole = await trainBestOf(config, { ...opts, engine: 'fused' });
    await trainBestOf(config, {
      ...opts,
      engine: 'fused',
      stopAtStep: 150,
      checkpointEvery: 100,
      onCheckpoint: (c) => {
        saved.push(structuredClone(c));
        // what the callback changes is its own copy: the training goes on unchanged (were the
        // config shared, steps 101-150 would sample every feature)
        c.config.featureProbability.fill(1);
        c.train!.lr = 99;
      },
    });
    expect(saved.map((c) => c.step)).toEqual([100, 150]);
    const resumed = await trainBestOf(config, {
      ...opts,
      engine: 'fused',
      resumeFrom: saved[1],
    });
    expect(resumed.best).toEqual(whole.best);
  }, 60_000);

  it('takes no checkpoint once a restart has diverged', async () => {
    const saved: number[] = [];
    const r = await trainBestOf(config, {
      ...opts,
      steps: 200,
      lr: 1e30,
      engine: 'fused',
      divergence: 'record',
      checkpointEvery: 50,
      onCheckpoint: (c) => void saved.push(c.step),
    });
    expect(r.best.every((b) => b.diverged)).toBe(true);
    expect(saved).toEqual([]);
  });

  it('checks a checkpoint against the config and the training options, and the pair of options', async () => {
    const saved: ToyModelCheckpoint[] = [];
    await trainBestOf(config, {
      ...opts,
      checkpointEvery: 50,
      onCheckpoint: (c) => void saved.push(c),
    });
    const from = saved[0];
    await expect(trainBestOf(config, { ...opts, restarts: 2, resumeFrom: from })).rejects.toThrow(
      'trainBestOf: options.resumeFrom.config expected the config replicated 2 times (2 instance(s) x 2 restarts), got "a checkpoint of another config"',
    );
    await expect(trainBestOf(config, { ...opts, lr: 0.02, resumeFrom: from })).rejects.toThrow(
      "trainBestOf: options.resumeFrom.train.lr expected 0.02 (this call's), got 0.01",
    );
    await expect(trainBestOf(config, { ...opts, steps: 40, resumeFrom: from })).rejects.toThrow(
      "trainBestOf: options.resumeFrom.train.steps expected 40 (this call's), got 300",
    );
    await expect(trainBestOf(config, { ...opts, resumeFrom: {} as never })).rejects.toThrow(
      'trainBestOf: options.resumeFrom expected a checkpoint from onCheckpoint, got',
    );
    await expect(trainBestOf(config, { ...opts, checkpointEvery: 10 })).rejects.toThrow(
      'trainBestOf: options.onCheckpoint expected given together with options.checkpointEvery',
    );
    await expect(
      trainBestOf(config, { ...opts, checkpointEvery: 0, onCheckpoint: () => undefined }),
    ).rejects.toThrow('trainBestOf: options.checkpointEvery expected an integer >= 1, got 0');
    // a fresh optimizer would drop the saved state; a bad onStep is named before training
    await expect(
      trainBestOf(config, { ...opts, resetOptimizer: true, resumeFrom: from }),
    ).rejects.toThrow(
      'trainBestOf: options.resetOptimizer expected false or left out with options.resumeFrom (it would drop the saved optimizer state), got true',
    );
    await expect(
      trainBestOf(config, {
        ...opts,
        onStep: 'x' as never,
        checkpointEvery: 50,
        onCheckpoint: () => undefined,
      }),
    ).rejects.toThrow('trainBestOf: options.onStep expected a function, got "x"');
  });
});
