import { crc32Hex } from './crc32.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { createToyModel } from '../model/createToyModel.js';
import { train } from '../train/train.js';
import { createRun, decodeRun, encodeRun, modelFromRun, type ToyModelRun } from './runFormat.js';

beforeAll(async () => {
  await useBackend('wasm');
});

async function smallRun(tied = true): Promise<ToyModelRun> {
  const model = createToyModel({
    nInstances: 2,
    nFeatures: 4,
    nHidden: 3,
    tied,
    sparsity: [0.2, 0.9],
    importance: { kind: 'geometric', ratio: 0.5 },
    seed: 'run',
  });
  const result = await train(model, { steps: 20, batchSize: 16, historyEvery: 5 });
  const run = createRun(model, result);
  model.dispose();
  return run;
}

describe('run format', () => {
  it('writes the contract fields of run.json: W as nHidden rows of nFeatures numbers', async () => {
    const run = await smallRun();
    const obj = JSON.parse(encodeRun(run).json);
    expect(obj.format).toBe('hyperposition.toy-models.run');
    expect(obj.version).toBe(1);
    expect(obj.config.model.seed).toBe('run');
    expect(obj.config.train.steps).toBe(20);
    expect(obj.history.map((h: { step: number }) => h.step)).toEqual([5, 10, 15, 20]);
    expect(obj.instances).toHaveLength(2);
    expect(obj.instances[1].sparsity).toBeCloseTo(0.9, 12);
    expect(obj.instances[1].featureProbability).toBeCloseTo(0.1, 12);
    expect(obj.instances[0].importance).toEqual([1, 0.5, 0.25, 0.125]);
    expect(obj.instances[0].W).toHaveLength(3);
    expect(obj.instances[0].W[2]).toHaveLength(4);
    expect(obj.instances[0].W[2][1]).toBe(run.instances[0].W[2 * 4 + 1]);
    expect(obj.instances[0].b).toHaveLength(4);
    expect(typeof obj.instances[0].loss).toBe('number');
  });

  it.each([true, false])(
    'round-trips inline and binary weights exactly (tied: %s)',
    async (tied) => {
      const run = await smallRun(tied);
      const inline = encodeRun(run);
      expect(inline.binary).toBeNull();
      expect(decodeRun(inline.json)).toEqual(run);
      const big = encodeRun(run, { binaryThreshold: 10 });
      expect(big.binary!.file).toBe('weights.f32');
      expect(big.binary!.bytes.byteLength).toBe(2 * (tied ? 1 : 2) * 3 * 4 * 4);
      const obj = JSON.parse(big.json);
      expect(obj.instances[0].W).toBeUndefined();
      expect(obj.weights).toMatchObject({
        file: 'weights.f32',
        dtype: 'float32',
        byteOrder: 'little-endian',
        shape: [2, tied ? 1 : 2, 3, 4],
      });
      expect(decodeRun(big.json, () => big.binary!.bytes)).toEqual(run);
      // Little-endian on disk: the first four bytes are W[0][0][0].
      const first = new DataView(big.binary!.bytes.buffer).getFloat32(0, true);
      expect(first).toBe(run.instances[0].W[0]);
    },
  );

  it('recreates a model holding the saved weights', async () => {
    const run = await smallRun(false);
    const model = modelFromRun(run);
    expect(model.step).toBe(20);
    expect(Array.from(model.W.dataSync().slice(12, 24))).toEqual(Array.from(run.instances[1].W));
    expect(Array.from(model.Wdec!.dataSync().slice(0, 12))).toEqual(
      Array.from(run.instances[0].Wdec!),
    );
    model.dispose();
  });

  it('rejects invalid runs with errors that name the field', async () => {
    const run = await smallRun();
    const good = JSON.parse(encodeRun(run).json);
    const check = (mutate: (o: typeof good) => void, message: string | RegExp): void => {
      const o = structuredClone(good);
      mutate(o);
      expect(() => decodeRun(JSON.stringify(o))).toThrow(message);
    };
    check(
      (o) => (o.format = 'nope'),
      'decodeRun: format expected "hyperposition.toy-models.run", got "nope"',
    );
    check((o) => (o.version = 2), 'decodeRun: version expected 1, got 2');
    check(
      (o) => delete o.config,
      'decodeRun: config expected an object { model, train }, got undefined',
    );
    check(
      (o) => (o.config.model.nHidden = 0),
      /decodeRun: config.model invalid: resolveConfig: config.nHidden expected an integer >= 1, got 0/,
    );
    check(
      (o) => o.instances.pop(),
      'decodeRun: instances expected an array of config.model.nInstances (2) objects, got Array(1)',
    );
    check(
      (o) => o.instances[1].W[2].pop(),
      'decodeRun: instances[1].W[2] expected an array of 4 numbers, got Array(3)',
    );
    check(
      (o) => (o.instances[0].W[0][3] = 'x'),
      'decodeRun: instances[0].W[0][3] expected a finite number, got "x"',
    );
    check(
      (o) => o.instances[0].b.push(1),
      'decodeRun: instances[0].b expected an array of nFeatures (4) numbers, got Array(5)',
    );
    check(
      (o) => (o.instances[0].sparsity = 0.5),
      `decodeRun: instances[0].sparsity expected config.model.sparsity[0] (${run.config.model.sparsity[0]}), got 0.5`,
    );
    check(
      (o) => (o.history[0] = { step: 'a' }),
      /decodeRun: history\[0\] expected \{ step: integer, loss: number \| null \}/,
    );
    expect(() => decodeRun('not json')).toThrow(/decodeRun: json expected valid JSON/);
    const big = encodeRun(run, { binaryThreshold: 1 });
    expect(() => decodeRun(big.json)).toThrow(
      'decodeRun: readBinary expected a reader for the weights file "weights.f32", got undefined',
    );
    expect(() => decodeRun(big.json, () => new Uint8Array(3))).toThrow(
      'decodeRun: weights file "weights.f32" expected 96 bytes, got "3 bytes"',
    );
    const evil = JSON.parse(big.json);
    evil.weights.file = '../../etc/passwd';
    expect(() => decodeRun(JSON.stringify(evil), () => big.binary!.bytes)).toThrow(
      /decodeRun: weights.file expected a plain file name/,
    );
    // The file's CRC-32 (zlib's; crc32Hex of the ASCII digits 1-9 is its published check
    // value cbf43926) is recorded, and a file of the right size from another save is refused.
    expect(crc32Hex(new TextEncoder().encode('123456789'))).toBe('cbf43926');
    expect(JSON.parse(big.json).weights.crc32).toBe(crc32Hex(big.binary!.bytes));
    const other = big.binary!.bytes.slice();
    other[5] ^= 1;
    expect(() => decodeRun(big.json, () => other)).toThrow(
      `decodeRun: weights file "weights.f32" expected CRC-32 ${crc32Hex(big.binary!.bytes)} as run.json records (the file is damaged, or from another save), got "${crc32Hex(other)}"`,
    );
    // Files from before the checksum still load; their values must still be finite.
    const old = JSON.parse(big.json);
    delete old.weights.crc32;
    expect(decodeRun(JSON.stringify(old), () => big.binary!.bytes)).toEqual(run);
    const nan = big.binary!.bytes.slice();
    new DataView(nan.buffer).setFloat32(4 * (12 + 4 + 3), NaN, true);
    expect(() => decodeRun(JSON.stringify(old), () => nan)).toThrow(
      'decodeRun: weights file "weights.f32" at instance 1 W[1][3] expected a finite number, got NaN',
    );
    old.weights.crc32 = 'CBF43926';
    expect(() => decodeRun(JSON.stringify(old), () => big.binary!.bytes)).toThrow(
      'decodeRun: weights.crc32 expected 8 lower-case hex digits, got "CBF43926"',
    );
  });

  it('refuses a weight that is finite in JSON but not as float32 (1e39 read as Infinity)', async () => {
    const run = await smallRun(false);
    const good = JSON.parse(encodeRun(run).json);
    const check = (mutate: (o: typeof good) => void, message: string): void => {
      const o = structuredClone(good);
      mutate(o);
      expect(() => decodeRun(JSON.stringify(o))).toThrow(message);
    };
    check(
      (o) => (o.instances[0].W[0][0] = 1e39),
      'decodeRun: instances[0].W[0][0] expected a finite float32 number (|x| < 3.4e38), got 1e+39',
    );
    check(
      (o) => (o.instances[1].Wdec[2][3] = -1e39),
      'decodeRun: instances[1].Wdec[2][3] expected a finite float32 number (|x| < 3.4e38), got -1e+39',
    );
    check(
      (o) => (o.instances[0].b[1] = 4e38),
      'decodeRun: instances[0].b[1] expected a finite float32 number (|x| < 3.4e38), got 4e+38',
    );
    // the largest float32 is a weight like any other
    const o = structuredClone(good);
    o.instances[0].W[0][0] = 3.4e38;
    expect(decodeRun(JSON.stringify(o)).instances[0].W[0]).toBe(Math.fround(3.4e38));
  });

  it('refuses instances that disagree with the config they came from, and invalid training options', async () => {
    const run = await smallRun();
    const good = JSON.parse(encodeRun(run).json);
    const check = (mutate: (o: typeof good) => void, message: string): void => {
      const o = structuredClone(good);
      mutate(o);
      expect(() => decodeRun(JSON.stringify(o))).toThrow(message);
    };
    // (config: S = [0.2, 0.9], importance 0.5^i)
    check(
      (o) => (o.instances[1].importance[2] = 7),
      'decodeRun: instances[1].importance[2] expected config.model.importance[1][2] (0.25), got 7',
    );
    check(
      (o) => (o.instances[0].importance[0] = -1),
      'decodeRun: instances[0].importance[0] expected config.model.importance[0][0] (1), got -1',
    );
    check((o) => {
      o.instances[1].sparsity = 1.5;
      o.instances[1].featureProbability = -0.5;
    }, `decodeRun: instances[1].sparsity expected config.model.sparsity[1] (${run.config.model.sparsity[1]}), got 1.5`);
    check((o) => {
      o.instances[1].sparsity = 0.5;
      o.instances[1].featureProbability = 0.5;
    }, `decodeRun: instances[1].sparsity expected config.model.sparsity[1] (${run.config.model.sparsity[1]}), got 0.5`);
    // the config itself is checked as resolveConfig checks it
    check(
      (o) => (o.config.model.importance[0][1] = -1),
      'decodeRun: config.model invalid: resolveImportance: config.importance[0] expected an array of nFeatures (4) finite numbers >= 0, got Array(4)',
    );
    check(
      (o) => (o.config.train = { steps: 'lots' }),
      'decodeRun: config.train invalid: train: options.steps expected an integer >= 0, got "lots"',
    );
    check(
      (o) => (o.config.train.beta2 = 1),
      'decodeRun: config.train invalid: train: options.beta2 expected a number in [0, 1), got 1',
    );
    check(
      (o) => (o.config.train.lerningRate = 1),
      'decodeRun: config.train.lerningRate expected one of the known options (steps, batchSize, lr, schedule, optimizer, weightDecay, beta1, beta2, eps, momentum, l1W, l1Hidden, historyEvery, finalWindow, seed), got an unknown key',
    );
    // and what a run records still loads as it was written
    expect(decodeRun(encodeRun(run).json).config.train).toEqual(run.config.train);
  });

  it('refuses to write a diverged instance (NaN weights), naming it, instead of a file that cannot be read', async () => {
    // SGD on instance 2 of importance 1e30: its gradients overflow within a few steps
    const ones = [1, 1, 1, 1];
    for (const engine of ['tfjs', 'fused'] as const) {
      const model = createToyModel({
        nInstances: 3,
        nFeatures: 4,
        nHidden: 2,
        importance: [ones, ones, ones.map(() => 1e30)],
        seed: 1,
      });
      const result = await train(model, {
        steps: 20,
        batchSize: 16,
        optimizer: 'sgd',
        lr: 0.01,
        divergence: 'record',
        engine,
      });
      expect(result.diverged.map((d) => d.instance)).toEqual([2]);
      expect(() => createRun(model, result)).toThrow(
        'createRun: model W of instance 2 expected finite numbers (the instance diverged: see TrainResult.diverged), got NaN',
      );
      model.dispose();
    }
    // a run built by hand is checked by encodeRun
    const run = await smallRun(false);
    const bad = structuredClone(run);
    bad.instances[1].Wdec![5] = NaN;
    expect(() => encodeRun(bad)).toThrow(
      'encodeRun: run.instances[1].Wdec[1][1] expected a finite number (the instance diverged: see TrainResult.diverged), got NaN',
    );
    bad.instances[1].Wdec![5] = 0;
    bad.instances[0].b[3] = Infinity;
    expect(() => encodeRun(bad, { binaryThreshold: 0 })).toThrow(
      'encodeRun: run.instances[0].b[3] expected a finite number (the instance diverged: see TrainResult.diverged), got Infinity',
    );
  });

  it('names the argument when given no run, a disposed model, or a weights file that is no plain name', async () => {
    expect(() => encodeRun(undefined as never)).toThrow(
      'encodeRun: run expected a ToyModelRun (from createRun), got undefined',
    );
    const model = createToyModel({ nFeatures: 3, nHidden: 2, seed: 1 });
    const run = createRun(model);
    model.dispose();
    expect(() => createRun(model)).toThrow(
      'createRun: model expected a model that is not disposed, got "a disposed model"',
    );
    expect(() => encodeRun({ ...run, instances: [] })).toThrow(
      'encodeRun: run.instances expected an array of config.model.nInstances (1) instances, got Array(0)',
    );
    const expected =
      'a plain file name beside run.json (no path separators, no leading dot, not run.json)';
    for (const name of [
      '../escape.f32',
      'a/b.f32',
      'a\\b.f32',
      '.',
      '..',
      '.hidden',
      'run.json',
      'RUN.JSON',
      '',
    ]) {
      expect(() => encodeRun(run, { binaryThreshold: 0, weightsFile: name })).toThrow(
        `encodeRun: options.weightsFile expected ${expected}, got ${JSON.stringify(name)}`,
      );
    }
    expect(() => encodeRun(run, { weightsFile: 7 as never })).toThrow(
      `encodeRun: options.weightsFile expected ${expected}, got 7`,
    );
    expect(() => encodeRun(run, { binaryThreshold: -1 })).toThrow(
      'encodeRun: options.binaryThreshold expected a number >= 0, got -1',
    );
    expect(() => encodeRun(run, { weightFile: 'w.f32' } as never)).toThrow(
      /^encodeRun: options\.weightFile expected one of the known options \(binaryThreshold, weightsFile\); did you mean options\.weightsFile\?/,
    );
    expect(encodeRun(run, { binaryThreshold: 0, weightsFile: 'w.f32' }).binary!.file).toBe('w.f32');
    // and a run.json naming run.json as its weights is refused on load
    const big = encodeRun(run, { binaryThreshold: 0 });
    const evil = JSON.parse(big.json);
    evil.weights.file = 'run.json';
    expect(() => decodeRun(JSON.stringify(evil), () => big.binary!.bytes)).toThrow(
      `decodeRun: weights.file expected ${expected}, got "run.json"`,
    );
  });
});
