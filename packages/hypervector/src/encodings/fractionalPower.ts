import { checkKeys, fail } from '../errors.js';
import { checkInteger, checkModel, checkNumber, checkRngArg } from '../memory/check.js';
import type { Rng } from '../random/rng.js';
import type { HVArray, VSAModel } from '../types.js';

/** The similarity kernel of a fractional power encoding. */
export type FPEKernel = 'sinc' | 'gaussian';

/** Options of {@link FractionalPowerEncoder}. */
export interface FractionalPowerOptions {
  /**
   * `'sinc'` (default): base phases uniform on (-pi b, pi b), expected similarity
   * `prod_j sinc(b delta_j)` with the normalised sinc(t) = sin(pi t)/(pi t) (zero at every
   * nonzero integer t / b). `'gaussian'`: phases normal N(0, b^2), expected similarity
   * `exp(-b^2 |delta|^2 / 2)`.
   */
  kernel?: FPEKernel;
  /** Bandwidth b > 0 (default 1): phases scale by b, so the kernel narrows as b grows. */
  bandwidth?: number;
  /** Number of real inputs n encoded together (default 1). */
  inputDim?: number;
  /** Seeded generator for the base phases. */
  rng: Rng;
}

/**
 * Fractional power encoding of real values and real vectors with FHRR (Plate 1995, "Holographic
 * reduced representations", IEEE TNN 6:623-641; Komer, Stewart, Voelker and Eliasmith 2019;
 * Frady, Kleyko, Kymn, Olshausen and Sommer 2022, "Computing on functions using randomized
 * vector representations", arXiv 2109.03429): `enc(x)_k = exp(i sum_j theta_jk x_j)`, the
 * base vectors `exp(i theta_j)` raised to the powers x_j and bound together. The expected
 * similarity of `enc(x)` and `enc(x + delta)` is the characteristic function of the phase
 * distribution at delta: sinc for uniform phases, a Gaussian for normal phases, so the
 * inner product of encodings is a (random Fourier feature) kernel.
 *
 * Phases: `[inputDim, dim]` row-major float64. Encodings: FHRR vectors `Float32Array(2d)`.
 *
 * @example
 * ```ts
 * const fhrr = FHRR({ dim: 10_000 });
 * const fpe = new FractionalPowerEncoder(fhrr, { kernel: 'gaussian', rng: createRng(3) });
 * fhrr.similarity(fpe.encode(0.5), fpe.encode(1.5))[0]; // about 0.61 (exp(-1/2))
 * ```
 */
export class FractionalPowerEncoder {
  /** The FHRR model the encodings belong to. */
  readonly model: VSAModel<Float32Array>;
  /** Kernel of the phase distribution. */
  readonly kernel: FPEKernel;
  /** Bandwidth b. */
  readonly bandwidth: number;
  /** Number of inputs per encoded point. */
  readonly inputDim: number;
  /** Base phases theta, row-major `[inputDim, dim]`. */
  readonly phases: Float64Array;

  /**
   * @param model - an FHRR model (other models throw a TypeError).
   * @param options - `{ kernel, bandwidth, inputDim, rng }`.
   */
  constructor(model: VSAModel<HVArray>, options: FractionalPowerOptions) {
    const fn = 'FractionalPowerEncoder';
    checkModel(fn, 'model', model);
    if (model.name !== 'FHRR')
      fail(fn, 'model', 'an FHRR model (phasor components)', model.name, 'type');
    if (typeof options !== 'object' || options === null)
      fail(fn, 'options', '{ kernel, bandwidth, inputDim, rng }', options, 'type');
    checkKeys(fn, 'options', options, ['kernel', 'bandwidth', 'inputDim', 'rng']);
    const kernel = options.kernel ?? 'sinc';
    if (kernel !== 'sinc' && kernel !== 'gaussian')
      fail(fn, 'options.kernel', '"sinc" or "gaussian"', kernel);
    this.model = model as VSAModel<Float32Array>;
    this.kernel = kernel;
    this.bandwidth = checkNumber(
      fn,
      'options.bandwidth',
      options.bandwidth ?? 1,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
    );
    this.inputDim = checkInteger(fn, 'options.inputDim', options.inputDim ?? 1, 1);
    const rng = checkRngArg(fn, 'options.rng', options.rng);
    const d = model.dim;
    this.phases = new Float64Array(this.inputDim * d);
    const b = this.bandwidth;
    for (let i = 0; i < this.phases.length; i++) {
      this.phases[i] =
        kernel === 'sinc' ? b * Math.PI * (2 * rng.nextFloat() - 1) : b * rng.nextNormal();
    }
  }

  /**
   * Encode one point.
   *
   * @param x - a number (when `inputDim` is 1) or `inputDim` numbers.
   * @param out - optional output `Float32Array(2d)`.
   * @returns the FHRR vector `enc(x)`.
   */
  encode(x: number | ArrayLike<number>, out?: Float32Array): Float32Array {
    const fn = 'FractionalPowerEncoder.encode';
    const n = this.inputDim;
    const xs = typeof x === 'number' ? [x] : x;
    if (typeof xs !== 'object' || xs === null || xs.length !== n) {
      fail(
        fn,
        'x',
        n === 1 ? 'a number' : `${n} numbers`,
        x,
        typeof x === 'object' ? 'range' : 'type',
      );
    }
    for (let j = 0; j < n; j++)
      if (!Number.isFinite(xs[j])) fail(fn, 'x', 'finite values', `${xs[j]} at index ${j}`);
    const d = this.model.dim;
    const o = out ?? this.model.alloc(1);
    if (!(o instanceof Float32Array) || o.length !== 2 * d)
      fail(fn, 'out', `Float32Array(${2 * d})`, o);
    const th = this.phases;
    for (let k = 0; k < d; k++) {
      let phase = 0;
      for (let j = 0; j < n; j++) phase += th[j * d + k] * xs[j];
      o[2 * k] = Math.cos(phase);
      o[2 * k + 1] = Math.sin(phase);
    }
    return o;
  }

  /**
   * Encode q points at once.
   *
   * @param xs - row-major `[q, inputDim]` numbers.
   * @returns a batch `Float32Array(q * 2d)`.
   */
  encodeBatch(xs: ArrayLike<number>): Float32Array {
    const fn = 'FractionalPowerEncoder.encodeBatch';
    const n = this.inputDim;
    if (typeof xs !== 'object' || xs === null || xs.length === 0 || xs.length % n !== 0) {
      fail(fn, 'xs', `a non-empty array of length a multiple of ${n}`, xs);
    }
    const q = xs.length / n;
    const out = this.model.alloc(q);
    const L = this.model.length;
    const point = new Float64Array(n);
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < n; j++) point[j] = xs[i * n + j];
      this.encode(point, out.subarray(i * L, (i + 1) * L));
    }
    return out;
  }

  /**
   * The expected similarity of `enc(x)` and `enc(x + delta)` (the kernel, d -> infinity).
   *
   * @param delta - a number (inputDim 1) or `inputDim` numbers.
   * @returns `prod_j sinc(b delta_j)` or `exp(-b^2 |delta|^2 / 2)`.
   */
  expectedSimilarity(delta: number | ArrayLike<number>): number {
    const ds = typeof delta === 'number' ? [delta] : delta;
    if (typeof ds !== 'object' || ds === null || ds.length !== this.inputDim) {
      fail('FractionalPowerEncoder.expectedSimilarity', 'delta', `${this.inputDim} numbers`, delta);
    }
    const b = this.bandwidth;
    let k = 1;
    for (let j = 0; j < ds.length; j++) {
      const t = b * ds[j];
      k *=
        this.kernel === 'gaussian'
          ? Math.exp((-t * t) / 2)
          : t === 0
            ? 1
            : Math.sin(Math.PI * t) / (Math.PI * t);
    }
    return k;
  }
}
