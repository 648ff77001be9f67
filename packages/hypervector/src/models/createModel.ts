import { checkKeys, fail } from '../errors.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { BSC } from './bsc.js';
import { FHRR } from './fhrr.js';
import { HRR } from './hrr.js';
import { MAP } from './map.js';
import { SBC } from './sbc.js';

/** Options of {@link createModel}: `dim` for every model; SBC also reads `blockSize` or `segments`. */
export interface CreateModelOptions {
  /**
   * Dimension d (for SBC: segments · blockSize): an integer from 1 to 2^26 = 67,108,864, which
   * keeps every vector within the typed-array limits of every engine (SBC: at most 2^26
   * segments). A larger d is a RangeError at creation that names the bound.
   */
  dim?: number;
  /** SBC only: units per segment (default 64). */
  blockSize?: number;
  /** SBC only: number of segments (instead of `dim`). */
  segments?: number;
  /** HRR only: `'involution'` (default) or `'exact'`. */
  inverse?: 'involution' | 'exact';
}

/** The keys of {@link CreateModelOptions}. */
const OPTION_KEYS: readonly string[] = ['dim', 'blockSize', 'segments', 'inverse'];

/**
 * Every model name, in a fixed order (handy for `describe.each` and sweeps).
 *
 * @example
 * ```ts
 * MODEL_NAMES.length; // returns 7
 * const dims = MODEL_NAMES.map((name) => createModel(name, { dim: 1024 }).dim);
 * dims.every((d) => d === 1024); // returns true
 * ```
 */
export const MODEL_NAMES: readonly ModelName[] = [
  'MAP-B',
  'MAP-I',
  'MAP-C',
  'BSC',
  'HRR',
  'FHRR',
  'SBC',
];

/**
 * Create a model by name, for code that sweeps over models.
 *
 * @param name - one of {@link MODEL_NAMES}.
 * @param options - `{ dim }` (SBC: `{ dim, blockSize }` or `{ segments, blockSize }`).
 * @returns the model (the same object the named factory returns).
 * @throws TypeError for a key outside {@link CreateModelOptions} (a model ignores the options
 * of other models); the factories' own errors for bad values.
 * @example
 * ```ts
 * const vsa = createModel('BSC', { dim: 10_000 });
 * const x = vsa.random(2, { rng: createRng(1) });
 * vsa.similarity(vsa.row(x, 0), x); // [1, about 0.5]
 * ```
 */
export function createModel(name: ModelName, options: CreateModelOptions): VSAModel<HVArray> {
  if (typeof options !== 'object' || options === null)
    fail('createModel', 'options', '{ dim }', options, 'type');
  // A misspelt option (say `invers: 'exact'`) would otherwise leave its default in place. The
  // options of other models pass, so one options object serves a loop over MODEL_NAMES.
  checkKeys('createModel', 'options', options, OPTION_KEYS);
  const dim = options.dim as number;
  switch (name) {
    case 'MAP-B':
      return MAP({ dim, variant: 'B' }) as unknown as VSAModel<HVArray>;
    case 'MAP-I':
      return MAP({ dim, variant: 'I' }) as unknown as VSAModel<HVArray>;
    case 'MAP-C':
      return MAP({ dim, variant: 'C' }) as unknown as VSAModel<HVArray>;
    case 'BSC':
      return BSC({ dim }) as unknown as VSAModel<HVArray>;
    case 'HRR':
      return HRR({ dim, inverse: options.inverse }) as unknown as VSAModel<HVArray>;
    case 'FHRR':
      return FHRR({ dim }) as unknown as VSAModel<HVArray>;
    case 'SBC':
      return SBC({
        dim: options.dim,
        segments: options.segments,
        blockSize: options.blockSize,
      }) as unknown as VSAModel<HVArray>;
    default:
      return fail('createModel', 'name', `one of ${MODEL_NAMES.join(', ')}`, name);
  }
}

/**
 * View row `i` of a batch without copying (the same as `model.row(batch, i)`).
 *
 * @param model - the batch's model.
 * @param batch - `[n, model.length]` row-major.
 * @param i - row index in [0, n).
 * @returns a subarray view of length `model.length`.
 * @example
 * ```ts
 * const vsa = MAP({ dim: 4, variant: 'B' });
 * const x = vsa.random(3, { rng: createRng(2) });
 * row(vsa, x, 2).length; // returns 4
 * ```
 */
export function row<V extends HVArray>(model: VSAModel<V>, batch: V, i: number): V {
  if (typeof model !== 'object' || model === null || typeof model.row !== 'function') {
    fail('row', 'model', 'a VSAModel', model, 'type');
  }
  return model.row(batch, i);
}
