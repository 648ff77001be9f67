import { checkInteger, checkKeys, checkNumber, checkSeed, fail } from '../errors.js';
import type { SweepSpec, SweepTrainOptions } from './sweep.js';

/**
 * k numbers evenly spaced on a log scale from `start` to `stop` (both included).
 *
 * @param start - first value (> 0).
 * @param stop - last value (> 0).
 * @param k - how many (>= 1; k = 1 gives [start]).
 * @returns the values.
 * @example
 * ```ts
 * logspace(0.1, 10, 3); // returns [0.1, 1, 10] (approximately)
 * ```
 */
export function logspace(start: number, stop: number, k: number): number[] {
  checkNumber('logspace', 'start', start, Number.MIN_VALUE, Infinity, 'a number > 0');
  checkNumber('logspace', 'stop', stop, Number.MIN_VALUE, Infinity, 'a number > 0');
  checkInteger('logspace', 'k', k, 1);
  if (k === 1) return [start];
  const a = Math.log(start);
  const d = (Math.log(stop) - a) / (k - 1);
  return Array.from({ length: k }, (_, i) => (i === k - 1 ? stop : Math.exp(a + d * i)));
}

/** Options of {@link phaseDiagramSpec}. */
export interface PhaseDiagramOptions {
  /** 2 (with nHidden 1) or 3 (with nHidden 2): the paper's two diagrams. */
  nFeatures: 2 | 3;
  /** Grid points per axis; default 10. */
  resolution?: number;
  /** Range of the extra feature's relative importance r; default [0.1, 10] (log). */
  importanceRange?: [number, number];
  /** Range of the feature probability p = 1 - S, top to bottom; default [1, 0.01] (log). */
  probabilityRange?: [number, number];
  /** Restarts per cell; default 5. */
  restarts?: number;
  /** Training options; default 3,000 steps of Adam at lr 0.01, batch 1024. */
  train?: SweepTrainOptions;
  /** Sweep seed; default 0. */
  seed?: number | string;
}

/**
 * The sweep behind the paper's phase diagrams (Elhage et al. 2022, section 4): n = 2, m = 1
 * (or n = 3, m = 2 with importances (1, 1, r)), x = relative importance r of the extra
 * (last) feature on a log scale, y = feature probability p on a log scale.
 *
 * @param options - which diagram, resolution, ranges and training.
 * @returns a {@link SweepSpec} for {@link runSweep}.
 * @throws TypeError / RangeError naming an unknown or invalid option.
 * @example
 * ```ts
 * const spec = phaseDiagramSpec({ nFeatures: 2, resolution: 5, seed: 1 });
 * spec.x.values; // returns [0.1, 0.316, 1, 3.16, 10] (approximately)
 * phaseDiagramSpec({ nFeatures: 2, resoluton: 5 } as never); // throws TypeError (did you mean options.resolution?)
 * ```
 */
export function phaseDiagramSpec(options: PhaseDiagramOptions): SweepSpec {
  const fn = 'phaseDiagramSpec';
  if (options === null || typeof options !== 'object')
    fail(fn, 'options', 'an object { nFeatures: 2 | 3, ... }', options, 'type');
  checkKeys(fn, 'options', options, [
    'nFeatures',
    'resolution',
    'importanceRange',
    'probabilityRange',
    'restarts',
    'train',
    'seed',
  ]);
  const n = options.nFeatures;
  if (n !== 2 && n !== 3) fail(fn, 'options.nFeatures', '2 or 3', n);
  const k = checkInteger(fn, 'options.resolution', options.resolution ?? 10, 1);
  const range = (
    arg: string,
    value: [number, number] | undefined,
    fallback: [number, number],
    max: number,
    what: string,
  ): [number, number] => {
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || value.length !== 2)
      fail(fn, `options.${arg}`, `[start, stop], each ${what}`, value, 'type');
    value.forEach((v, i) =>
      checkNumber(fn, `options.${arg}[${i}]`, v, Number.MIN_VALUE, max, what),
    );
    return [value[0], value[1]];
  };
  const [r0, r1] = range(
    'importanceRange',
    options.importanceRange,
    [0.1, 10],
    Number.MAX_VALUE,
    'a finite number > 0',
  );
  const [p0, p1] = range(
    'probabilityRange',
    options.probabilityRange,
    [1, 0.01],
    1,
    'a number in (0, 1]',
  );
  const restarts = checkInteger(fn, 'options.restarts', options.restarts ?? 5, 1);
  const seed = checkSeed(fn, 'options.seed', options.seed ?? 0);
  if (options.train !== undefined && (options.train === null || typeof options.train !== 'object'))
    fail(fn, 'options.train', 'training options (an object)', options.train, 'type');
  return {
    model: { model: 'relu-output', nFeatures: n, nHidden: n - 1 },
    train: options.train ?? { steps: 3000, lr: 0.01, optimizer: 'adam', batchSize: 1024 },
    x: { param: 'extraImportance', values: logspace(r0, r1, k) },
    y: { param: 'featureProbability', values: logspace(p0, p1, k) },
    restarts,
    seed,
  };
}
