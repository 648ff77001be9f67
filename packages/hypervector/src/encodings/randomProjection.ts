import { checkKeys, fail } from '../errors.js';
import { checkInteger, checkModel, checkRngArg } from '../memory/check.js';
import type { Rng } from '../random/rng.js';
import type { HVArray, VSAModel } from '../types.js';

/** Options of {@link RandomProjection}. */
export interface RandomProjectionOptions {
  /** Length n of the real feature vectors. */
  inputDim: number;
  /** Matrix entries: `'gaussian'` N(0, 1) (default) or `'sign'` +-1 with probability 1/2 (Achlioptas 2003). */
  distribution?: 'gaussian' | 'sign';
  /** Seeded generator for the matrix. */
  rng: Rng;
}

/**
 * Random projection of real feature vectors into a model's space (Johnson and Lindenstrauss
 * 1984; Dasgupta and Gupta 2003; Achlioptas 2003; Charikar 2002 for the sign quantiser; as an
 * encoder: Kleyko et al. 2021 survey, arXiv 2111.06077, section 3.3). `project` returns
 * `y = R x / sqrt(k)` with R a seeded `[k, n]` matrix, which keeps squared norms within
 * 1 +- eps with high probability; `encode` turns y into a vector of the model:
 * - MAP-B, MAP-I: sign(y) (ties +1), BSC: bit 1 where y < 0. Cosine of two codes is about
 *   `1 - 2 angle(x, x') / pi` (BSC similarity `1 - angle / pi`);
 * - HRR: y scaled to unit norm; MAP-C: y scaled to the atoms' norm sqrt(d/3), clipped to [-1, 1];
 *   cosine of two codes is about the cosine of the inputs;
 * - FHRR: the phase of (y_2k + i y_2k+1), k = 2d rows; similarity of two codes is about
 *   (pi/4) c 2F1(1/2, 1/2; 2; c^2) for inputs at cosine c (1 at c = 1, about 0.575 at c = 0.7);
 * - sparse block codes: per segment, the position of the largest y (winner-take-all hashing).
 *
 * Rows k: `2 dim` for FHRR, `dim` otherwise. Storage: `Float32Array[k, n]` row-major.
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 4096, variant: 'B' });
 * const rp = new RandomProjection(vsa, { inputDim: 3, rng: createRng(1) });
 * const code = rp.encode([0.2, -1, 0.5]); // Int8Array(4096) of +-1
 * ```
 */
export class RandomProjection<V extends HVArray = HVArray> {
  /** The target model. */
  readonly model: VSAModel<V>;
  /** Input length n. */
  readonly inputDim: number;
  /** Output rows k. */
  readonly outputDim: number;
  /** The matrix R, row-major `[k, n]`. */
  readonly matrix: Float32Array;

  /**
   * @param model - the target model.
   * @param options - `{ inputDim, distribution, rng }`.
   */
  constructor(model: VSAModel<V>, options: RandomProjectionOptions) {
    const fn = 'RandomProjection';
    checkModel(fn, 'model', model);
    if (typeof options !== 'object' || options === null)
      fail(fn, 'options', '{ inputDim, distribution, rng }', options, 'type');
    checkKeys(fn, 'options', options, ['inputDim', 'distribution', 'rng']);
    this.model = model;
    this.inputDim = checkInteger(fn, 'options.inputDim', options.inputDim, 1);
    const dist = options.distribution ?? 'gaussian';
    if (dist !== 'gaussian' && dist !== 'sign')
      fail(fn, 'options.distribution', '"gaussian" or "sign"', dist);
    const rng = checkRngArg(fn, 'options.rng', options.rng);
    this.outputDim = model.name === 'FHRR' ? 2 * model.dim : model.dim;
    this.matrix = new Float32Array(this.outputDim * this.inputDim);
    for (let i = 0; i < this.matrix.length; i++) {
      this.matrix[i] =
        dist === 'gaussian' ? rng.nextNormal() : (rng.nextUint32() & 1) === 1 ? 1 : -1;
    }
  }

  /**
   * The real projection `R x / sqrt(k)`.
   *
   * @param x - `inputDim` finite numbers.
   * @param out - optional `Float64Array(k)`.
   * @returns y, length k.
   */
  project(x: ArrayLike<number>, out?: Float64Array): Float64Array {
    return this.projectAs('RandomProjection.project', x, out);
  }

  /** {@link RandomProjection.project} with the calling method's name in error messages. */
  private projectAs(fn: string, x: ArrayLike<number>, out?: Float64Array): Float64Array {
    const n = this.inputDim;
    if (typeof x !== 'object' || x === null || x.length !== n)
      fail(fn, 'x', `${n} numbers`, x, typeof x === 'object' ? 'range' : 'type');
    for (let j = 0; j < n; j++)
      if (!Number.isFinite(x[j])) fail(fn, 'x', 'finite values', `${x[j]} at index ${j}`);
    const k = this.outputDim;
    if (out !== undefined && (!(out instanceof Float64Array) || out.length !== k))
      fail(fn, 'out', `Float64Array(${k})`, out);
    const y = out ?? new Float64Array(k);
    const R = this.matrix;
    const scale = 1 / Math.sqrt(k);
    for (let i = 0; i < k; i++) {
      let s = 0;
      const off = i * n;
      for (let j = 0; j < n; j++) s += R[off + j] * x[j];
      y[i] = s * scale;
    }
    return y;
  }

  /**
   * Project and quantise into a vector of the model (see the class description).
   *
   * @param x - `inputDim` finite numbers.
   * @returns one vector `[model.length]`.
   */
  encode(x: ArrayLike<number>): V {
    const y = this.projectAs('RandomProjection.encode', x);
    const model = this.model;
    const out = model.alloc(1);
    const d = model.dim;
    switch (model.name) {
      case 'MAP-B':
      case 'MAP-I':
        for (let i = 0; i < d; i++) out[i] = y[i] < 0 ? -1 : 1;
        break;
      case 'BSC':
        for (let i = 0; i < d; i++) if (y[i] < 0) out[i >>> 5] |= 1 << (i & 31);
        break;
      case 'HRR':
      case 'MAP-C': {
        let norm = 0;
        for (let i = 0; i < d; i++) norm += y[i] * y[i];
        norm = Math.sqrt(norm);
        const target = model.name === 'HRR' ? 1 : Math.sqrt(d / 3);
        const s = norm > 0 ? target / norm : 0;
        for (let i = 0; i < d; i++) {
          const v = y[i] * s;
          out[i] = model.name === 'MAP-C' ? Math.max(-1, Math.min(1, v)) : v;
        }
        break;
      }
      case 'FHRR':
        for (let i = 0; i < d; i++) {
          const m = Math.hypot(y[2 * i], y[2 * i + 1]);
          out[2 * i] = m > 0 ? y[2 * i] / m : 1;
          out[2 * i + 1] = m > 0 ? y[2 * i + 1] / m : 0;
        }
        break;
      case 'SBC': {
        const S = model.units;
        const B = d / S;
        for (let s = 0; s < S; s++) {
          let best = 0;
          for (let t = 1; t < B; t++) if (y[s * B + t] > y[s * B + best]) best = t;
          out[s] = best;
        }
        break;
      }
    }
    return out;
  }
}
