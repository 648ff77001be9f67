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
      /decodeRun: instances\[0\]\.sparsity expected 1 - featureProbability/,
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
});
