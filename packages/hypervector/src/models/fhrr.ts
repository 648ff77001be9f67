import { checkInteger, checkKeys, fail } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type {
  BundleNormalization,
  BundleOptions,
  ModelName,
  RandomOptions,
  VSAModel,
} from '../types.js';
import { BaseModel, MAX_DIM, NATIVE_MIN, NATIVE_MIN_BUNDLE } from './base.js';
import { NORMALIZE, vsaNative, weightsF64 } from '../native/vsa.js';
import { complexMultiply } from '../kernels/complex.js';

/** Options of {@link FHRR}. */
export interface FHRROptions {
  /** Dimension d: the number of complex components (an integer from 1 to 2^26 = 67,108,864). */
  dim: number;
}

/**
 * out[j], out[j + 1] = the unit phasor of the sum (x, y) whose squares underflow or overflow:
 * through Math.hypot, or for a zero sum (no angle) a seeded random phase.
 */
function rarePhasor(x: number, y: number, out: Float32Array, j: number, rng: Rng): void {
  const m = Math.hypot(x, y);
  if (m > 0) {
    out[j] = x / m;
    out[j + 1] = y / m;
  } else {
    const phase = Math.PI * (2 * rng.nextFloat() - 1);
    out[j] = Math.cos(phase);
    out[j + 1] = Math.sin(phase);
  }
}

/** An FHRR model with fractional power binding. */
export interface FHRRModel extends VSAModel<Float32Array> {
  /**
   * Fractional power x^e component-wise: magnitude r^e, phase e·theta (Plate 1995; Frady et
   * al. 2021 "Computing on functions using randomized vector representations"). Row by row.
   */
  power(x: Float32Array, exponent: number, out?: Float32Array): Float32Array;
}

class FHRRImpl extends BaseModel<Float32Array> implements FHRRModel {
  readonly name: ModelName = 'FHRR';
  protected readonly normalizations: readonly BundleNormalization[] = ['phasor', 'none'];

  constructor(dim: number) {
    super(dim, 2 * dim, dim, 2, Float32Array, 'phasor');
  }

  random(n: number, options: RandomOptions): Float32Array {
    const rng = this.randomArgs(n, options);
    const out = this.alloc(n);
    for (let i = 0; i < out.length; i += 2) {
      const phase = Math.PI * (2 * rng.nextFloat() - 1);
      out[i] = Math.cos(phase);
      out[i + 1] = Math.sin(phase);
    }
    return out;
  }

  identity(): Float32Array {
    const e = this.alloc(1);
    for (let i = 0; i < e.length; i += 2) e[i] = 1;
    return e;
  }

  private multiply(
    fn: string,
    a: Float32Array,
    b: Float32Array,
    argA: string,
    argB: string,
    conjB: boolean,
    out?: Float32Array,
  ): Float32Array {
    const n = this.pair(fn, a, b, argA, argB);
    const o = this.output(fn, out, n, a, argA, b, argB);
    const total = n * this.length;
    // Natively (in place, no copies): the same products; it reports a non-finite output, and
    // refuses (null, nothing written) an output whose memory it sees shared with an operand
    // (`output` has refused a partial overlap already; two SharedArrayBuffer objects over the
    // same memory remain), which the loops below then take.
    const nat = total >= NATIVE_MIN ? vsaNative() : null;
    const done = nat === null ? null : nat.vsaCmulF32(a, b, o, conjB ? 1 : 0);
    if (done !== null) {
      if (!done)
        this.checkFiniteResult(fn, o, [
          [argA, a],
          [argB, b],
        ]);
      return o;
    }
    // The kernel reports a non-finite output; only then does the check that names it run.
    if (!complexMultiply(a, a.length, b, b.length, o, total, conjB)) {
      this.checkFiniteResult(fn, o, [
        [argA, a],
        [argB, b],
      ]);
    }
    return o;
  }

  bind(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array {
    if (out !== undefined && this.multiplyOne(a, b, out, 0)) return out;
    return this.multiply('FHRR.bind', a, b, 'a', 'b', false, out);
  }

  unbind(bound: Float32Array, a: Float32Array, out?: Float32Array): Float32Array {
    if (out !== undefined && this.multiplyOne(bound, a, out, 1)) return out;
    return this.multiply('FHRR.unbind', bound, a, 'bound', 'a', true, out);
  }

  /**
   * The fast path of one vector into a given output (as BSC's and MAP-B's): the native
   * product after the general path's checks, with the arrays' properties read here, where V8
   * sees only Float32Arrays (the shared checks, which see every model's arrays, slow down in a
   * process that uses several models). False, with nothing done, for anything it does not
   * cover (batches, partly overlapping memory, bad arguments, no native kernels), and false
   * as well when an output is not finite: the general path then computes the same products
   * again and throws its error, which names the input.
   */
  private multiplyOne(a: Float32Array, b: Float32Array, o: Float32Array, conj: 0 | 1): boolean {
    const L = this.length;
    if (!(a instanceof Float32Array && b instanceof Float32Array && o instanceof Float32Array))
      return false;
    if (a.length !== L || b.length !== L || o.length !== L) return false;
    const nat = L >= NATIVE_MIN ? vsaNative() : null;
    // In place: the general path (after an overflow here, it would multiply the overwritten
    // operand again). Else false as well where o partly overlaps a or b (the native product
    // checks the pointers: null).
    if (nat === null || o === a || o === b) return false;
    return nat.vsaCmulF32(a, b, o, conj) === true;
  }

  inverse(a: Float32Array, out?: Float32Array): Float32Array {
    const fn = 'FHRR.inverse';
    const n = this.count(a, fn, 'a');
    const o = this.output(fn, out, n, a);
    for (let i = 0; i < o.length; i += 2) {
      o[i] = a[i];
      o[i + 1] = -a[i + 1];
    }
    return o;
  }

  power(x: Float32Array, exponent: number, out?: Float32Array): Float32Array {
    const fn = 'FHRR.power';
    const n = this.count(x, fn, 'x');
    if (typeof exponent !== 'number' || !Number.isFinite(exponent))
      fail(
        fn,
        'exponent',
        'a finite number',
        exponent,
        typeof exponent === 'number' ? 'range' : 'type',
      );
    const o = this.output(fn, out, n, x, 'x');
    for (let i = 0; i < o.length; i += 2) {
      const re = x[i];
      const im = x[i + 1];
      const r = Math.hypot(re, im);
      const m = exponent === 0 ? 1 : r === 0 ? 0 : Math.pow(r, exponent);
      const phase = exponent * Math.atan2(im, re);
      o[i] = m * Math.cos(phase);
      o[i + 1] = m * Math.sin(phase);
    }
    this.checkFiniteResult(fn, o, [['x', x]]);
    return o;
  }

  bundle(rows: Float32Array, options?: BundleOptions<Float32Array>): Float32Array {
    const { n, normalize, weights, rng, out } = this.bundleArgs(rows, options);
    const L = this.length;
    const nat = rows.length >= NATIVE_MIN_BUNDLE ? vsaNative() : null;
    if (nat !== null) {
      // The sums and their normalisation in one native call (acc keeps the sums).
      const acc = this.f64(L);
      const r = nat.vsaBundleF32(
        rows,
        L,
        weightsF64(weights),
        acc,
        out,
        normalize === 'phasor' ? NORMALIZE.phasor : NORMALIZE.noneChecked,
      );
      // A non-finite sum (nothing written): the check names it and throws.
      if (normalize === 'phasor' ? r < 0 : r === 2)
        this.checkFiniteResult('FHRR.bundle', acc.subarray(0, L), [['rows', rows]]);
      if (normalize !== 'phasor') {
        if (r !== 0) this.checkFiniteResult('FHRR.bundle', out, [['rows', rows]]);
        return out;
      }
      // Pairs with a zero, tiny or huge sum (r of them) take the path below, in order.
      if (r > 0) this.phasorRare(acc, L, out, rng);
      return out;
    }
    const acc = this.sumRows(rows, n, weights);
    // A monomorphic scan of the sums; only a non-finite one calls the check that names it.
    let finite = true;
    for (let j = 0; j < L; j++) {
      const v = acc[j];
      if (v - v !== 0) {
        finite = false;
        break;
      }
    }
    if (!finite) this.checkFiniteResult('FHRR.bundle', acc.subarray(0, L), [['rows', rows]]);
    if (normalize === 'phasor') {
      for (let j = 0; j < L; j += 2) {
        const x = acc[j];
        const y = acc[j + 1];
        const m2 = x * x + y * y;
        if (m2 > 1e-280 && m2 < Infinity) {
          // The common case: no underflow or overflow in the squares.
          const inv = 1 / Math.sqrt(m2);
          out[j] = x * inv;
          out[j + 1] = y * inv;
          continue;
        }
        rarePhasor(x, y, out, j, rng);
      }
      // Unit phasors (or cos/sin of a phase) are always finite.
    } else {
      for (let j = 0; j < L; j++) out[j] = acc[j];
      this.checkFiniteResult('FHRR.bundle', out, [['rows', rows]]);
    }
    return out;
  }

  /** The phasors of the pairs whose squared magnitude is not in (1e-280, Infinity). */
  private phasorRare(acc: Float64Array, L: number, out: Float32Array, rng: Rng): void {
    for (let j = 0; j < L; j += 2) {
      const x = acc[j];
      const y = acc[j + 1];
      const m2 = x * x + y * y;
      if (m2 > 1e-280 && m2 < Infinity) continue;
      rarePhasor(x, y, out, j, rng);
    }
  }

  similarity(query: Float32Array, codebook: Float32Array, out?: Float32Array): Float32Array {
    return this.cosineSimilarity(query, codebook, out);
  }
}

/**
 * Fourier Holographic Reduced Representations (Plate 1995/2003): atoms are d unit phasors
 * with phases uniform on (-pi, pi), stored as an interleaved complex `Float32Array(2d)`
 * (`[re0, im0, re1, im1, ...]`). Binding multiplies component-wise (adds phases); unbinding
 * multiplies by the conjugate (exact for unit phasors); `inverse` is the conjugate. The
 * products are formed in Float32 arithmetic, as complex64 products are elsewhere: each real
 * product rounded to Float32, then their sum or difference. Bundling
 * sums and, by default (`'phasor'`), keeps only the angle of each component (a zero sum gets
 * a seeded random phase); `'none'` keeps the raw sum. Similarity is the real part of the
 * complex cosine, Re(q^H c) / (|q| |c|), i.e. the mean cosine of the phase differences for
 * unit phasors (random atoms: mean 0, variance 1/(2d)). Permutations move whole complex
 * components. Identity: all phases 0. Empty: zeros.
 *
 * @param options - `{ dim }`.
 * @returns the model, with `power(x, exponent)` for fractional power encoding.
 * @example
 * ```ts
 * const fhrr = FHRR({ dim: 1000 });
 * const x = fhrr.random(1, { rng: createRng(3) });
 * fhrr.similarity(fhrr.power(fhrr.power(x, 0.5), 2), x)[0]; // returns 1 (up to rounding)
 * ```
 */
export function FHRR(options: FHRROptions): FHRRModel {
  if (typeof options !== 'object' || options === null)
    fail('FHRR', 'options', '{ dim }', options, 'type');
  checkKeys('FHRR', 'options', options, ['dim']);
  checkInteger('FHRR', 'options.dim', options.dim, 1, MAX_DIM);
  return new FHRRImpl(options.dim);
}
