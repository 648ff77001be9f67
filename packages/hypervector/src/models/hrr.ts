import { checkInteger, fail } from '../errors.js';
import { createFFT, RealConvolution, type FFTPlan } from '../kernels/fft.js';
import type {
  BundleNormalization,
  BundleOptions,
  ModelName,
  RandomOptions,
  VSAModel,
} from '../types.js';
import { BaseModel, NATIVE_MIN_BUNDLE } from './base.js';
import { NORMALIZE, vsaNative } from '../native/vsa.js';

/** Options of {@link HRR}. */
export interface HRROptions {
  /** Dimension d (any positive integer; the FFT handles non powers of two). */
  dim: number;
  /**
   * Which inverse `unbind` and `inverse` use: `'involution'` (default; Plate's approximate
   * inverse a*[i] = a[-i mod d], stable, unbinding fidelity about 1/sqrt(2)) or `'exact'`
   * (1/FFT(a) per frequency; exact but unstable where a frequency of `a` is near zero).
   */
  inverse?: 'involution' | 'exact';
}

/** An HRR model with its extra operations. */
export interface HRRModel extends VSAModel<Float32Array> {
  /** The inverse `unbind` and `inverse` use. */
  readonly inverseKind: 'involution' | 'exact';
  /** Plate's involution a*[i] = a[-i mod d] (approximate inverse; row by row). */
  involution(a: Float32Array, out?: Float32Array): Float32Array;
  /** Exact inverse: IFFT(1 / FFT(a)); a frequency of magnitude 0 maps to 0. */
  exactInverse(a: Float32Array, out?: Float32Array): Float32Array;
  /**
   * Unitary projection: every frequency scaled to magnitude 1, so that the involution is the
   * exact inverse and binding preserves norms. Row by row.
   */
  unitary(a: Float32Array, out?: Float32Array): Float32Array;
}

class HRRImpl extends BaseModel<Float32Array> implements HRRModel {
  readonly name: ModelName = 'HRR';
  readonly inverseKind: 'involution' | 'exact';
  protected readonly normalizations: readonly BundleNormalization[] = ['l2', 'none'];
  /** The size-d plan and buffers of the spectral operations, made on first use. */
  private plan: FFTPlan | null = null;
  private re = new Float64Array(0);
  private im = new Float64Array(0);
  private invScratch = new Float32Array(0);
  private readonly conv: RealConvolution;

  constructor(dim: number, inverseKind: 'involution' | 'exact') {
    super(dim, dim, dim, 1, Float32Array, 'l2');
    this.inverseKind = inverseKind;
    this.conv = new RealConvolution(dim);
  }

  random(n: number, options: RandomOptions): Float32Array {
    const rng = this.randomArgs(n, options);
    const out = this.alloc(n);
    const s = 1 / Math.sqrt(this.dim);
    for (let i = 0; i < out.length; i++) out[i] = rng.nextNormal() * s;
    return out;
  }

  identity(): Float32Array {
    const e = this.alloc(1);
    e[0] = 1;
    return e;
  }

  private convolveBatch(
    fn: string,
    a: Float32Array,
    b: Float32Array,
    argA: string,
    argB: string,
    out?: Float32Array,
  ): Float32Array {
    const n = this.pair(fn, a, b, argA, argB);
    const o = this.output(fn, out, n);
    const d = this.dim;
    const single = a.length === d;
    const singleB = b.length === d;
    const alias = o.buffer === a.buffer || o.buffer === b.buffer;
    const target = alias ? new Float32Array(o.length) : o;
    let finite = true;
    for (let r = 0; r < n; r++) {
      if (!this.conv.convolve(a, single ? 0 : r * d, b, singleB ? 0 : r * d, target, r * d))
        finite = false;
    }
    if (alias) o.set(target);
    // The convolution reports outputs that may have overflowed (or come from a NaN/Infinity):
    // only then the element-by-element check that names the bad input.
    if (!finite)
      this.checkFiniteResult(fn, o, [
        [argA, a],
        [argB, b],
      ]);
    return o;
  }

  bind(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array {
    return this.convolveBatch('HRR.bind', a, b, 'a', 'b', out);
  }

  unbind(bound: Float32Array, a: Float32Array, out?: Float32Array): Float32Array {
    const fn = 'HRR.unbind';
    this.pair(fn, bound, a, 'bound', 'a');
    if (this.invScratch.length !== a.length) this.invScratch = new Float32Array(a.length);
    const inv = this.inverse(a, this.invScratch);
    return this.convolveBatch(fn, bound, inv, 'bound', 'a', out);
  }

  inverse(a: Float32Array, out?: Float32Array): Float32Array {
    return this.inverseKind === 'exact' ? this.exactInverse(a, out) : this.involution(a, out);
  }

  involution(a: Float32Array, out?: Float32Array): Float32Array {
    const fn = 'HRR.involution';
    const n = this.count(a, fn, 'a');
    const o = this.output(fn, out, n);
    const d = this.dim;
    for (let r = 0; r < n; r++) {
      const off = r * d;
      const first = a[off];
      // Swap pairs (i, d - i) so that in-place use works.
      for (let i = 1; i <= d - i; i++) {
        const u = a[off + i];
        const v = a[off + d - i];
        o[off + i] = v;
        o[off + d - i] = u;
      }
      o[off] = first;
    }
    return o;
  }

  private spectral(
    fn: string,
    a: Float32Array,
    out: Float32Array | undefined,
    map: (re: Float64Array, im: Float64Array) => void,
  ): Float32Array {
    const n = this.count(a, fn, 'a');
    const o = this.output(fn, out, n);
    const d = this.dim;
    if (this.plan === null) {
      this.plan = createFFT(d);
      this.re = new Float64Array(d);
      this.im = new Float64Array(d);
    }
    const plan = this.plan;
    const re = this.re;
    const im = this.im;
    for (let r = 0; r < n; r++) {
      const off = r * d;
      for (let k = 0; k < d; k++) {
        re[k] = a[off + k];
        im[k] = 0;
      }
      plan.forward(re, im);
      map(re, im);
      plan.inverse(re, im);
      for (let k = 0; k < d; k++) o[off + k] = re[k];
    }
    this.checkFiniteResult(fn, o, [['a', a]]);
    return o;
  }

  exactInverse(a: Float32Array, out?: Float32Array): Float32Array {
    return this.spectral('HRR.exactInverse', a, out, (re, im) => {
      for (let k = 0; k < re.length; k++) {
        const m = re[k] * re[k] + im[k] * im[k];
        if (m > 0) {
          re[k] = re[k] / m;
          im[k] = -im[k] / m;
        } else {
          re[k] = 0;
          im[k] = 0;
        }
      }
    });
  }

  unitary(a: Float32Array, out?: Float32Array): Float32Array {
    return this.spectral('HRR.unitary', a, out, (re, im) => {
      for (let k = 0; k < re.length; k++) {
        const m = Math.hypot(re[k], im[k]);
        if (m > 0) {
          re[k] /= m;
          im[k] /= m;
        } else {
          re[k] = 1;
          im[k] = 0;
        }
      }
    });
  }

  bundle(rows: Float32Array, options?: BundleOptions<Float32Array>): Float32Array {
    const { n, normalize, weights, out } = this.bundleArgs(rows, options);
    const d = this.dim;
    const acc = this.sumRows(rows, n, weights);
    const nat = rows.length >= NATIVE_MIN_BUNDLE ? vsaNative() : null;
    if (nat !== null) {
      // The same sum of squares and scaling, natively; returns the sum of squares ("l2") or
      // whether an output is not finite ("none").
      const r = nat.vsaNormalize(acc, out, NORMALIZE[normalize as 'l2' | 'none']);
      if (normalize === 'l2' ? !(r < Infinity) : r !== 0)
        this.checkFiniteResult('HRR.bundle', out, [['rows', rows]]);
      return out;
    }
    let scale = 1;
    // A finite sum of squares means every entry is finite, and entries scaled to unit norm
    // stay finite: only the other cases need the element-by-element check.
    let certain = false;
    if (normalize === 'l2') {
      let s0 = 0;
      let s1 = 0;
      let j = 0;
      for (; j + 2 <= d; j += 2) {
        s0 += acc[j] * acc[j];
        s1 += acc[j + 1] * acc[j + 1];
      }
      if (j < d) s0 += acc[j] * acc[j];
      const s = s0 + s1;
      scale = s > 0 ? 1 / Math.sqrt(s) : 0;
      certain = s < Infinity;
    }
    for (let j = 0; j < d; j++) out[j] = acc[j] * scale;
    if (!certain) this.checkFiniteResult('HRR.bundle', out, [['rows', rows]]);
    return out;
  }

  similarity(query: Float32Array, codebook: Float32Array, out?: Float32Array): Float32Array {
    return this.cosineSimilarity(query, codebook, out);
  }
}

/**
 * Holographic Reduced Representations (Plate 1995, "Holographic reduced representations",
 * IEEE TNN): atoms are `Float32Array(d)` with i.i.d. N(0, 1/d) entries; binding is circular
 * convolution, computed through FFT plans cached in the model (mixed radix 2/3/4/5 on d
 * itself when d has only prime factors up to 13, e.g. d = 10,000; a zero-padded smooth size
 * otherwise), with a half-size complex FFT for the real inverse, and the radix-2/4/5 stages
 * on WebAssembly SIMD where available (same results); unbinding is circular
 * correlation, i.e. binding with the involution (approximate, cosine about 1/sqrt(2) to the
 * truth for one pair) or, with `inverse: 'exact'`, with the exact inverse (cosine about 1;
 * unstable for atoms with near-zero frequencies). Unitary atoms (`unitary(x)`) make the
 * involution exact. Bundling is the sum, L2-normalised by default (`'l2'`) or raw (`'none'`);
 * similarity is the cosine.
 * Identity: [1, 0, ..., 0]. Empty: zeros.
 *
 * @param options - `{ dim, inverse }`.
 * @returns the model; batches are row-major `Float32Array(n * d)`.
 * @example
 * ```ts
 * const hrr = HRR({ dim: 1000 });
 * const x = hrr.random(2, { rng: createRng(5) });
 * const [a, b] = [hrr.row(x, 0), hrr.row(x, 1)];
 * hrr.similarity(hrr.unbind(hrr.bind(a, b), a), b)[0]; // about 0.7
 * ```
 */
export function HRR(options: HRROptions): HRRModel {
  if (typeof options !== 'object' || options === null)
    fail('HRR', 'options', '{ dim }', options, 'type');
  checkInteger('HRR', 'options.dim', options.dim, 1, 1 << 26);
  const kind = options.inverse ?? 'involution';
  if (kind !== 'involution' && kind !== 'exact')
    fail('HRR', 'options.inverse', '"involution" or "exact"', kind);
  return new HRRImpl(options.dim, kind);
}
