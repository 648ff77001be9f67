import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { createToyModel } from '../model/createToyModel.js';
import { createRun } from '../run/runFormat.js';
import { checkpoint, restoreCheckpoint } from '../train/checkpoint.js';
import { train } from '../train/train.js';
import { loadCheckpoint, loadRun, saveCheckpoint, saveRun, writeFileAtomic } from './index.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('node run files', () => {
  it('saveRun / loadRun round-trip, inline and with a binary weights file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'toy-run-'));
    const model = createToyModel({
      nInstances: 2,
      nFeatures: 5,
      nHidden: 2,
      sparsity: 0.9,
      seed: 9,
    });
    const run = createRun(model, await train(model, { steps: 10, batchSize: 8 }));
    model.dispose();
    await saveRun(join(dir, 'a'), run);
    expect(await loadRun(join(dir, 'a'))).toEqual(run);
    await saveRun(join(dir, 'b'), run, { binaryThreshold: 5 });
    expect((await readdir(join(dir, 'b'))).sort()).toEqual(['run.json', 'weights.f32']);
    expect(await loadRun(join(dir, 'b'))).toEqual(run);
  });

  it('saveRun writes nothing for a weights file name that would leave the folder or overwrite run.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'toy-run-'));
    const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 9 });
    const run = createRun(model);
    model.dispose();
    const expected =
      'a plain file name beside run.json (no path separators, no leading dot, not run.json)';
    await expect(
      saveRun(join(dir, 'a'), run, { binaryThreshold: 0, weightsFile: '../escape.f32' }),
    ).rejects.toThrow(`saveRun: options.weightsFile expected ${expected}, got "../escape.f32"`);
    await expect(
      saveRun(join(dir, 'a'), run, { binaryThreshold: 0, weightsFile: 'run.json' }),
    ).rejects.toThrow(`saveRun: options.weightsFile expected ${expected}, got "run.json"`);
    // nor for a run that cannot be encoded: the folder is not even created
    await expect(saveRun(join(dir, 'a'), undefined as never)).rejects.toThrow(
      'encodeRun: run expected a ToyModelRun (from createRun), got undefined',
    );
    expect(await readdir(dir)).toEqual([]);
    await saveRun(join(dir, 'b'), run, { binaryThreshold: 0, weightsFile: 'w.f32' });
    expect((await readdir(join(dir, 'b'))).sort()).toEqual(['run.json', 'w.f32']);
    expect(await loadRun(join(dir, 'b'))).toEqual(run);
  });

  it('writeFileAtomic replaces the file and leaves no temporary files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'toy-atomic-'));
    const path = join(dir, 'x.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new');
    await writeFileAtomic(path, new Uint8Array([104, 105]));
    expect(await readFile(path, 'utf8')).toBe('hi');
    expect(await readdir(dir)).toEqual(['x.json']);
    await expect(writeFileAtomic(join(dir, 'missing', 'y'), 'z')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(['x.json']);
  });

  it('saveCheckpoint / loadCheckpoint resume a run exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'toy-ckpt-'));
    const config = { nFeatures: 4, nHidden: 2, sparsity: 0.5, seed: 3 };
    const straight = createToyModel(config);
    await train(straight, { steps: 40, batchSize: 16 });
    const part = createToyModel(config);
    await train(part, { steps: 40, batchSize: 16, stopAtStep: 25 });
    await saveCheckpoint(join(dir, 'ckpt.json'), checkpoint(part));
    part.dispose();
    const resumed = restoreCheckpoint(await loadCheckpoint(join(dir, 'ckpt.json')));
    await train(resumed, { steps: 40, batchSize: 16 });
    expect(Array.from(resumed.W.dataSync())).toEqual(Array.from(straight.W.dataSync()));
    straight.dispose();
    resumed.dispose();
  });
});
