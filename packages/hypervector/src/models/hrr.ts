import { checkInteger, checkKeys, fail } from '../errors.js';
import { overlaps } from '../kernels/sharing.js';
import { createFFT, RealConvolution, type FFTPlan } from '../kernels/fft.js';
import type {
  BundleNormalization,
  BundleOptions,
  ModelName,
  RandomOptions,
  VSAModel,
} from '../types.js';
import { BaseModel, MAX_DIM, NATIVE_MIN_BUNDLE } from './base.js';
import { NORMALIZE, vsaNative, weightsF64 } from '../native/vsa.js';

/** Options of {@link HRR}. */
export interface HRROptions {
  /** Dimension d (an integer from 1 to 2^26 = 67,108,864; the FFT handles non powers of two). */
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
    inputB: Float32Array = b,
  ): Float32Array {
    const n = this.pair(fn, a, b, argA, argB);
    const o = this.output(fn, out, n, a, argA, inputB, argB);
    const d = this.dim;
    const single = a.length === d;
    const singleB = b.length === d;
    // in place (o is a or b itself: any other overlap was refused above) goes through a
    // temporary; arrays that merely share a buffer (an arena's, say) need none
    const alias = overlaps(o, a, false) || overlaps(o, b, false);
    const target = alias ? new Float32Array(o.length) : o;
    // Several rows: one native call that splits them between threads, where it applies.
    const rows =
      n > 1 ? this.conv.convolveRows(a, b, target, n, single ? 0 : d, singleB ? 0 : d) : null;
    let finite = rows !== false;
    if (rows === null) {
      for (let r = 0; r < n; r++) {
        if (!this.conv.convolve(a, single ? 0 : r * d, b, singleB ? 0 : r * d, target, r * d))
          finite = false;
      }
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
    return this.convolveBatch(fn, bound, inv, 'bound', 'a', out, a);
  }

  inverse(a: Float32Array, out?: Float32Array): Float32Array {
    return this.inverseKind === 'exact' ? this.exactInverse(a, out) : this.involution(a, out);
  }

  involution(a: Float32Array, out?: Float32Array): Float32Array {
    const fn = 'HRR.involution';
    const n = this.count(a, fn, 'a');
    const o = this.output(fn, out, n, a);
    const d = this.dim;
    // Each row copied (a memory copy; `output` has refused an output that partly overlaps the
    // input), then its entries 1 to d - 1 reversed in place by the engine's built-in reverse:
    // about 1 µs at d = 10,000, against 9 µs for a loop swapping pairs (i, d - i), whose reads
    // from both ends V8 checked one by one (HRR's unbinding at d = 10,000 took 40 µs, 30 for
    // the convolution).
    if (o !== a) o.set(a);
    for (let r = 0; r < n; r++) {
      const off = r * d;
      o.subarray(off + 1, off + d).reverse();
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
    const o = this.output(fn, out, n, a);
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
    const nat = rows.length >= NATIVE_MIN_BUNDLE ? vsaNative() : null;
    if (nat !== null) {
      // The same sums, sum of squares and scaling, natively, in one call; returns the sum of
      // squares ("l2") or whether an output is not finite ("none").
      const r = nat.vsaBundleF32(
        rows,
        d,
        weightsF64(weights),
        this.f64(d),
        out,
        NORMALIZE[normalize as 'l2' | 'none'],
      );
      if (normalize === 'l2' ? !(r < Infinity) : r !== 0)
        this.checkFiniteResult('HRR.bundle', out, [['rows', rows]]);
      return out;
    }
    const acc = this.sumRows(rows, n, weights);
    let scale = 1;
    // A finite sum of squares means every entry is finite, and entries scaled to unit norm
    // stay finite: only the other cases need the element-by-element check.
    let certain = false;
    if (normalize === 'l2') {
      const s = sumOfSquares(acc, d);
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
  checkKeys('HRR', 'options', options, ['dim', 'inverse']);
  checkInteger('HRR', 'options.dim', options.dim, 1, MAX_DIM);
  const kind = options.inverse ?? 'involution';
  if (kind !== 'involution' && kind !== 'exact')
    fail('HRR', 'options.inverse', '"involution" or "exact"', kind);
  return new HRRImpl(options.dim, kind);
}

/**
 * @internal The sum of squares of `acc[0..d)` in the order every path of `HRR.bundle` uses (so that
 * threads can share it): blocks of 256 entries, whose sums are added in order; in a block,
 * lane `l` (l < 16) adds the squares of the entries at `l`, `l + 16`, ... in order, and the
 * lanes are added in a fixed tree (`l` and `l + 8`, then `l` and `l + 4`, `l` and `l + 2`,
 * then 0 and 1).
 */
export function sumOfSquares(acc: Float64Array, d: number): number {
  let s = 0;
  for (let b0 = 0; b0 < d; b0 += 256) {
    const b1 = Math.min(d, b0 + 256);
    let q0 = 0,
      q1 = 0,
      q2 = 0,
      q3 = 0,
      q4 = 0,
      q5 = 0,
      q6 = 0,
      q7 = 0,
      q8 = 0,
      q9 = 0,
      q10 = 0,
      q11 = 0,
      q12 = 0,
      q13 = 0,
      q14 = 0,
      q15 = 0;
    for (let j = b0; j < b1; j += 16) {
      // Past the block's end (its last step only) a lane adds +0, which leaves it as it is.
      const sq = (i: number): number => (j + i < b1 ? acc[j + i] * acc[j + i] : 0);
      q0 += sq(0);
      q1 += sq(1);
      q2 += sq(2);
      q3 += sq(3);
      q4 += sq(4);
      q5 += sq(5);
      q6 += sq(6);
      q7 += sq(7);
      q8 += sq(8);
      q9 += sq(9);
      q10 += sq(10);
      q11 += sq(11);
      q12 += sq(12);
      q13 += sq(13);
      q14 += sq(14);
      q15 += sq(15);
    }
    const h0 = q0 + q8 + (q4 + q12);
    const h1 = q1 + q9 + (q5 + q13);
    const h2 = q2 + q10 + (q6 + q14);
    const h3 = q3 + q11 + (q7 + q15);
    s += h0 + h2 + (h1 + h3);
  }
  return s;
}
