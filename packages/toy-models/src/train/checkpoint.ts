import * as tf from '@tensorflow/tfjs';
import { restoreRng } from '@hyperposition/hypervector';
import { fail } from '../errors.js';
import { buildModel, internals, type ToyModel } from '../model/createToyModel.js';
import { resolveConfig, type ResolvedToyModelConfig } from '../model/config.js';
import { bytesToFloat32, decodeBase64, encodeBase64, float32ToBytes } from '../run/base64.js';
import type { OptimizerKind } from './optimizer.js';
import type { HistoryEntry, ResolvedTrainOptions } from './train.js';

/**
 * The `format` tag of a checkpoint.
 *
 * @example
 * ```ts
 * checkpoint(createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 })).format; // returns 'hyperposition.toy-models.checkpoint'
 * ```
 */
export const CHECKPOINT_FORMAT = 'hyperposition.toy-models.checkpoint';
/**
 * The checkpoint version this library writes and reads.
 *
 * @example
 * ```ts
 * checkpoint(createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 })).version === CHECKPOINT_VERSION; // returns true
 * ```
 */
export const CHECKPOINT_VERSION = 1;

/**
 * Everything needed to resume training exactly: config, step, weights, optimizer moments
 * and the state of both data streams. Arrays are typed (row-major; W and Wdec
 * [nInstances, nHidden, nFeatures], b [nInstances, nFeatures], each optimizer slot shaped
 * like its parameter).
 */
export interface ToyModelCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  config: ResolvedToyModelConfig;
  step: number;
  weights: { W: Float32Array; b: Float32Array; Wdec: Float32Array | null };
  /** Null before the first training step. Slots are named `W.m`, `W.v`, `b.m`, ... */
  optimizer: { kind: OptimizerKind; t: number; slots: Record<string, Float32Array> } | null;
  /** Per instance, the Rng states of the presence (`mask`) and value streams (see `Rng.state()`). */
  rng: { mask: number[]; value: number[] }[];
  /** Options of the run being checkpointed, for the caller's convenience. */
  train?: ResolvedTrainOptions;
  /** History so far, for the caller's convenience. */
  history?: HistoryEntry[];
}

/**
 * Capture a model's full training state (weights, optimizer moments, step, Rng states).
 *
 * @param model - a live model.
 * @param extra - optional run options and history to carry along.
 * @returns a checkpoint of plain data and typed arrays (copies).
 * @example
 * ```ts
 * const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 });
 * await train(model, { steps: 200, stopAtStep: 100 });
 * const ckpt = checkpoint(model);
 * const resumed = restoreCheckpoint(ckpt);
 * await train(resumed, { steps: 200 }); // same W as an uninterrupted 200-step run
 * ```
 */
export function checkpoint(
  model: ToyModel,
  extra: { train?: ResolvedTrainOptions; history?: HistoryEntry[] } = {},
): ToyModelCheckpoint {
  const state = internals(model, 'checkpoint');
  // in the middle of a fused train call the tensors hold older weights than the step and the
  // optimizer state say: a checkpoint then would resume to another run
  if (state.stale)
    fail(
      'checkpoint',
      'model',
      'a model between steps (inside onStep, or once train resolves: until then a fused train call holds newer weights than its tensors)',
      'a model inside a fused train call',
      'type',
    );
  const snap = model.snapshot();
  let optimizer: ToyModelCheckpoint['optimizer'] = null;
  if (state.optimizer) {
    const slots: Record<string, Float32Array> = {};
    state.optimizer.slots.forEach((v, k) => (slots[k] = Float32Array.from(v.dataSync())));
    optimizer = { kind: state.optimizer.kind, t: state.optimizer.t, slots };
  }
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: structuredClone(model.config),
    step: state.step,
    weights: { W: snap.W, b: snap.b, Wdec: snap.Wdec },
    optimizer,
    rng: state.rngs.map((r) => ({ mask: r.mask.state(), value: r.value.state() })),
    ...(extra.train ? { train: structuredClone(extra.train) } : {}),
    ...(extra.history ? { history: structuredClone(extra.history) } : {}),
  };
}

/**
 * Recreate a model, with its optimizer state and data streams, from a checkpoint.
 *
 * @param ckpt - from {@link checkpoint} or {@link parseCheckpoint}.
 * @returns a new {@link ToyModel} on the current backend, at `ckpt.step`.
 * @throws RangeError when an array has the wrong length for the config or holds a value that
 * is not finite, or when the optimizer's step count or slots do not fit its kind and the step.
 * @example
 * ```ts
 * const model = createToyModel({ nFeatures: 5, nHidden: 2, sparsity: 0.9, seed: 1 });
 * await train(model, { steps: 200, stopAtStep: 100 });
 * const text = serializeCheckpoint(checkpoint(model)); // e.g. saved to a file
 * const resumed = restoreCheckpoint(parseCheckpoint(text));
 * resumed.step; // returns 100
 * await train(resumed, { steps: 200 }); // continues where the checkpoint stopped
 * resumed.step; // returns 200
 * ```
 */
export function restoreCheckpoint(ckpt: ToyModelCheckpoint): ToyModel {
  const fn = 'restoreCheckpoint';
  if (ckpt === null || typeof ckpt !== 'object')
    fail(fn, 'ckpt', 'a checkpoint (from checkpoint or parseCheckpoint)', ckpt, 'type');
  const config = resolveConfig(ckpt.config);
  const { nInstances: I, nHidden: m, nFeatures: n } = config;
  // Lengths, and every value finite: a NaN or an infinity in saved weights or moments is a
  // damaged file (or a run that had already diverged), and training on would only spread it.
  const check = (name: string, a: Float32Array | null, len: number, min = -Infinity): void => {
    if (!(a instanceof Float32Array) || a.length !== len) fail(fn, name, `Float32Array(${len})`, a);
    for (let i = 0; i < len; i++) {
      const v = a[i];
      if (!Number.isFinite(v) || v < min) {
        const what = min === 0 ? 'finite values >= 0' : 'finite values';
        fail(fn, `${name}[${i}]`, what, v);
      }
    }
  };
  if (ckpt.weights === null || typeof ckpt.weights !== 'object')
    fail(fn, 'ckpt.weights', 'an object { W, b, Wdec }', ckpt.weights, 'type');
  check('ckpt.weights.W', ckpt.weights.W, I * m * n);
  check('ckpt.weights.b', ckpt.weights.b, I * n);
  if (!config.tied) check('ckpt.weights.Wdec', ckpt.weights.Wdec, I * m * n);
  if (!Array.isArray(ckpt.rng) || ckpt.rng.length !== I) {
    fail(fn, 'ckpt.rng', `an array of nInstances (${I}) stream states`, ckpt.rng, 'type');
  }
  if (!Number.isInteger(ckpt.step) || ckpt.step < 0)
    fail(fn, 'ckpt.step', 'an integer >= 0', ckpt.step);
  const params = config.tied ? ['W', 'b'] : ['W', 'b', 'Wdec'];
  if (ckpt.optimizer !== null && ckpt.optimizer !== undefined) {
    if (typeof ckpt.optimizer !== 'object')
      fail(fn, 'ckpt.optimizer', 'an object { kind, t, slots } or null', ckpt.optimizer, 'type');
    const { kind, t, slots } = ckpt.optimizer;
    if (!['adamw', 'adam', 'sgd'].includes(kind))
      fail(fn, 'ckpt.optimizer.kind', "'adamw', 'adam' or 'sgd'", kind);
    // t counts the optimizer's updates since it was created (train's resetOptimizer starts
    // again at 0), never more than the model's steps.
    if (!Number.isInteger(t) || t < 0 || t > ckpt.step)
      fail(fn, 'ckpt.optimizer.t', `an integer in [0, step (${ckpt.step})]`, t);
    if (slots === null || typeof slots !== 'object')
      fail(fn, 'ckpt.optimizer.slots', 'an object of Float32Arrays', slots, 'type');
    // Exactly the slots the optimizer keeps: Adam's m and v per parameter; SGD's momentum
    // buffer per parameter, or none without momentum.
    const names = Object.keys(slots).sort();
    const perParam = kind === 'sgd' ? (names.length === 0 ? [] : ['momentum']) : ['m', 'v'];
    const want = params.flatMap((p) => perParam.map((s) => `${p}.${s}`)).sort();
    if (names.join() !== want.join())
      fail(
        fn,
        'ckpt.optimizer.slots',
        `the ${kind} slots [${want.join(', ')}]`,
        `[${names.join(', ')}]`,
      );
    // Every slot checked before any tensor is made: a rejected checkpoint allocates nothing.
    for (const [name, data] of Object.entries(slots)) {
      const param = name.split('.')[0];
      // Adam's second moments are averages of squares.
      check(
        `ckpt.optimizer.slots['${name}']`,
        data,
        param === 'b' ? I * n : I * m * n,
        name.endsWith('.v') ? 0 : -Infinity,
      );
    }
  }
  const rngs = ckpt.rng.map((r) => ({ mask: restoreRng(r.mask), value: restoreRng(r.value) }));
  const model = buildModel(
    config,
    { W: ckpt.weights.W, b: ckpt.weights.b, Wdec: config.tied ? null : ckpt.weights.Wdec },
    rngs,
    ckpt.step,
  );
  try {
    if (ckpt.optimizer) {
      const state = internals(model, fn);
      const slots = new Map<string, tf.Variable>();
      state.optimizer = { kind: ckpt.optimizer.kind, t: ckpt.optimizer.t, slots };
      for (const [name, data] of Object.entries(ckpt.optimizer.slots)) {
        const shape = name.startsWith('b.') ? [I, n] : [I, m, n];
        slots.set(
          name,
          tf.tidy(() => tf.variable(tf.tensor(data, shape), false)),
        );
      }
    }
  } catch (e) {
    // (the model's dispose frees the slots made so far too)
    model.dispose();
    throw e;
  }
  return model;
}

const encodeArray = (a: Float32Array): string => encodeBase64(float32ToBytes(a));
// JSON has no NaN: a missing cached normal is written as null.
const encodeRngState = (s: number[]): (number | null)[] =>
  s.map((v) => (Number.isNaN(v) ? null : v));

/**
 * Serialise a checkpoint to JSON text. Float32 arrays are stored as base64 of their
 * little-endian bytes, so a reload is bitwise exact.
 *
 * @param ckpt - the checkpoint.
 * @returns JSON text.
 * @example
 * ```ts
 * const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 });
 * const ckpt = checkpoint(model);
 * const again = parseCheckpoint(serializeCheckpoint(ckpt));
 * again.weights.W.every((w, i) => Object.is(w, ckpt.weights.W[i])); // returns true (bit for bit)
 * ```
 */
export function serializeCheckpoint(ckpt: ToyModelCheckpoint): string {
  return JSON.stringify({
    ...ckpt,
    weights: {
      W: encodeArray(ckpt.weights.W),
      b: encodeArray(ckpt.weights.b),
      Wdec: ckpt.weights.Wdec ? encodeArray(ckpt.weights.Wdec) : null,
    },
    optimizer: ckpt.optimizer && {
      kind: ckpt.optimizer.kind,
      t: ckpt.optimizer.t,
      slots: Object.fromEntries(
        Object.entries(ckpt.optimizer.slots).map(([k, v]) => [k, encodeArray(v)]),
      ),
    },
    rng: ckpt.rng.map((r) => ({ mask: encodeRngState(r.mask), value: encodeRngState(r.value) })),
  });
}

/**
 * Parse and validate checkpoint JSON text written by {@link serializeCheckpoint}.
 *
 * @param text - JSON text.
 * @returns the checkpoint.
 * @throws TypeError / RangeError naming the first invalid field.
 * @example
 * ```ts
 * const text = serializeCheckpoint(checkpoint(createToyModel({ nFeatures: 5, nHidden: 2, seed: 1 })));
 * parseCheckpoint(text).config.nFeatures; // returns 5
 * parseCheckpoint(text.slice(0, 100)); // throws TypeError (truncated: not JSON)
 * ```
 */
export function parseCheckpoint(text: string): ToyModelCheckpoint {
  const fn = 'parseCheckpoint';
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new TypeError(`${fn}: text expected JSON, got a parse error (${(e as Error).message})`, {
      cause: e,
    });
  }
  if (obj === null || typeof obj !== 'object') fail(fn, 'checkpoint', 'an object', obj, 'type');
  if (obj.format !== CHECKPOINT_FORMAT) fail(fn, 'format', `"${CHECKPOINT_FORMAT}"`, obj.format);
  if (obj.version !== CHECKPOINT_VERSION)
    fail(fn, 'version', String(CHECKPOINT_VERSION), obj.version);
  const config = resolveConfig(obj.config as ResolvedToyModelConfig);
  if (!Number.isInteger(obj.step) || (obj.step as number) < 0)
    fail(fn, 'step', 'an integer >= 0', obj.step);
  const arr = (name: string, v: unknown): Float32Array => {
    const bytes = typeof v === 'string' ? decodeBase64(v) : null;
    if (!bytes || bytes.length % 4 !== 0)
      fail(fn, name, 'base64 of float32 little-endian bytes', v);
    return bytesToFloat32(bytes);
  };
  const w = obj.weights as Record<string, unknown> | undefined;
  if (!w || typeof w !== 'object') fail(fn, 'weights', 'an object', w, 'type');
  const weights = {
    W: arr('weights.W', w.W),
    b: arr('weights.b', w.b),
    Wdec: w.Wdec === null || w.Wdec === undefined ? null : arr('weights.Wdec', w.Wdec),
  };
  let optimizer: ToyModelCheckpoint['optimizer'] = null;
  const o = obj.optimizer as Record<string, unknown> | null;
  if (o !== null && o !== undefined) {
    if (!['adamw', 'adam', 'sgd'].includes(o.kind as string))
      fail(fn, 'optimizer.kind', "'adamw', 'adam' or 'sgd'", o.kind);
    if (!Number.isInteger(o.t)) fail(fn, 'optimizer.t', 'an integer', o.t);
    const slots = o.slots as Record<string, unknown>;
    if (!slots || typeof slots !== 'object')
      fail(fn, 'optimizer.slots', 'an object', slots, 'type');
    optimizer = {
      kind: o.kind as OptimizerKind,
      t: o.t as number,
      slots: Object.fromEntries(
        Object.entries(slots).map(([k, v]) => [k, arr(`optimizer.slots['${k}']`, v)]),
      ),
    };
  }
  const r = obj.rng as unknown;
  const rngState = (name: string, v: unknown): number[] => {
    if (!Array.isArray(v) || v.length !== 5) fail(fn, name, 'an array of 5 numbers', v, 'type');
    return v.map((x) => (x === null ? NaN : (x as number)));
  };
  if (!Array.isArray(r) || r.length !== config.nInstances) {
    fail(fn, 'rng', `an array of nInstances (${config.nInstances}) { mask, value }`, r, 'type');
  }
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config,
    step: obj.step as number,
    weights,
    optimizer,
    rng: r.map((s: Record<string, unknown>, i: number) => ({
      mask: rngState(`rng[${i}].mask`, s?.mask),
      value: rngState(`rng[${i}].value`, s?.value),
    })),
    ...(obj.train ? { train: obj.train as ResolvedTrainOptions } : {}),
    ...(obj.history ? { history: obj.history as HistoryEntry[] } : {}),
  };
}
