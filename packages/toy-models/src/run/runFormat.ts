import { checkKeys, checkNumber, fail } from '../errors.js';
import { buildModel, internals, type ToyModel } from '../model/createToyModel.js';
import { instanceStreams } from '../model/streams.js';
import { resolveConfig, type ResolvedToyModelConfig } from '../model/config.js';
import {
  resolveTrainOptions,
  type HistoryEntry,
  type ResolvedTrainOptions,
  type TrainResult,
} from '../train/train.js';
import { crc32Hex } from './crc32.js';
import { bytesToFloat32, float32ToBytes } from './base64.js';

/** The fields of ResolvedTrainOptions: what a run records of its training options. */
const RESOLVED_TRAIN_KEYS: readonly string[] = Object.keys(resolveTrainOptions({}));
/**
 * The `format` tag of run.json.
 *
 * @example
 * ```ts
 * const { json } = encodeRun(createRun(createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 })));
 * JSON.parse(json).format === RUN_FORMAT; // returns true
 * ```
 */
export const RUN_FORMAT = 'hyperposition.toy-models.run';
/**
 * The run format version this library writes and reads.
 *
 * @example
 * ```ts
 * const { json } = encodeRun(createRun(createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 })));
 * JSON.parse(json).version; // returns 1
 * ```
 */
export const RUN_VERSION = 1;
/**
 * Runs with more weights than this keep W in a binary file beside run.json.
 *
 * @example
 * ```ts
 * const model = createToyModel({ nFeatures: 2000, nHidden: 600, seed: 1 }); // 1.2e6 weights
 * encodeRun(createRun(model)).binary !== null; // returns true (above RUN_BINARY_THRESHOLD)
 * model.dispose();
 * ```
 */
export const RUN_BINARY_THRESHOLD = 1_000_000;

/**
 * One trained instance in a run. `W` (and `Wdec` when untied) are row-major
 * [nHidden, nFeatures]: column j is feature j's direction.
 */
export interface RunInstance {
  /** S, probability that a feature is zero. */
  sparsity: number;
  /** p = 1 - S, probability that a feature is active. */
  featureProbability: number;
  /** Importance of each feature, length nFeatures. */
  importance: number[];
  /** Encoder weights, row-major [nHidden, nFeatures]. */
  W: Float32Array;
  /** Decoder weights when untied, row-major [nHidden, nFeatures], else null. */
  Wdec: Float32Array | null;
  /** Output bias, length nFeatures. */
  b: Float32Array;
  /** Final training loss of this instance (mean over the last steps), or NaN if unknown. */
  loss: number;
}

/** A trained run in memory: what run.json describes (see RUN_FORMAT.md). */
export interface ToyModelRun {
  format: typeof RUN_FORMAT;
  version: number;
  /** Every parameter used: the model config (seed included) and the training options. */
  config: { model: ResolvedToyModelConfig; train: ResolvedTrainOptions | null };
  /** Loss history (step, loss summed over instances). */
  history: HistoryEntry[];
  /** Steps taken. */
  step: number;
  instances: RunInstance[];
}

/**
 * Collect a trained model and its training result into a {@link ToyModelRun}.
 *
 * A run holds finite weights only (run.json has no NaN): a model with an instance that
 * diverged (`divergence: 'record'`, see {@link TrainResult.diverged}) is refused, naming the
 * instance (to keep the others, train them again without it, or with a lower learning rate).
 *
 * @param model - the trained model (weights are copied off the device).
 * @param result - what {@link train} resolved to; omit for an untrained model.
 * @returns the run, ready for {@link encodeRun} or `saveRun` from `@hyperposition/toy-models/node`.
 * @throws TypeError for a disposed model; RangeError when a weight is not finite (a diverged instance).
 * @example
 * ```ts
 * const model = createToyModel({ nFeatures: 5, nHidden: 2, sparsity: 0.9, seed: 1 });
 * const run = createRun(model, await train(model, { steps: 1000 }));
 * run.instances[0].W.length; // returns 10
 * ```
 */
export function createRun(model: ToyModel, result?: TrainResult): ToyModelRun {
  const fn = 'createRun';
  internals(model, fn);
  if (result !== undefined && (result === null || typeof result !== 'object'))
    fail(fn, 'result', 'a TrainResult (what train resolved to) or undefined', result, 'type');
  const snap = model.snapshot();
  const { config } = model;
  const { nHidden: m, nFeatures: n } = config;
  const matrices: [string, Float32Array | null, number][] = [
    ['W', snap.W, m * n],
    ['Wdec', snap.Wdec, m * n],
    ['b', snap.b, n],
  ];
  for (const [name, a, size] of matrices) {
    const k = a ? a.findIndex((v) => !Number.isFinite(v)) : -1;
    if (k >= 0) {
      fail(
        fn,
        `model ${name} of instance ${Math.floor(k / size)}`,
        'finite numbers (the instance diverged: see TrainResult.diverged)',
        a![k],
      );
    }
  }
  return {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    config: { model: config, train: result?.options ?? null },
    history: result?.history ?? [],
    step: snap.step,
    instances: config.featureProbability.map((p, i) => ({
      sparsity: config.sparsity[i],
      featureProbability: p,
      importance: config.importance[i].slice(),
      W: snap.W.slice(i * m * n, (i + 1) * m * n),
      Wdec: snap.Wdec ? snap.Wdec.slice(i * m * n, (i + 1) * m * n) : null,
      b: snap.b.slice(i * n, (i + 1) * n),
      loss: result?.finalLossPerInstance[i] ?? NaN,
    })),
  };
}

/** Where the binary weights live when a run is too large for JSON arrays. */
export interface RunWeightsFile {
  /** File name, relative to run.json's folder. */
  file: string;
  dtype: 'float32';
  byteOrder: 'little-endian';
  /** [nInstances, matrices.length, nHidden, nFeatures], row-major. */
  shape: [number, number, number, number];
  /** `['W']`, or `['W', 'Wdec']` when untied. */
  matrices: string[];
  byteLength: number;
  /**
   * CRC-32 of the file (zlib's, as Python's `zlib.crc32`), 8 lower-case hex digits. Written
   * by {@link encodeRun}; when present, {@link decodeRun} refuses a file that does not match
   * (damaged, or from another save of the same shape).
   */
  crc32?: string;
}

/** Options of {@link encodeRun}. */
export interface EncodeRunOptions {
  /** Weight count above which W goes to a binary file (>= 0); default {@link RUN_BINARY_THRESHOLD}. */
  binaryThreshold?: number;
  /**
   * Name of that file, beside run.json; default `'weights.f32'`. A plain file name: no path
   * separators, not starting with a dot, and not `run.json`.
   */
  weightsFile?: string;
}

/**
 * Check the name of a run's binary weights file: a plain file name beside run.json (no `/`
 * or `\`, no leading dot, so neither `.` nor `..`, and not run.json itself, which it would
 * overwrite).
 * @internal
 */
export function checkWeightsFile(fn: string, arg: string, file: unknown): string {
  if (
    typeof file !== 'string' ||
    file.length === 0 ||
    /[/\\\0]/.test(file) ||
    file.startsWith('.') ||
    file.toLowerCase() === 'run.json'
  ) {
    fail(
      fn,
      arg,
      'a plain file name beside run.json (no path separators, no leading dot, not run.json)',
      file,
      typeof file === 'string' ? 'range' : 'type',
    );
  }
  return file;
}

/**
 * Check the options of {@link encodeRun} (and `saveRun`).
 * @internal
 */
export function checkEncodeRunOptions(
  fn: string,
  options: EncodeRunOptions,
): { threshold: number; file: string } {
  if (options === null || typeof options !== 'object')
    fail(fn, 'options', 'an object', options, 'type');
  checkKeys(fn, 'options', options, ['binaryThreshold', 'weightsFile']);
  return {
    threshold: checkNumber(
      fn,
      'options.binaryThreshold',
      options.binaryThreshold ?? RUN_BINARY_THRESHOLD,
      0,
      Infinity,
      'a number >= 0',
    ),
    file: checkWeightsFile(fn, 'options.weightsFile', options.weightsFile ?? 'weights.f32'),
  };
}

/** The bytes of a run as written to disk. */
export interface EncodedRun {
  /** The text of run.json. */
  json: string;
  /** Binary weights and their file name, or null when W is inline. */
  binary: { file: string; bytes: Uint8Array } | null;
}

const rows = (a: Float32Array, m: number, n: number): number[][] =>
  Array.from({ length: m }, (_, r) => Array.from(a.subarray(r * n, (r + 1) * n)));
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Encode a run as run.json text (plus a little-endian float32 file for big runs). Pure and
 * browser-safe; the Node helpers in `@hyperposition/toy-models/node` write the result
 * atomically. The format is documented in RUN_FORMAT.md.
 *
 * Every weight must be finite (run.json has no NaN, and {@link decodeRun} reads finite
 * weights only): a run holding a diverged instance is refused, naming it.
 *
 * @param run - the run.
 * @param options - binary threshold and file name.
 * @returns the JSON text and, for runs over the threshold, the binary weights.
 * @throws TypeError / RangeError naming the invalid field or option.
 * @example
 * ```ts
 * const run = createRun(createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 }));
 * const { json, binary } = encodeRun(run);
 * binary; // returns null (a small run: W is inline in the JSON)
 * JSON.parse(json).format; // returns 'hyperposition.toy-models.run'
 * ```
 */
export function encodeRun(run: ToyModelRun, options: EncodeRunOptions = {}): EncodedRun {
  const fn = 'encodeRun';
  const { threshold, file } = checkEncodeRunOptions(fn, options);
  checkRun(fn, run);
  const { nHidden: m, nFeatures: n, tied, nInstances } = run.config.model;
  const matrices = tied ? ['W'] : ['W', 'Wdec'];
  const total = nInstances * matrices.length * m * n;
  const useBinary = total > threshold;
  let binary: EncodedRun['binary'] = null;
  let weights: RunWeightsFile | undefined;
  if (useBinary) {
    const all = new Float32Array(total);
    run.instances.forEach((inst, i) => {
      all.set(inst.W, i * matrices.length * m * n);
      if (!tied && inst.Wdec) all.set(inst.Wdec, (i * 2 + 1) * m * n);
    });
    const bytes = float32ToBytes(all);
    binary = { file, bytes };
    weights = {
      file,
      dtype: 'float32',
      byteOrder: 'little-endian',
      shape: [nInstances, matrices.length, m, n],
      matrices,
      byteLength: bytes.byteLength,
      crc32: crc32Hex(bytes),
    };
  }
  const json = JSON.stringify(
    {
      format: run.format,
      version: run.version,
      config: run.config,
      step: run.step,
      history: run.history.map((h) => ({ step: h.step, loss: finiteOrNull(h.loss) })),
      ...(weights ? { weights } : {}),
      instances: run.instances.map((inst) => ({
        sparsity: inst.sparsity,
        featureProbability: inst.featureProbability,
        importance: inst.importance,
        ...(useBinary ? {} : { W: rows(inst.W, m, n) }),
        ...(useBinary || !inst.Wdec ? {} : { Wdec: rows(inst.Wdec, m, n) }),
        b: Array.from(inst.b),
        loss: finiteOrNull(inst.loss),
      })),
    },
    null,
    1,
  );
  return { json, binary };
}

/**
 * Check the shape of a run in memory before it is encoded: every instance's arrays of the
 * config's sizes, and every weight finite (a diverged instance's NaN cannot be written).
 */
function checkRun(fn: string, run: ToyModelRun): void {
  if (run === null || typeof run !== 'object')
    fail(fn, 'run', 'a ToyModelRun (from createRun)', run, 'type');
  const model = (run.config as { model?: unknown } | undefined)?.model;
  if (model === null || typeof model !== 'object')
    fail(fn, 'run.config.model', 'a resolved model config', model, 'type');
  const { nInstances, nHidden: m, nFeatures: n, tied } = run.config.model;
  if (!Array.isArray(run.history)) fail(fn, 'run.history', 'an array', run.history, 'type');
  if (!Array.isArray(run.instances) || run.instances.length !== nInstances) {
    fail(
      fn,
      'run.instances',
      `an array of config.model.nInstances (${nInstances}) instances`,
      run.instances,
      'type',
    );
  }
  run.instances.forEach((inst, i) => {
    const at = `run.instances[${i}]`;
    if (inst === null || typeof inst !== 'object') fail(fn, at, 'an object', inst, 'type');
    const arrays: [string, Float32Array | null, number, number][] = [
      ['W', inst.W, m, n],
      ['b', inst.b, 1, n],
    ];
    if (!tied) arrays.push(['Wdec', inst.Wdec, m, n]);
    for (const [name, a, rows, cols] of arrays) {
      if (!(a instanceof Float32Array) || a.length !== rows * cols)
        fail(fn, `${at}.${name}`, `Float32Array(${rows * cols})`, a, 'type');
      const k = a.findIndex((v) => !Number.isFinite(v));
      if (k >= 0) {
        const path =
          rows === 1
            ? `${at}.${name}[${k}]`
            : `${at}.${name}[${Math.floor(k / cols)}][${k % cols}]`;
        fail(fn, path, 'a finite number (the instance diverged: see TrainResult.diverged)', a[k]);
      }
    }
  });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Parse and validate run.json text (and the binary weights it names, if any). Every error
 * names the field, e.g. `decodeRun: instances[2].W[1] expected an array of 5 numbers, got Array(4)`.
 *
 * @param json - the text of run.json.
 * @param readBinary - returns the bytes of a file named by run.json (needed for big runs).
 * @returns the run, W as row-major [nHidden, nFeatures] Float32Arrays.
 * @throws TypeError / RangeError naming the invalid field.
 * @example
 * ```ts
 * const run0 = createRun(createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 }));
 * const run = decodeRun(encodeRun(run0).json);
 * run.instances[0].b.length; // returns 5 (nFeatures)
 * ```
 */
export function decodeRun(json: string, readBinary?: (file: string) => Uint8Array): ToyModelRun {
  const fn = 'decodeRun';
  let obj: unknown;
  try {
    obj = JSON.parse(json);
  } catch (e) {
    throw new TypeError(
      `${fn}: json expected valid JSON, got a parse error (${(e as Error).message})`,
      { cause: e },
    );
  }
  if (!isObj(obj)) fail(fn, 'run', 'an object', obj, 'type');
  if (obj.format !== RUN_FORMAT) fail(fn, 'format', `"${RUN_FORMAT}"`, obj.format);
  if (obj.version !== RUN_VERSION) fail(fn, 'version', `${RUN_VERSION}`, obj.version);
  if (!isObj(obj.config)) fail(fn, 'config', 'an object { model, train }', obj.config, 'type');
  if (!isObj(obj.config.model)) fail(fn, 'config.model', 'an object', obj.config.model, 'type');
  let model: ResolvedToyModelConfig;
  try {
    model = resolveConfig(obj.config.model as unknown as ResolvedToyModelConfig);
  } catch (e) {
    const err = e as Error;
    throw new (err.constructor as ErrorConstructor)(`${fn}: config.model invalid: ${err.message}`, {
      cause: e,
    });
  }
  const rawTrain = obj.config.train ?? null;
  if (rawTrain !== null && !isObj(rawTrain))
    fail(fn, 'config.train', 'an object or null', rawTrain, 'type');
  let train: ResolvedTrainOptions | null = null;
  if (rawTrain !== null) {
    // the recorded (resolved) options only: a run never records engine, threads or callbacks
    checkKeys(fn, 'config.train', rawTrain, RESOLVED_TRAIN_KEYS);
    try {
      train = resolveTrainOptions(rawTrain);
    } catch (e) {
      const err = e as Error;
      throw new (err.constructor as ErrorConstructor)(
        `${fn}: config.train invalid: ${err.message}`,
        { cause: e },
      );
    }
  }
  const { nInstances, nHidden: m, nFeatures: n, tied } = model;
  if (!Number.isInteger(obj.step) || (obj.step as number) < 0)
    fail(fn, 'step', 'an integer >= 0', obj.step);
  if (!Array.isArray(obj.history)) fail(fn, 'history', 'an array', obj.history, 'type');
  const history = obj.history.map((h: unknown, k: number) => {
    if (
      !isObj(h) ||
      !Number.isInteger(h.step) ||
      !(typeof h.loss === 'number' || h.loss === null)
    ) {
      fail(fn, `history[${k}]`, '{ step: integer, loss: number | null }', h, 'type');
    }
    return { step: h.step as number, loss: (h.loss ?? NaN) as number };
  });
  if (!Array.isArray(obj.instances) || obj.instances.length !== nInstances) {
    fail(
      fn,
      'instances',
      `an array of config.model.nInstances (${nInstances}) objects`,
      obj.instances,
      'type',
    );
  }
  let binaryWeights: Float32Array | null = null;
  if (obj.weights !== undefined) {
    const w = obj.weights;
    const nMat = tied ? 1 : 2;
    if (!isObj(w)) fail(fn, 'weights', 'an object', w, 'type');
    const file = checkWeightsFile(fn, 'weights.file', w.file);
    if (w.dtype !== 'float32') fail(fn, 'weights.dtype', '"float32"', w.dtype);
    if (w.byteOrder !== 'little-endian')
      fail(fn, 'weights.byteOrder', '"little-endian"', w.byteOrder);
    const shape = [nInstances, nMat, m, n];
    if (!Array.isArray(w.shape) || w.shape.join() !== shape.join()) {
      fail(fn, 'weights.shape', `[${shape.join(', ')}]`, w.shape);
    }
    if (typeof readBinary !== 'function')
      fail(fn, 'readBinary', `a reader for the weights file "${file}"`, readBinary, 'type');
    const bytes = readBinary(file);
    const want = nInstances * nMat * m * n * 4;
    if (!(bytes instanceof Uint8Array) || bytes.byteLength !== want || w.byteLength !== want) {
      fail(
        fn,
        `weights file "${file}"`,
        `${want} bytes`,
        bytes instanceof Uint8Array ? `${bytes.byteLength} bytes` : bytes,
      );
    }
    if (w.crc32 !== undefined) {
      if (typeof w.crc32 !== 'string' || !/^[0-9a-f]{8}$/.test(w.crc32))
        fail(fn, 'weights.crc32', '8 lower-case hex digits', w.crc32);
      const sum = crc32Hex(bytes);
      if (sum !== w.crc32) {
        fail(
          fn,
          `weights file "${file}"`,
          `CRC-32 ${w.crc32} as run.json records (the file is damaged, or from another save)`,
          sum,
        );
      }
    }
    binaryWeights = bytesToFloat32(bytes);
    // As inline weights: finite numbers only.
    for (let k = 0; k < binaryWeights.length; k++) {
      if (!Number.isFinite(binaryWeights[k])) {
        const c = k % n;
        const r = Math.floor(k / n) % m;
        const mat = Math.floor(k / (m * n)) % nMat;
        const i = Math.floor(k / (nMat * m * n));
        fail(
          fn,
          `weights file "${file}" at instance ${i} ${mat === 0 ? 'W' : 'Wdec'}[${r}][${c}]`,
          'a finite number',
          binaryWeights[k],
        );
      }
    }
  }
  const num = (path: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(fn, path, 'a finite number', v, 'type');
    return v;
  };
  // Weights are float32: a number that is finite as JSON's float64 can still overflow to an
  // infinity (1e39), so the check is on the float32 value.
  const f32 = (path: string, v: unknown): number => {
    const x = Math.fround(num(path, v));
    if (!Number.isFinite(x)) fail(fn, path, 'a finite float32 number (|x| < 3.4e38)', v as number);
    return x;
  };
  const matrix = (path: string, v: unknown): Float32Array => {
    if (!Array.isArray(v) || v.length !== m)
      fail(fn, path, `an array of nHidden (${m}) rows`, v, 'type');
    const out = new Float32Array(m * n);
    v.forEach((row: unknown, r: number) => {
      if (!Array.isArray(row) || row.length !== n)
        fail(fn, `${path}[${r}]`, `an array of ${n} numbers`, row, 'type');
      row.forEach((x: unknown, c: number) => (out[r * n + c] = f32(`${path}[${r}][${c}]`, x)));
    });
    return out;
  };
  const instances = obj.instances.map((inst: unknown, i: number): RunInstance => {
    const at = `instances[${i}]`;
    if (!isObj(inst)) fail(fn, at, 'an object', inst, 'type');
    // An instance repeats its config's values (the model trained on those): an instance
    // that disagrees was edited, and which of the two is right cannot be told.
    // (S and p within 1e-12, as resolveConfig takes them: each is 1 minus the other)
    const sparsity = num(`${at}.sparsity`, inst.sparsity);
    if (Math.abs(sparsity - model.sparsity[i]) > 1e-12)
      fail(fn, `${at}.sparsity`, `config.model.sparsity[${i}] (${model.sparsity[i]})`, sparsity);
    const featureProbability = num(`${at}.featureProbability`, inst.featureProbability);
    if (Math.abs(featureProbability - model.featureProbability[i]) > 1e-12) {
      fail(
        fn,
        `${at}.featureProbability`,
        `config.model.featureProbability[${i}] (${model.featureProbability[i]})`,
        featureProbability,
      );
    }
    if (!Array.isArray(inst.importance) || inst.importance.length !== n) {
      fail(fn, `${at}.importance`, `an array of nFeatures (${n}) numbers`, inst.importance, 'type');
    }
    const importance = inst.importance.map((x: unknown, j: number) => {
      const v = num(`${at}.importance[${j}]`, x);
      if (v !== model.importance[i][j]) {
        fail(
          fn,
          `${at}.importance[${j}]`,
          `config.model.importance[${i}][${j}] (${model.importance[i][j]})`,
          v,
        );
      }
      return v;
    });
    let W: Float32Array;
    let Wdec: Float32Array | null = null;
    if (binaryWeights) {
      const nMat = tied ? 1 : 2;
      W = binaryWeights.slice(i * nMat * m * n, (i * nMat + 1) * m * n);
      if (!tied) Wdec = binaryWeights.slice((i * 2 + 1) * m * n, (i * 2 + 2) * m * n);
    } else {
      W = matrix(`${at}.W`, inst.W);
      if (!tied) Wdec = matrix(`${at}.Wdec`, inst.Wdec);
    }
    if (!Array.isArray(inst.b) || inst.b.length !== n) {
      fail(fn, `${at}.b`, `an array of nFeatures (${n}) numbers`, inst.b, 'type');
    }
    const b = Float32Array.from(inst.b.map((x: unknown, j: number) => f32(`${at}.b[${j}]`, x)));
    if (!(inst.loss === null || typeof inst.loss === 'number'))
      fail(fn, `${at}.loss`, 'a number or null', inst.loss, 'type');
    return {
      sparsity,
      featureProbability,
      importance,
      W,
      Wdec,
      b,
      loss: (inst.loss ?? NaN) as number,
    };
  });
  return {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    config: { model, train },
    history,
    step: obj.step as number,
    instances,
  };
}

/**
 * Recreate a live model from a saved run (weights only: no optimizer state; use a
 * checkpoint to resume training exactly).
 *
 * @param run - a decoded run.
 * @returns a {@link ToyModel} at the run's step, on the current backend.
 * @example
 * ```ts
 * const text = encodeRun(createRun(createToyModel({ nInstances: 3, nFeatures: 5, nHidden: 2, seed: 1 }))).json;
 * const model = modelFromRun(decodeRun(text));
 * model.W.shape; // returns [3, 2, 5] ([nInstances, nHidden, nFeatures])
 * ```
 */
export function modelFromRun(run: ToyModelRun): ToyModel {
  const config = run.config.model;
  const { nInstances: I, nHidden: m, nFeatures: n } = config;
  const W = new Float32Array(I * m * n);
  const Wdec = config.tied ? null : new Float32Array(I * m * n);
  const b = new Float32Array(I * n);
  run.instances.forEach((inst, i) => {
    W.set(inst.W, i * m * n);
    if (Wdec && inst.Wdec) Wdec.set(inst.Wdec, i * m * n);
    b.set(inst.b, i * n);
  });
  const streams = instanceStreams(config).map((s) => s.data);
  return buildModel(config, { W, b, Wdec }, streams, run.step);
}
