import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fail } from '../errors.js';
import {
  checkEncodeRunOptions,
  decodeRun,
  encodeRun,
  type EncodeRunOptions,
  type ToyModelRun,
} from '../run/runFormat.js';
import {
  parseCheckpoint,
  serializeCheckpoint,
  type ToyModelCheckpoint,
} from '../train/checkpoint.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * Save a run as `DIR/run.json` (and `DIR/weights.f32` when it has more than a million
 * weights), each written atomically. The binary file is written first, so run.json never
 * names a file that is not there. Format: RUN_FORMAT.md.
 *
 * @param dir - output folder (created if missing).
 * @param run - from `createRun`.
 * @param options - binary threshold and file name (a plain name beside run.json: no path
 *   separators, no leading dot, not run.json).
 * @returns the path of run.json.
 * @throws TypeError / RangeError naming the invalid option or run field, before anything is written.
 * @example
 * ```ts
 * import { createRun, createToyModel, train } from '@hyperposition/toy-models';
 * const model = createToyModel({ nFeatures: 5, nHidden: 2, sparsity: 0.9, seed: 1 });
 * await saveRun('runs/pentagon', createRun(model, await train(model, { steps: 1000 })));
 * ```
 */
export async function saveRun(
  dir: string,
  run: ToyModelRun,
  options: EncodeRunOptions = {},
): Promise<string> {
  if (typeof dir !== 'string' || dir.length === 0)
    fail('saveRun', 'dir', 'a folder path (a non-empty string)', dir, 'type');
  checkEncodeRunOptions('saveRun', options);
  // encoded (and so checked) before anything is written
  const { json, binary } = encodeRun(run, options);
  await mkdir(dir, { recursive: true });
  if (binary) await writeFileAtomic(join(dir, binary.file), binary.bytes);
  const path = join(dir, 'run.json');
  await writeFileAtomic(path, json);
  return path;
}

/**
 * Load and validate `DIR/run.json` (and the binary weights it names).
 *
 * @param dir - the run's folder.
 * @returns the decoded run.
 * @throws TypeError / RangeError naming the invalid field; the fs error when a file is missing.
 * @example
 * ```ts
 * import { createRun, createToyModel } from '@hyperposition/toy-models';
 * await saveRun('runs/small', createRun(createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 })));
 * const run = await loadRun('runs/small');
 * run.instances[0].W.length; // returns 10 (row-major [nHidden, nFeatures])
 * ```
 */
export async function loadRun(dir: string): Promise<ToyModelRun> {
  const json = await readFile(join(dir, 'run.json'), 'utf8');
  return decodeRun(json, (file) => new Uint8Array(readFileSync(join(dir, file))));
}

/**
 * Write a checkpoint atomically (JSON, float32 arrays as base64 little-endian bytes).
 *
 * @param path - the checkpoint file.
 * @param ckpt - from `checkpoint(model)`.
 * @returns when the file is in place.
 * @example
 * ```ts
 * import { checkpoint, createToyModel, train } from '@hyperposition/toy-models';
 * const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 });
 * await train(model, { steps: 200, stopAtStep: 100 });
 * await saveCheckpoint('checkpoint.json', checkpoint(model)); // the folder must exist
 * ```
 */
export async function saveCheckpoint(path: string, ckpt: ToyModelCheckpoint): Promise<void> {
  await writeFileAtomic(path, serializeCheckpoint(ckpt));
}

/**
 * Read and validate a checkpoint written by {@link saveCheckpoint}.
 *
 * @param path - the checkpoint file.
 * @returns the checkpoint; pass it to `restoreCheckpoint`.
 * @example
 * ```ts
 * import { checkpoint, createToyModel, restoreCheckpoint } from '@hyperposition/toy-models';
 * await saveCheckpoint('checkpoint.json', checkpoint(createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 })));
 * const model = restoreCheckpoint(await loadCheckpoint('checkpoint.json'));
 * model.step; // returns 0
 * ```
 */
export async function loadCheckpoint(path: string): Promise<ToyModelCheckpoint> {
  return parseCheckpoint(await readFile(path, 'utf8'));
}
