import { checkInteger, checkKeys, fail } from '../errors.js';
import { createRng, type Rng } from '../random/rng.js';
import type { BundleNormalization, HVArray, ModelName, VSAModel } from '../types.js';

/** Check that `model` looks like a {@link VSAModel}. @internal */
export function checkModel<V extends HVArray>(
  fn: string,
  arg: string,
  model: VSAModel<V>,
): VSAModel<V> {
  if (
    typeof model !== 'object' ||
    model === null ||
    typeof model.bind !== 'function' ||
    typeof model.similarity !== 'function' ||
    typeof model.count !== 'function'
  ) {
    fail(fn, arg, 'a VSAModel such as MAP({ dim }) or BSC({ dim })', model, 'type');
  }
  return model;
}

/** Check that `v` is exactly one vector of `model`. @internal */
export function checkVector<V extends HVArray>(
  fn: string,
  arg: string,
  model: VSAModel<V>,
  v: V,
): V {
  const n = model.count(v, fn, arg);
  if (n !== 1)
    fail(fn, arg, `one ${model.arrayType}(${model.length}) (a single ${model.name} vector)`, v);
  return v;
}

/** Check an injected generator. @internal */
export function checkRngArg(fn: string, arg: string, rng: unknown): Rng {
  if (typeof rng !== 'object' || rng === null || typeof (rng as Rng).nextUint32 !== 'function') {
    fail(fn, arg, 'an Rng from createRng(seed)', rng, 'type');
  }
  return rng as Rng;
}

/**
 * Check an options object: `undefined` becomes `{}`, anything but an object is a TypeError,
 * and a key outside `keys` is a TypeError naming it (with the nearest known key as a hint).
 * @internal
 */
export function checkOptions<T extends object>(
  fn: string,
  options: T | undefined,
  keys: readonly string[],
): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null)
    fail(fn, 'options', `{ ${keys.join(', ')} }`, options, 'type');
  checkKeys(fn, 'options', options, keys);
  return options;
}

/** Check a finite number in a range. @internal */
export function checkNumber(
  fn: string,
  arg: string,
  value: unknown,
  min: number,
  max: number,
  allowInfinity = false,
): number {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    value >= min &&
    value <= max &&
    (allowInfinity || Number.isFinite(value));
  if (!ok) {
    const range = `a ${allowInfinity ? '' : 'finite '}number in [${min}, ${max}]`;
    fail(fn, arg, range, value, typeof value === 'number' ? 'range' : 'type');
  }
  return value as number;
}

export { checkInteger };

/** Seed of tie-breaking generators when none is injected. @internal */
export const TIE_SEED = 0x7e1e;

/** A fixed-seed generator for tie-breaking when the caller gave none. @internal */
export function tieRng(rng: Rng | undefined): Rng {
  return rng ?? createRng(TIE_SEED);
}

/**
 * The bundle normalisation that turns a convex combination of items back into a vector of
 * the model's own kind (a clean-up projection), per model.
 * @internal
 */
export function projectionNormalization(name: ModelName): BundleNormalization {
  switch (name) {
    case 'MAP-B':
    case 'MAP-I':
      return 'sign';
    case 'MAP-C':
      return 'clip';
    case 'BSC':
      return 'majority';
    case 'HRR':
      return 'none';
    case 'FHRR':
      return 'phasor';
    case 'SBC':
      return 'argmax';
  }
}

/** Check that every memory in a list shares one model. @internal */
export function checkSameModel(fn: string, arg: string, expected: VSAModel, got: VSAModel): void {
  if (
    got !== expected &&
    (got.name !== expected.name || got.dim !== expected.dim || got.length !== expected.length)
  ) {
    fail(
      fn,
      arg,
      `a memory of the same model (${expected.name}, dim ${expected.dim})`,
      `${got.name}, dim ${got.dim}`,
    );
  }
}
