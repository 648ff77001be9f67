import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { createOptimizerState, optimizerStep, type OptimizerSettings } from './optimizer.js';
import { learningRateAt } from './schedule.js';
import { resolveTrainOptions } from './train.js';

beforeAll(async () => {
  await useBackend('wasm');
});

const settings = (
  kind: OptimizerSettings['kind'],
  extra: Partial<OptimizerSettings> = {},
): OptimizerSettings => ({
  kind,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
  momentum: 0,
  ...extra,
});

// Two steps by hand, following torch.optim's update rules, in float64.
function reference(
  kind: string,
  p0: number,
  grads: number[],
  lr: number,
  wd: number,
  mom: number,
): number {
  let p = p0;
  let m = 0;
  let v = 0;
  let buf = 0;
  grads.forEach((g0, k) => {
    const t = k + 1;
    let g = g0;
    if (kind === 'sgd') {
      g += wd * p;
      buf = mom * buf + g;
      p -= lr * (mom > 0 ? buf : g);
      return;
    }
    if (kind === 'adamw') p *= 1 - lr * wd;
    else g += wd * p;
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    p -= ((lr / (1 - 0.9 ** t)) * m) / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** t) + 1e-8);
  });
  return p;
}

describe.each([
  ['adamw', 0.01, 0],
  ['adam', 0.01, 0],
  ['adam', 0, 0],
  ['sgd', 0.01, 0.9],
  ['sgd', 0, 0],
] as const)('optimizerStep %s (weight decay %s, momentum %s)', (kind, wd, mom) => {
  it('matches the PyTorch update rule over two steps (float32 tolerance)', () => {
    const p0 = [0.5, -1.25, 2];
    const g = [
      [0.3, -0.1, 0.02],
      [-0.2, 0.4, 0.05],
    ];
    const param = tf.variable(tf.tensor1d(p0));
    const state = createOptimizerState(settings(kind, { weightDecay: wd, momentum: mom }), {
      p: param,
    });
    for (const gs of g) {
      tf.tidy(() =>
        optimizerStep(
          settings(kind, { weightDecay: wd, momentum: mom }),
          0.1,
          state,
          { p: param },
          { p: tf.tensor1d(gs) },
        ),
      );
    }
    const got = param.dataSync();
    p0.forEach((x, j) => {
      const want = reference(kind, x, [g[0][j], g[1][j]], 0.1, wd, mom);
      expect(Math.abs(got[j] - want)).toBeLessThan(2e-6 * Math.max(1, Math.abs(want)));
    });
    expect(state.t).toBe(2);
    param.dispose();
    state.slots.forEach((s) => s.dispose());
  });
});

describe('learningRateAt', () => {
  it('is constant, linear, or cosine with warm-up, hand-computed', () => {
    expect(learningRateAt('constant', 0.1, 50, 100)).toBe(0.1);
    expect(learningRateAt({ kind: 'linear' }, 1, 0, 11)).toBe(1);
    expect(learningRateAt({ kind: 'linear' }, 1, 5, 11)).toBeCloseTo(0.5, 15);
    expect(learningRateAt({ kind: 'linear' }, 1, 10, 11)).toBe(0);
    expect(learningRateAt({ kind: 'cosine', warmupSteps: 10 }, 1e-3, 4, 100)).toBeCloseTo(5e-4, 15);
    expect(learningRateAt({ kind: 'cosine', warmupSteps: 10 }, 1, 10, 111)).toBe(1);
    expect(learningRateAt({ kind: 'cosine', warmupSteps: 10 }, 1, 60, 111)).toBeCloseTo(0.5, 12);
    expect(learningRateAt({ kind: 'cosine', final: 0.1 }, 1, 99, 100)).toBeCloseTo(0.1, 12);
    expect(() => learningRateAt({ kind: 'step' } as unknown as 'constant', 1, 0, 1)).toThrow(
      `learningRateAt: schedule.kind expected 'constant', 'linear' or 'cosine', got "step"`,
    );
  });

  it('rejects a misspelt field or a bad value of a schedule, in learningRateAt and in train', () => {
    expect(() => learningRateAt({ kind: 'cosine', warmup: 100 } as never, 1, 0, 10)).toThrow(
      'learningRateAt: schedule.warmup expected one of the known options (kind, warmupSteps, final), got an unknown key',
    );
    expect(() => learningRateAt({ kind: 'cosine', finl: 0.1 } as never, 1, 0, 10)).toThrow(
      'learningRateAt: schedule.finl expected one of the known options (kind, warmupSteps, final); did you mean schedule.final?, got an unknown key',
    );
    expect(() => learningRateAt({ kind: 'constant', final: 0 } as never, 1, 0, 10)).toThrow(
      'learningRateAt: schedule.final expected one of the known options (kind), got an unknown key',
    );
    expect(() => learningRateAt('cosine' as never, 1, 0, 10)).toThrow(
      `learningRateAt: schedule expected 'constant' or { kind: 'constant' | 'linear' | 'cosine', warmupSteps?, final? }, got "cosine"`,
    );
    expect(() => learningRateAt(null as never, 1, 0, 10)).toThrow(TypeError);
    // through train's options, before any step
    expect(() => resolveTrainOptions({ schedule: { kind: 'linear', final: NaN } })).toThrow(
      'train: options.schedule.final expected a finite number >= 0, got NaN',
    );
    expect(() =>
      resolveTrainOptions({ schedule: { kind: 'cosine', warmupSteps: 'x' as never } }),
    ).toThrow('train: options.schedule.warmupSteps expected an integer >= 0, got "x"');
    expect(() => resolveTrainOptions({ schedule: { kind: 'cosine', warmupSteps: 2.5 } })).toThrow(
      'train: options.schedule.warmupSteps expected an integer >= 0, got 2.5',
    );
    expect(
      resolveTrainOptions({ schedule: { kind: 'cosine', warmupSteps: 10, final: 0.1 } }).schedule,
    ).toEqual({ kind: 'cosine', warmupSteps: 10, final: 0.1 });
  });
});
