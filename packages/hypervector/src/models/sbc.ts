import { checkInteger, checkKeys, fail } from '../errors.js';
import { overlapKernel } from '../kernels/hamming.js';
import type {
  BundleNormalization,
  BundleOptions,
  ModelName,
  RandomOptions,
  VSAModel,
} from '../types.js';
import { BaseModel, MAX_DIM } from './base.js';

/** Options of {@link SBC}: give `segments` and `blockSize`, or `dim` and `blockSize`. */
export interface SBCOptions {
  /** Number of segments S (one active unit each; an integer from 1 to 2^26 = 67,108,864). */
  segments?: number;
  /** Units per segment B, 2..65536 (default 64 when `dim` is given). */
  blockSize?: number;
  /** Total dimension S·B; must be a multiple of `blockSize`, with S at most 2^26. */
  dim?: number;
}

/** A sparse block code model. */
export interface SBCModel extends VSAModel<Uint16Array> {
  /** Number of segments S (= `length` = `units`). */
  readonly segments: number;
  /** Units per segment B (`dim = segments * blockSize`). */
  readonly blockSize: number;
}

class SBCImpl extends BaseModel<Uint16Array> implements SBCModel {
  readonly name: ModelName = 'SBC';
  readonly segments: number;
  readonly blockSize: number;
  protected readonly normalizations: readonly BundleNormalization[] = ['argmax'];
  private votes: Float64Array;

  constructor(segments: number, blockSize: number) {
    super(segments * blockSize, segments, segments, 1, Uint16Array, 'argmax');
    this.segments = segments;
    this.blockSize = blockSize;
    this.votes = new Float64Array(blockSize);
  }

  random(n: number, options: RandomOptions): Uint16Array {
    const rng = this.randomArgs(n, options);
    const out = this.alloc(n);
    for (let i = 0; i < out.length; i++) out[i] = rng.nextInt(this.blockSize);
    return out;
  }

  identity(): Uint16Array {
    return this.alloc(1);
  }

  private modular(
    fn: string,
    a: Uint16Array,
    b: Uint16Array,
    argA: string,
    argB: string,
    sign: 1 | -1,
    out?: Uint16Array,
  ): Uint16Array {
    const n = this.pair(fn, a, b, argA, argB);
    const o = this.output(fn, out, n, a, argA, b, argB);
    const total = n * this.length;
    const la = a.length;
    const lb = b.length;
    const B = this.blockSize;
    for (let i = 0; i < total; i++) {
      const x = a[la === total ? i : i % la] + sign * b[lb === total ? i : i % lb];
      o[i] = x >= B ? x - B : x < 0 ? x + B : x;
    }
    return o;
  }

  bind(a: Uint16Array, b: Uint16Array, out?: Uint16Array): Uint16Array {
    return this.modular('SBC.bind', a, b, 'a', 'b', 1, out);
  }

  unbind(bound: Uint16Array, a: Uint16Array, out?: Uint16Array): Uint16Array {
    return this.modular('SBC.unbind', bound, a, 'bound', 'a', -1, out);
  }

  inverse(a: Uint16Array, out?: Uint16Array): Uint16Array {
    const fn = 'SBC.inverse';
    const n = this.count(a, fn, 'a');
    const o = this.output(fn, out, n, a);
    const B = this.blockSize;
    for (let i = 0; i < o.length; i++) o[i] = a[i] === 0 ? 0 : B - a[i];
    return o;
  }

  bundle(rows: Uint16Array, options?: BundleOptions<Uint16Array>): Uint16Array {
    const { n, weights, rng, out } = this.bundleArgs(rows, options);
    const S = this.segments;
    const B = this.blockSize;
    const votes = this.votes;
    for (let s = 0; s < S; s++) {
      for (let r = 0; r < n; r++) votes[rows[r * S + s]] = 0;
      for (let r = 0; r < n; r++) votes[rows[r * S + s]] += weights === undefined ? 1 : weights[r];
      // Arg-max over the voted codes; ties broken uniformly by reservoir sampling.
      let best = -Infinity;
      let pick = 0;
      let ties = 0;
      for (let r = 0; r < n; r++) {
        const code = rows[r * S + s];
        const v = votes[code];
        if (Number.isNaN(v)) continue;
        if (v > best) {
          best = v;
          pick = code;
          ties = 1;
        } else if (v === best && code !== pick) {
          ties++;
          if (rng.nextInt(ties) === 0) pick = code;
        }
        // Count each code once.
        votes[code] = NaN;
      }
      if (best < 0 && n > 0) {
        // All codes present got negative weight: an absent code (0 votes) wins; take the smallest absent.
        const seen = new Uint8Array(B);
        for (let r = 0; r < n; r++) seen[rows[r * S + s]] = 1;
        let absent = 0;
        while (absent < B && seen[absent] === 1) absent++;
        if (absent < B) pick = absent;
      }
      out[s] = pick;
    }
    return out;
  }

  similarity(query: Uint16Array, codebook: Uint16Array, out?: Float32Array): Float32Array {
    const args = this.simArgs(query, codebook, out);
    overlapKernel(query, args.nq, codebook, args.n, this.segments, args.out, 1 / this.segments);
    return args.out;
  }
}

/**
 * Sparse block codes (Laiho et al. 2015; Frady, Kleyko and Sommer 2021, "Variable binding
 * for sparse distributed representations"): a vector of dimension S·B has exactly one active
 * unit in each of S segments of B units, stored as its index code `Uint16Array(S)` (the
 * active unit of each segment). Binding adds indices mod B (exact), unbinding subtracts,
 * `inverse` negates mod B. Bundling votes per segment (optionally weighted) and keeps the
 * arg-max, ties broken uniformly by the seeded generator (`'argmax'` only). Similarity is the
 * overlap: the fraction of segments whose active units agree (random atoms: mean 1/B).
 * Permutations move whole segments (`units = segments`). Identity: all codes 0. Empty:
 * all codes 0 as well (a convention: an index code cannot express "no active unit").
 *
 * @param options - `{ segments, blockSize }` or `{ dim, blockSize }`.
 * @returns the model; batches are `Uint16Array(n * segments)`.
 * @example
 * ```ts
 * const sbc = SBC({ segments: 100, blockSize: 64 });
 * const x = sbc.random(2, { rng: createRng(9) });
 * const [a, b] = [sbc.row(x, 0), sbc.row(x, 1)];
 * sbc.similarity(sbc.unbind(sbc.bind(a, b), a), b)[0]; // returns 1
 * ```
 */
export function SBC(options: SBCOptions): SBCModel {
  if (typeof options !== 'object' || options === null)
    fail('SBC', 'options', '{ segments, blockSize }', options, 'type');
  checkKeys('SBC', 'options', options, ['dim', 'segments', 'blockSize']);
  const blockSize = checkInteger('SBC', 'options.blockSize', options.blockSize ?? 64, 2, 65536);
  let segments: number;
  if (options.segments !== undefined) {
    segments = checkInteger('SBC', 'options.segments', options.segments, 1, MAX_DIM);
    if (options.dim !== undefined && options.dim !== segments * blockSize) {
      fail('SBC', 'options.dim', `segments * blockSize = ${segments * blockSize}`, options.dim);
    }
  } else {
    const dim = checkInteger('SBC', 'options.dim', options.dim, 1, MAX_DIM * blockSize);
    if (dim % blockSize !== 0)
      fail('SBC', 'options.dim', `a multiple of blockSize ${blockSize}`, dim);
    segments = dim / blockSize;
  }
  return new SBCImpl(segments, blockSize);
}
