/**
 * An in-place complex FFT plan of any size n >= 1: a mixed-radix Stockham transform (radix 4,
 * 2, 3, 5 butterflies and a direct butterfly for other primes up to {@link MAX_DIRECT_PRIME};
 * Cooley and Tukey 1965, Stockham's autosort ordering) when every prime factor of n is that
 * small, Bluestein's chirp-z algorithm (Bluestein 1970) otherwise, which re-expresses a size-n
 * DFT as a circular convolution of a smooth size m >= 2n - 1. Tables and work buffers are
 * allocated once per plan; transforms allocate nothing.
 */
export interface FFTPlan {
  /** Transform size. */
  readonly n: number;
  /** In place: X_k = sum_j x_j exp(-2 pi i j k / n); `re`, `im`: Float64Array(n). */
  forward(re: Float64Array, im: Float64Array): void;
  /** In place: x_j = (1/n) sum_k X_k exp(+2 pi i j k / n); `re`, `im`: Float64Array(n). */
  inverse(re: Float64Array, im: Float64Array): void;
}

import { vsaNative, type VsaNative } from '../native/vsa.js';
import { fftInstance, vsaScalarForced, type FftStages } from '../wasm/vsa.js';

/** Square of the largest finite Float32 value. */
const FLOAT32_MAX_SQUARED = 3.4028234663852886e38 * 3.4028234663852886e38;

/** Smallest plan that runs its stages on WebAssembly SIMD. */
const SIMD_MIN_N = 64;

/**
 * Arrays carved out of the memory of one WebAssembly instance (which never grows), so that
 * the SIMD stages can work on them in place; bytes 0..31 hold the radix-5 constants.
 */
class Arena {
  readonly simd: FftStages;
  private at = 32;

  constructor(simd: FftStages) {
    this.simd = simd;
    new Float64Array(simd.memory.buffer, 0, 4).set([
      Math.cos((2 * Math.PI) / 5),
      Math.cos((4 * Math.PI) / 5),
      Math.sin((2 * Math.PI) / 5),
      Math.sin((4 * Math.PI) / 5),
    ]);
  }

  /** An arena of at least `bytes` (plus the constants), or null without SIMD. */
  static create(bytes: number): Arena | null {
    const simd = fftInstance(32 + bytes);
    return simd === null ? null : new Arena(simd);
  }

  /** Bytes that `f64(n)` takes. */
  static f64Bytes(n: number): number {
    return Math.ceil(n / 2) * 16;
  }

  f64(n: number): Float64Array {
    const v = new Float64Array(this.simd.memory.buffer, this.at, n);
    this.at += Arena.f64Bytes(n);
    return v;
  }

  f32(n: number): Float32Array {
    const v = new Float32Array(this.simd.memory.buffer, this.at, n);
    this.at += Math.ceil(n / 4) * 16;
    return v;
  }
}

/** Bytes of the arrays a {@link MixedRadix} plan of size n takes from an {@link Arena}. */
function planBytes(n: number): number {
  const rs = radices(n) ?? [];
  let bytes = 4 * Arena.f64Bytes(n) + 8 * n + 16;
  for (let k = 0, len = n; k < rs.length; k++) {
    bytes += 2 * Arena.f64Bytes((len / rs[k]) * (rs[k] - 1));
    len /= rs[k];
  }
  return bytes;
}

/** Largest prime factor handled by a direct (O(p^2)) butterfly; larger ones use Bluestein. */
const MAX_DIRECT_PRIME = 13;

/** The radices of a mixed-radix plan for n (4s first), or null when a prime factor is too large. */
function radices(n: number): number[] | null {
  const out: number[] = [];
  let m = n;
  let twos = 0;
  while ((m & 1) === 0) {
    m >>>= 1;
    twos++;
  }
  for (let i = 0; i + 2 <= twos; i += 2) out.push(4);
  if ((twos & 1) === 1) out.push(2);
  for (let p = 3; p <= MAX_DIRECT_PRIME; p += 2) {
    while (m % p === 0) {
      out.push(p);
      m /= p;
    }
  }
  return m === 1 ? out : null;
}

/** Whether n factors into primes no larger than {@link MAX_DIRECT_PRIME}. @internal */
export function isSmooth(n: number): boolean {
  return radices(n) !== null;
}

/**
 * The smallest m >= n of the form 2^a 3^b 5^c with a >= 1 when `even` (such sizes transform
 * fastest). @internal
 */
export function smoothSize(n: number, even = false): number {
  let best = Infinity;
  for (let p5 = 1; p5 < 2 * n + 2; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * n + 2; p35 *= 3) {
      let m = even ? 2 * p35 : p35;
      while (m < n) m *= 2;
      if (m < best) best = m;
    }
  }
  return best;
}

/**
 * A mixed-radix Stockham forward transform of a smooth size, on split re/im arrays.
 *
 * Where WebAssembly SIMD is available (and n >= 64) the plan's tables and work arrays live
 * in a WebAssembly instance of its own, and every radix-2, 4 or 5 stage of even stride s
 * whose input and output arrays live there too runs there, two values of q per f64x2
 * operation; {@link MixedRadix.ioRe} and {@link MixedRadix.ioIm} are such arrays for the
 * caller's data. Those stages compute exactly what the scalar ones compute. @internal
 */
export class MixedRadix {
  readonly n: number;
  /** Arrays of n for the caller's data, in the plan's WebAssembly memory when it has one. */
  readonly ioRe: Float64Array;
  readonly ioIm: Float64Array;
  private readonly simd: FftStages | null;
  /** Float32 output of {@link MixedRadix.inverseTo32} on the SIMD path (2n). */
  private readonly out32: Float32Array;
  private readonly stages: {
    p: number;
    m: number;
    s: number;
    twRe: Float64Array;
    twIm: Float64Array;
  }[] = [];
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;
  /** cos and -sin of 2 pi k / p for the direct butterflies, by prime. */
  private readonly roots = new Map<number, [Float64Array, Float64Array]>();
  private readonly tmpRe: Float64Array;
  private readonly tmpIm: Float64Array;

  /**
   * @param n - transform size (smooth).
   * @param arena - where the tables and arrays live: a shared {@link Arena}, null for plain
   *   arrays, or (default) an arena of the plan's own when SIMD is available.
   */
  constructor(n: number, arena?: Arena | null) {
    this.n = n;
    const rs = radices(n);
    if (rs === null) throw new RangeError(`MixedRadix: n expected a smooth size, got ${n}`);
    const own = arena === undefined ? (n >= SIMD_MIN_N ? Arena.create(planBytes(n)) : null) : arena;
    this.simd = own === null ? null : own.simd;
    const take = (length: number): Float64Array =>
      own === null ? new Float64Array(length) : own.f64(length);
    let len = n;
    let s = 1;
    let maxP = 1;
    for (const p of rs) {
      const m = len / p;
      const twRe = take(m * (p - 1));
      const twIm = take(m * (p - 1));
      for (let j = 0; j < m; j++) {
        for (let u = 1; u < p; u++) {
          // Reduce j u mod len so that the angle stays exact for large products.
          const angle = (2 * Math.PI * ((j * u) % len)) / len;
          twRe[j * (p - 1) + u - 1] = Math.cos(angle);
          twIm[j * (p - 1) + u - 1] = -Math.sin(angle);
        }
      }
      this.stages.push({ p, m, s, twRe, twIm });
      if (p > 5 && !this.roots.has(p)) {
        const cr = new Float64Array(p);
        const ci = new Float64Array(p);
        for (let k = 0; k < p; k++) {
          cr[k] = Math.cos((2 * Math.PI * k) / p);
          ci[k] = -Math.sin((2 * Math.PI * k) / p);
        }
        this.roots.set(p, [cr, ci]);
      }
      if (p > maxP) maxP = p;
      len = m;
      s *= p;
    }
    this.workRe = take(n);
    this.workIm = take(n);
    this.ioRe = take(n);
    this.ioIm = take(n);
    this.out32 = own === null ? new Float32Array(0) : own.f32(2 * n);
    this.tmpRe = new Float64Array(2 * maxP);
    this.tmpIm = new Float64Array(2 * maxP);
  }

  /** The radices of the stages, in order. */
  radices(): number[] {
    return this.stages.map((st) => st.p);
  }

  /** The stages' twiddle tables: re then im, stage by stage. */
  twiddles(): Float64Array[] {
    return this.stages.flatMap((st) => [st.twRe, st.twIm]);
  }

  /** Forward transform in place (sign -1 in the exponent). */
  run(re: Float64Array, im: Float64Array): void {
    this.stagesFrom(0, re, im);
  }

  /**
   * {@link MixedRadix.run} for arrays from anywhere: data outside the plan's WebAssembly
   * memory passes through the io arrays (so that the SIMD stages apply).
   */
  runAny(re: Float64Array, im: Float64Array): void {
    if (this.simd === null || re.buffer === this.ioRe.buffer || vsaScalarForced()) {
      this.stagesFrom(0, re, im);
      return;
    }
    const n = this.n;
    this.ioRe.set(re.subarray(0, n));
    this.ioIm.set(im.subarray(0, n));
    this.stagesFrom(0, this.ioRe, this.ioIm);
    re.set(this.ioRe);
    im.set(this.ioIm);
  }

  /**
   * Forward transform of the complex signal `x[ox + k] + i y[oy + k]` (k < n, Float32 parts)
   * into `re`, `im`. When the first stage is a radix-4 one it reads the Float32 inputs
   * directly, which saves a conversion pass.
   */
  runFrom32(
    x: Float32Array,
    ox: number,
    y: Float32Array,
    oy: number,
    re: Float64Array,
    im: Float64Array,
  ): void {
    const n = this.n;
    const first = this.stages[0];
    if (first !== undefined && first.p === 4 && first.s === 1) {
      radix4First32(x, ox, y, oy, this.workRe, this.workIm, first.m, first.twRe, first.twIm);
      this.stagesFrom(1, re, im);
      return;
    }
    for (let k = 0; k < n; k++) {
      re[k] = x[ox + k];
      im[k] = y[oy + k];
    }
    this.stagesFrom(0, re, im);
  }

  /** Stages `start..` with the data in `re`, `im` (start even) or the work arrays (odd). */
  private stagesFrom(start: number, re: Float64Array, im: Float64Array): void {
    const [xr, xi] = this.stagesRange(start, this.stages.length, re, im);
    if (xr !== re) {
      re.set(xr.subarray(0, this.n));
      im.set(xi.subarray(0, this.n));
    }
  }

  /**
   * Stages [start, end) with the data in `re`, `im` (start even) or the work arrays (odd);
   * returns the pair of arrays that holds the result.
   */
  private stagesRange(
    start: number,
    end: number,
    re: Float64Array,
    im: Float64Array,
  ): [Float64Array, Float64Array] {
    const odd = (start & 1) === 1;
    let xr = odd ? this.workRe : re;
    let xi = odd ? this.workIm : im;
    let yr = odd ? re : this.workRe;
    let yi = odd ? im : this.workIm;
    const stages = this.stages;
    const w = this.simd !== null && !vsaScalarForced() ? this.simd : null;
    const buf = w === null ? null : w.memory.buffer;
    for (let k = start; k < end; k++) {
      const { p, m, s, twRe, twIm } = stages[k];
      if (
        w !== null &&
        (s & 1) === 0 &&
        (p === 4 || p === 5 || p === 2) &&
        xr.buffer === buf &&
        xi.buffer === buf &&
        yr.buffer === buf &&
        yi.buffer === buf
      ) {
        const f = p === 4 ? w.r4 : p === 2 ? w.r2 : m === 1 ? w.r5n : w.r5;
        f(
          xr.byteOffset,
          xi.byteOffset,
          yr.byteOffset,
          yi.byteOffset,
          s,
          m,
          twRe.byteOffset,
          twIm.byteOffset,
        );
      } else if (
        w !== null &&
        p === 4 &&
        s === 1 &&
        (m & 1) === 0 &&
        xr.buffer === buf &&
        xi.buffer === buf &&
        yr.buffer === buf &&
        yi.buffer === buf
      ) {
        w.r4f(
          xr.byteOffset,
          xi.byteOffset,
          yr.byteOffset,
          yi.byteOffset,
          m,
          twRe.byteOffset,
          twIm.byteOffset,
        );
      }
      // The first stage (s = 1) has no inner loop; the last (m = 1) has no twiddles.
      else if (p === 4) {
        if (s === 1) radix4First(xr, xi, yr, yi, m, twRe, twIm);
        else radix4(xr, xi, yr, yi, s, m, twRe, twIm);
      } else if (p === 2) radix2(xr, xi, yr, yi, s, m, twRe, twIm);
      else if (p === 5) {
        if (m === 1) radix5Last(xr, xi, yr, yi, s);
        else radix5(xr, xi, yr, yi, s, m, twRe, twIm);
      } else if (p === 3) radix3(xr, xi, yr, yi, s, m, twRe, twIm);
      else {
        const [cr, ci] = this.roots.get(p) as [Float64Array, Float64Array];
        radixP(xr, xi, yr, yi, s, m, twRe, twIm, p, cr, ci, this.tmpRe, this.tmpIm);
      }
      const tr = xr;
      const ti = xi;
      xr = yr;
      xi = yi;
      yr = tr;
      yi = ti;
    }
    return [xr, xi];
  }

  /**
   * The unnormalised inverse transform z of `re + i im` (both overwritten), written
   * interleaved as Float32: `o[oo + 2t] = scale Re z_t`, `o[oo + 2t + 1] = scale Im z_t`.
   * When the last stage is a radix-5 one without twiddles it writes `o` directly. Returns
   * the sum of the squares of the written values.
   */
  inverseTo32(
    re: Float64Array,
    im: Float64Array,
    o: Float32Array,
    oo: number,
    scale: number,
  ): number {
    const n = this.n;
    const stages = this.stages;
    const last = stages[stages.length - 1];
    // The inverse is the forward transform with real and imaginary parts swapped.
    const w = this.simd !== null && !vsaScalarForced() ? this.simd : null;
    if (
      w !== null &&
      last !== undefined &&
      last.p === 5 &&
      last.m === 1 &&
      (last.s & 1) === 0 &&
      re.buffer === w.memory.buffer &&
      im.buffer === w.memory.buffer
    ) {
      const [xr, xi] = this.stagesRange(0, stages.length - 1, im, re);
      const ok = w.r5last32(xr.byteOffset, xi.byteOffset, this.out32.byteOffset, last.s, scale);
      o.set(this.out32, oo);
      // Not the sum of squares: 0 when every output is finite, else Infinity.
      return ok === 1 ? 0 : Infinity;
    }
    if (last !== undefined && last.p === 5 && last.m === 1) {
      const [xr, xi] = this.stagesRange(0, stages.length - 1, im, re);
      // Swapped roles: the stage's "real" output is Im z, its "imaginary" output is Re z.
      return radix5LastTo32(xr, xi, o, oo, last.s, scale);
    }
    this.stagesFrom(0, im, re);
    let q = 0;
    for (let k = 0; k < n; k++) {
      const u = re[k] * scale;
      const v = im[k] * scale;
      o[oo + 2 * k] = u;
      o[oo + 2 * k + 1] = v;
      q += u * u + v * v;
    }
    return q;
  }
}

// One Stockham stage each: input x[q + s (j + t m)], output y[q + s (p j + u)] =
// (sum_t x_t w_p^(t u)) w^(j u) with w = exp(-2 pi i / (p m)), for j < m, q < s, t, u < p.
// Twiddles of the stage: tw[j (p - 1) + u - 1] = w^(j u).

function radix2(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  s: number,
  m: number,
  twr: Float64Array,
  twi: Float64Array,
): void {
  const sm = s * m;
  for (let j = 0; j < m; j++) {
    const wr = twr[j];
    const wi = twi[j];
    const x0 = s * j;
    const y0 = 2 * s * j;
    for (let q = 0; q < s; q++) {
      const i0 = x0 + q;
      const i1 = i0 + sm;
      const ar = xr[i0];
      const ai = xi[i0];
      const br = xr[i1];
      const bi = xi[i1];
      const o = y0 + q;
      yr[o] = ar + br;
      yi[o] = ai + bi;
      const dr = ar - br;
      const di = ai - bi;
      yr[o + s] = dr * wr - di * wi;
      yi[o + s] = dr * wi + di * wr;
    }
  }
}

function radix4(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  s: number,
  m: number,
  twr: Float64Array,
  twi: Float64Array,
): void {
  const sm = s * m;
  const s2 = 2 * s;
  const s3 = 3 * s;
  for (let j = 0; j < m; j++) {
    const t = 3 * j;
    const w1r = twr[t];
    const w1i = twi[t];
    const w2r = twr[t + 1];
    const w2i = twi[t + 1];
    const w3r = twr[t + 2];
    const w3i = twi[t + 2];
    const x0 = s * j;
    const y0 = 4 * s * j;
    for (let q = 0; q < s; q++) {
      const i0 = x0 + q;
      const i1 = i0 + sm;
      const i2 = i1 + sm;
      const i3 = i2 + sm;
      const a0r = xr[i0];
      const a0i = xi[i0];
      const a1r = xr[i1];
      const a1i = xi[i1];
      const a2r = xr[i2];
      const a2i = xi[i2];
      const a3r = xr[i3];
      const a3i = xi[i3];
      const t0r = a0r + a2r;
      const t0i = a0i + a2i;
      const t1r = a0r - a2r;
      const t1i = a0i - a2i;
      const t2r = a1r + a3r;
      const t2i = a1i + a3i;
      const t3r = a1r - a3r;
      const t3i = a1i - a3i;
      // b0 = t0 + t2, b1 = t1 - i t3, b2 = t0 - t2, b3 = t1 + i t3.
      const b1r = t1r + t3i;
      const b1i = t1i - t3r;
      const b2r = t0r - t2r;
      const b2i = t0i - t2i;
      const b3r = t1r - t3i;
      const b3i = t1i + t3r;
      const o = y0 + q;
      yr[o] = t0r + t2r;
      yi[o] = t0i + t2i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + s2] = b2r * w2r - b2i * w2i;
      yi[o + s2] = b2r * w2i + b2i * w2r;
      yr[o + s3] = b3r * w3r - b3i * w3i;
      yi[o + s3] = b3r * w3i + b3i * w3r;
    }
  }
}

/** {@link radix4} for s = 1. */
function radix4First(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  m: number,
  twr: Float64Array,
  twi: Float64Array,
): void {
  for (let j = 0, t = 0, o = 0; j < m; j++, t += 3, o += 4) {
    const i1 = j + m;
    const i2 = i1 + m;
    const i3 = i2 + m;
    const a0r = xr[j];
    const a0i = xi[j];
    const a1r = xr[i1];
    const a1i = xi[i1];
    const a2r = xr[i2];
    const a2i = xi[i2];
    const a3r = xr[i3];
    const a3i = xi[i3];
    const t0r = a0r + a2r;
    const t0i = a0i + a2i;
    const t1r = a0r - a2r;
    const t1i = a0i - a2i;
    const t2r = a1r + a3r;
    const t2i = a1i + a3i;
    const t3r = a1r - a3r;
    const t3i = a1i - a3i;
    const b1r = t1r + t3i;
    const b1i = t1i - t3r;
    const b2r = t0r - t2r;
    const b2i = t0i - t2i;
    const b3r = t1r - t3i;
    const b3i = t1i + t3r;
    const w1r = twr[t];
    const w1i = twi[t];
    const w2r = twr[t + 1];
    const w2i = twi[t + 1];
    const w3r = twr[t + 2];
    const w3i = twi[t + 2];
    yr[o] = t0r + t2r;
    yi[o] = t0i + t2i;
    yr[o + 1] = b1r * w1r - b1i * w1i;
    yi[o + 1] = b1r * w1i + b1i * w1r;
    yr[o + 2] = b2r * w2r - b2i * w2i;
    yi[o + 2] = b2r * w2i + b2i * w2r;
    yr[o + 3] = b3r * w3r - b3i * w3i;
    yi[o + 3] = b3r * w3i + b3i * w3r;
  }
}

/** {@link radix4First} reading the real parts from `x` and the imaginary parts from `y`. */
function radix4First32(
  x: Float32Array,
  ox: number,
  y: Float32Array,
  oy: number,
  yr: Float64Array,
  yi: Float64Array,
  m: number,
  twr: Float64Array,
  twi: Float64Array,
): void {
  for (let j = 0, t = 0, o = 0; j < m; j++, t += 3, o += 4) {
    const i1 = j + m;
    const i2 = i1 + m;
    const i3 = i2 + m;
    const a0r = x[ox + j];
    const a0i = y[oy + j];
    const a1r = x[ox + i1];
    const a1i = y[oy + i1];
    const a2r = x[ox + i2];
    const a2i = y[oy + i2];
    const a3r = x[ox + i3];
    const a3i = y[oy + i3];
    const t0r = a0r + a2r;
    const t0i = a0i + a2i;
    const t1r = a0r - a2r;
    const t1i = a0i - a2i;
    const t2r = a1r + a3r;
    const t2i = a1i + a3i;
    const t3r = a1r - a3r;
    const t3i = a1i - a3i;
    const b1r = t1r + t3i;
    const b1i = t1i - t3r;
    const b2r = t0r - t2r;
    const b2i = t0i - t2i;
    const b3r = t1r - t3i;
    const b3i = t1i + t3r;
    const w1r = twr[t];
    const w1i = twi[t];
    const w2r = twr[t + 1];
    const w2i = twi[t + 1];
    const w3r = twr[t + 2];
    const w3i = twi[t + 2];
    yr[o] = t0r + t2r;
    yi[o] = t0i + t2i;
    yr[o + 1] = b1r * w1r - b1i * w1i;
    yi[o + 1] = b1r * w1i + b1i * w1r;
    yr[o + 2] = b2r * w2r - b2i * w2i;
    yi[o + 2] = b2r * w2i + b2i * w2r;
    yr[o + 3] = b3r * w3r - b3i * w3i;
    yi[o + 3] = b3r * w3i + b3i * w3r;
  }
}

const C3 = -0.5;
const S3 = Math.sqrt(3) / 2;

function radix3(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  s: number,
  m: number,
  twr: Float64Array,
  twi: Float64Array,
): void {
  const sm = s * m;
  const s2 = 2 * s;
  for (let j = 0; j < m; j++) {
    const t = 2 * j;
    const w1r = twr[t];
    const w1i = twi[t];
    const w2r = twr[t + 1];
    const w2i = twi[t + 1];
    const x0 = s * j;
    const y0 = 3 * s * j;
    for (let q = 0; q < s; q++) {
      const i0 = x0 + q;
      const i1 = i0 + sm;
      const i2 = i1 + sm;
      const a0r = xr[i0];
      const a0i = xi[i0];
      const a1r = xr[i1];
      const a1i = xi[i1];
      const a2r = xr[i2];
      const a2i = xi[i2];
      const t1r = a1r + a2r;
      const t1i = a1i + a2i;
      const mr = a0r + C3 * t1r;
      const mi = a0i + C3 * t1i;
      // -i S3 (a1 - a2)
      const nr = S3 * (a1i - a2i);
      const ni = -S3 * (a1r - a2r);
      const b1r = mr + nr;
      const b1i = mi + ni;
      const b2r = mr - nr;
      const b2i = mi - ni;
      const o = y0 + q;
      yr[o] = a0r + t1r;
      yi[o] = a0i + t1i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + s2] = b2r * w2r - b2i * w2i;
      yi[o + s2] = b2r * w2i + b2i * w2r;
    }
  }
}

const C51 = Math.cos((2 * Math.PI) / 5);
const C52 = Math.cos((4 * Math.PI) / 5);
const S51 = Math.sin((2 * Math.PI) / 5);
const S52 = Math.sin((4 * Math.PI) / 5);

function radix5(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  s: number,
  m: number,
  twr: Float64Array,
  twi: Float64Array,
): void {
  const sm = s * m;
  const s2 = 2 * s;
  const s3 = 3 * s;
  const s4 = 4 * s;
  for (let j = 0; j < m; j++) {
    const t = 4 * j;
    const w1r = twr[t];
    const w1i = twi[t];
    const w2r = twr[t + 1];
    const w2i = twi[t + 1];
    const w3r = twr[t + 2];
    const w3i = twi[t + 2];
    const w4r = twr[t + 3];
    const w4i = twi[t + 3];
    const x0 = s * j;
    const y0 = 5 * s * j;
    for (let q = 0; q < s; q++) {
      const i0 = x0 + q;
      const i1 = i0 + sm;
      const i2 = i1 + sm;
      const i3 = i2 + sm;
      const i4 = i3 + sm;
      const a0r = xr[i0];
      const a0i = xi[i0];
      const a1r = xr[i1];
      const a1i = xi[i1];
      const a2r = xr[i2];
      const a2i = xi[i2];
      const a3r = xr[i3];
      const a3i = xi[i3];
      const a4r = xr[i4];
      const a4i = xi[i4];
      const t1r = a1r + a4r;
      const t1i = a1i + a4i;
      const t2r = a2r + a3r;
      const t2i = a2i + a3i;
      const t3r = a1r - a4r;
      const t3i = a1i - a4i;
      const t4r = a2r - a3r;
      const t4i = a2i - a3i;
      const m1r = a0r + C51 * t1r + C52 * t2r;
      const m1i = a0i + C51 * t1i + C52 * t2i;
      const m2r = a0r + C52 * t1r + C51 * t2r;
      const m2i = a0i + C52 * t1i + C51 * t2i;
      // -i (S51 t3 + S52 t4) and -i (S52 t3 - S51 t4)
      const n1r = S51 * t3i + S52 * t4i;
      const n1i = -(S51 * t3r + S52 * t4r);
      const n2r = S52 * t3i - S51 * t4i;
      const n2i = -(S52 * t3r - S51 * t4r);
      const b1r = m1r + n1r;
      const b1i = m1i + n1i;
      const b4r = m1r - n1r;
      const b4i = m1i - n1i;
      const b2r = m2r + n2r;
      const b2i = m2i + n2i;
      const b3r = m2r - n2r;
      const b3i = m2i - n2i;
      const o = y0 + q;
      yr[o] = a0r + t1r + t2r;
      yi[o] = a0i + t1i + t2i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + s2] = b2r * w2r - b2i * w2i;
      yi[o + s2] = b2r * w2i + b2i * w2r;
      yr[o + s3] = b3r * w3r - b3i * w3i;
      yi[o + s3] = b3r * w3i + b3i * w3r;
      yr[o + s4] = b4r * w4r - b4i * w4i;
      yi[o + s4] = b4r * w4i + b4i * w4r;
    }
  }
}

/** {@link radix5} for m = 1 (all twiddles 1). */
function radix5Last(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  s: number,
): void {
  const s2 = 2 * s;
  const s3 = 3 * s;
  const s4 = 4 * s;
  for (let q = 0; q < s; q++) {
    const a0r = xr[q];
    const a0i = xi[q];
    const a1r = xr[q + s];
    const a1i = xi[q + s];
    const a2r = xr[q + s2];
    const a2i = xi[q + s2];
    const a3r = xr[q + s3];
    const a3i = xi[q + s3];
    const a4r = xr[q + s4];
    const a4i = xi[q + s4];
    const t1r = a1r + a4r;
    const t1i = a1i + a4i;
    const t2r = a2r + a3r;
    const t2i = a2i + a3i;
    const t3r = a1r - a4r;
    const t3i = a1i - a4i;
    const t4r = a2r - a3r;
    const t4i = a2i - a3i;
    const m1r = a0r + C51 * t1r + C52 * t2r;
    const m1i = a0i + C51 * t1i + C52 * t2i;
    const m2r = a0r + C52 * t1r + C51 * t2r;
    const m2i = a0i + C52 * t1i + C51 * t2i;
    const n1r = S51 * t3i + S52 * t4i;
    const n1i = -(S51 * t3r + S52 * t4r);
    const n2r = S52 * t3i - S51 * t4i;
    const n2i = -(S52 * t3r - S51 * t4r);
    yr[q] = a0r + t1r + t2r;
    yi[q] = a0i + t1i + t2i;
    yr[q + s] = m1r + n1r;
    yi[q + s] = m1i + n1i;
    yr[q + s2] = m2r + n2r;
    yi[q + s2] = m2i + n2i;
    yr[q + s3] = m2r - n2r;
    yi[q + s3] = m2i - n2i;
    yr[q + s4] = m1r - n1r;
    yi[q + s4] = m1i - n1i;
  }
}

/**
 * {@link radix5Last} of a swapped-role inverse, written interleaved to Float32 with a scale:
 * the stage's imaginary outputs are the real parts. Returns the sum of squares written.
 */
function radix5LastTo32(
  xr: Float64Array,
  xi: Float64Array,
  o: Float32Array,
  oo: number,
  s: number,
  scale: number,
): number {
  let sum = 0;
  const s2 = 2 * s;
  const s3 = 3 * s;
  const s4 = 4 * s;
  for (let q = 0; q < s; q++) {
    const a0r = xr[q];
    const a0i = xi[q];
    const a1r = xr[q + s];
    const a1i = xi[q + s];
    const a2r = xr[q + s2];
    const a2i = xi[q + s2];
    const a3r = xr[q + s3];
    const a3i = xi[q + s3];
    const a4r = xr[q + s4];
    const a4i = xi[q + s4];
    const t1r = a1r + a4r;
    const t1i = a1i + a4i;
    const t2r = a2r + a3r;
    const t2i = a2i + a3i;
    const t3r = a1r - a4r;
    const t3i = a1i - a4i;
    const t4r = a2r - a3r;
    const t4i = a2i - a3i;
    const m1r = a0r + C51 * t1r + C52 * t2r;
    const m1i = a0i + C51 * t1i + C52 * t2i;
    const m2r = a0r + C52 * t1r + C51 * t2r;
    const m2i = a0i + C52 * t1i + C51 * t2i;
    const n1r = S51 * t3i + S52 * t4i;
    const n1i = -(S51 * t3r + S52 * t4r);
    const n2r = S52 * t3i - S51 * t4i;
    const n2i = -(S52 * t3r - S51 * t4r);
    // Output t = q + u s: real part (imaginary role) at 2t, imaginary part at 2t + 1.
    let p = oo + 2 * q;
    let re = (a0i + t1i + t2i) * scale;
    let im = (a0r + t1r + t2r) * scale;
    o[p] = re;
    o[p + 1] = im;
    sum += re * re + im * im;
    p += s2;
    re = (m1i + n1i) * scale;
    im = (m1r + n1r) * scale;
    o[p] = re;
    o[p + 1] = im;
    sum += re * re + im * im;
    p += s2;
    re = (m2i + n2i) * scale;
    im = (m2r + n2r) * scale;
    o[p] = re;
    o[p + 1] = im;
    sum += re * re + im * im;
    p += s2;
    re = (m2i - n2i) * scale;
    im = (m2r - n2r) * scale;
    o[p] = re;
    o[p + 1] = im;
    sum += re * re + im * im;
    p += s2;
    re = (m1i - n1i) * scale;
    im = (m1r - n1r) * scale;
    o[p] = re;
    o[p + 1] = im;
    sum += re * re + im * im;
  }
  return sum;
}

/** A direct butterfly for a prime p > 5 (O(p^2) per group). */
function radixP(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  s: number,
  m: number,
  twr: Float64Array,
  twi: Float64Array,
  p: number,
  cr: Float64Array,
  ci: Float64Array,
  ar: Float64Array,
  ai: Float64Array,
): void {
  const sm = s * m;
  for (let j = 0; j < m; j++) {
    const x0 = s * j;
    const y0 = p * s * j;
    const tw = (p - 1) * j;
    for (let q = 0; q < s; q++) {
      for (let t = 0; t < p; t++) {
        ar[t] = xr[x0 + q + t * sm];
        ai[t] = xi[x0 + q + t * sm];
      }
      for (let u = 0; u < p; u++) {
        let br = 0;
        let bi = 0;
        let k = 0;
        for (let t = 0; t < p; t++) {
          const c = cr[k];
          const d = ci[k];
          br += ar[t] * c - ai[t] * d;
          bi += ar[t] * d + ai[t] * c;
          k += u;
          if (k >= p) k -= p;
        }
        const o = y0 + q + u * s;
        if (u === 0) {
          yr[o] = br;
          yi[o] = bi;
        } else {
          const wr = twr[tw + u - 1];
          const wi = twi[tw + u - 1];
          yr[o] = br * wr - bi * wi;
          yi[o] = br * wi + bi * wr;
        }
      }
    }
  }
}

/** Bluestein's chirp-z transform of size n through a smooth convolution of size m >= 2n - 1. */
class Bluestein {
  readonly n: number;
  private readonly m: number;
  private readonly inner: MixedRadix;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  private readonly kernRe: Float64Array;
  private readonly kernIm: Float64Array;
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;

  constructor(n: number) {
    this.n = n;
    const m = smoothSize(2 * n - 1);
    this.m = m;
    this.inner = new MixedRadix(m);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    // k^2 mod 2n keeps the chirp's angle exact for large k.
    for (let k = 0; k < n; k++) {
      const k2 = (k * k) % (2 * n);
      const angle = (Math.PI * k2) / n;
      this.chirpRe[k] = Math.cos(angle);
      this.chirpIm[k] = -Math.sin(angle);
    }
    this.kernRe = new Float64Array(m);
    this.kernIm = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      this.kernRe[k] = this.chirpRe[k];
      this.kernIm[k] = -this.chirpIm[k];
      if (k > 0) {
        this.kernRe[m - k] = this.chirpRe[k];
        this.kernIm[m - k] = -this.chirpIm[k];
      }
    }
    this.inner.run(this.kernRe, this.kernIm);
    this.workRe = this.inner.ioRe;
    this.workIm = this.inner.ioIm;
  }

  run(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    const m = this.m;
    const ar = this.workRe;
    const ai = this.workIm;
    const cr = this.chirpRe;
    const ci = this.chirpIm;
    for (let k = 0; k < n; k++) {
      ar[k] = re[k] * cr[k] - im[k] * ci[k];
      ai[k] = re[k] * ci[k] + im[k] * cr[k];
    }
    ar.fill(0, n);
    ai.fill(0, n);
    this.inner.run(ar, ai);
    const br = this.kernRe;
    const bi = this.kernIm;
    // Multiply by the kernel's transform and conjugate, so the next forward pass is an inverse.
    for (let k = 0; k < m; k++) {
      const xr = ar[k] * br[k] - ai[k] * bi[k];
      const xi = ar[k] * bi[k] + ai[k] * br[k];
      ar[k] = xr;
      ai[k] = -xi;
    }
    this.inner.run(ar, ai);
    const s = 1 / m;
    for (let k = 0; k < n; k++) {
      const xr = ar[k] * s;
      const xi = -ai[k] * s;
      re[k] = xr * cr[k] - xi * ci[k];
      im[k] = xr * ci[k] + xi * cr[k];
    }
  }
}

class Plan implements FFTPlan {
  readonly n: number;
  private readonly core: MixedRadix | Bluestein | null;

  constructor(n: number) {
    this.n = n;
    this.core = n === 1 ? null : isSmooth(n) ? new MixedRadix(n) : new Bluestein(n);
  }

  forward(re: Float64Array, im: Float64Array): void {
    if (this.core instanceof MixedRadix) this.core.runAny(re, im);
    else if (this.core !== null) this.core.run(re, im);
  }

  inverse(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    // The inverse DFT is the forward one with real and imaginary parts swapped on both sides.
    if (this.core instanceof MixedRadix) this.core.runAny(im, re);
    else if (this.core !== null) this.core.run(im, re);
    const s = 1 / n;
    for (let k = 0; k < n; k++) {
      re[k] *= s;
      im[k] *= s;
    }
  }
}

/**
 * Create an FFT plan for size n (any positive integer). Reuse the plan: its tables are
 * computed once.
 *
 * @param n - transform size.
 * @returns the plan; `forward`/`inverse` transform `Float64Array(n)` pairs in place.
 * @example
 * ```ts
 * const plan = createFFT(3);
 * const re = Float64Array.of(1, 0, 0), im = new Float64Array(3);
 * plan.forward(re, im); // re = [1, 1, 1], im = [0, 0, 0]
 * ```
 */
export function createFFT(n: number): FFTPlan {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`createFFT: n expected a positive integer, got ${n}`);
  return new Plan(n);
}

/**
 * Circular convolution of real vectors of length d: `o[k] = sum_j x[j] y[(k - j) mod d]`.
 * The two inputs travel as one complex signal x + i y through a forward FFT of size M (M = d
 * when d is smooth, else a smooth M >= 2d - 1 for the zero-padded linear convolution, wrapped
 * around afterwards); the product spectrum is Hermitian, so its inverse is a real FFT, done as
 * a complex FFT of half the size (M even) on the even and odd samples packed as re and im.
 * @internal
 */
export class RealConvolution {
  readonly d: number;
  private readonly M: number;
  private readonly full: MixedRadix;
  private readonly half: MixedRadix | null;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly cr: Float64Array;
  private readonly ci: Float64Array;
  private readonly hr: Float64Array;
  private readonly hi: Float64Array;
  /** cos and sin of 2 pi k / M for k < M / 2. */
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;
  /** The WebAssembly memory of the plans (null without SIMD) and its Float32 inputs. */
  private readonly arena: Arena | null;
  private readonly x32: Float32Array;
  private readonly y32: Float32Array;
  /**
   * The whole convolution in one call to the native kernels (Node, an even M with radices 2,
   * 4 and 5 only): both plans' radices and their tables, built on first use; null when the
   * size does not qualify.
   */
  private nativePlan: { rad: Int32Array; nf: number; tab: Float64Array } | null | undefined;

  constructor(d: number) {
    this.d = d;
    const M = d === 1 ? 1 : isSmooth(d) ? d : smoothSize(2 * d - 1, true);
    this.M = M;
    const h = M >>> 1;
    const even = (M & 1) === 0;
    // One WebAssembly memory for both plans, the twiddles W^k and the Float32 inputs.
    const arena =
      M >= SIMD_MIN_N
        ? Arena.create(
            planBytes(M) + (even ? planBytes(h) + 2 * Arena.f64Bytes(h) : 0) + 8 * d + 32,
          )
        : null;
    this.arena = arena;
    this.full = new MixedRadix(M, arena);
    this.half = even ? new MixedRadix(h, arena) : null;
    // The spectra live in the plans' WebAssembly memories (when they have them).
    this.zr = this.full.ioRe;
    this.zi = this.full.ioIm;
    // Product spectrum for the complex inverse (odd M only).
    this.cr = new Float64Array(this.half === null ? M : 0);
    this.ci = new Float64Array(this.half === null ? M : 0);
    this.hr = this.half === null ? new Float64Array(h) : this.half.ioRe;
    this.hi = this.half === null ? new Float64Array(h) : this.half.ioIm;
    this.wr = arena !== null && even ? arena.f64(h) : new Float64Array(h);
    this.wi = arena !== null && even ? arena.f64(h) : new Float64Array(h);
    this.x32 = arena === null ? new Float32Array(0) : arena.f32(d);
    this.y32 = arena === null ? new Float32Array(0) : arena.f32(d);
    for (let k = 0; k < h; k++) {
      this.wr[k] = Math.cos((2 * Math.PI * k) / M);
      this.wi[k] = Math.sin((2 * Math.PI * k) / M);
    }
  }

  /**
   * The radices and tables of the native kernel (native/fft_kernels.inc), or null where it
   * does not apply: M = d even, at least {@link SIMD_MIN_N}, radices 2, 4 and 5 only.
   */
  private planNative(nat: VsaNative): { rad: Int32Array; nf: number; tab: Float64Array } | null {
    let plan: { rad: Int32Array; nf: number; tab: Float64Array } | null = null;
    const half = this.half;
    if (
      half !== null &&
      typeof nat.vsaConvolve === 'function' &&
      this.M === this.d &&
      this.M >= SIMD_MIN_N
    ) {
      const rf = this.full.radices();
      const rh = half.radices();
      if ([...rf, ...rh].every((p) => p === 2 || p === 4 || p === 5)) {
        // A first stage of radix 4 takes its twiddles u-major: [(u - 1) m + j] = w^(j u).
        const uMajor = (rs: number[], tw: Float64Array[]): Float64Array[] => {
          if (rs[0] !== 4) return tw;
          const first = tw.slice(0, 2).map((t) => {
            const m = t.length / 3;
            const o = new Float64Array(t.length);
            for (let j = 0; j < m; j++) for (let u = 0; u < 3; u++) o[u * m + j] = t[3 * j + u];
            return o;
          });
          return [...first, ...tw.slice(2)];
        };
        const parts = [
          Float64Array.of(C51, C52, S51, S52),
          this.wr,
          this.wi,
          ...uMajor(rf, this.full.twiddles()),
          ...uMajor(rh, half.twiddles()),
        ];
        const tab = new Float64Array(parts.reduce((t, a) => t + a.length, 0));
        let at = 0;
        for (const a of parts) {
          tab.set(a, at);
          at += a.length;
        }
        plan = { rad: Int32Array.from([...rf, ...rh]), nf: rf.length, tab };
      }
    }
    this.nativePlan = plan;
    return plan;
  }

  /**
   * `n` convolutions of rows in one native call, split between threads where the native
   * kernel applies: row r of `x` from `r * sx`, of `y` from `r * sy` (strides 0 or d), into
   * `o` from `r * d`; the same results as {@link convolve} on each row. Returns whether every
   * output is finite (as `convolve`), or null, with nothing written, where the native kernel
   * does not apply (the caller then convolves row by row). `o` must not share memory with `x`
   * or `y`.
   */
  convolveRows(
    x: Float32Array,
    y: Float32Array,
    o: Float32Array,
    n: number,
    sx: number,
    sy: number,
  ): boolean | null {
    const nat = vsaNative();
    if (nat === null) return null;
    const plan = this.nativePlan === undefined ? this.planNative(nat) : this.nativePlan;
    if (plan === null) return null;
    return nat.vsaConvolve(plan.rad, plan.nf, plan.tab, x, 0, y, 0, o, 0, n, sx, sy);
  }

  /**
   * `o[oo + k]` = circular convolution of `x[ox..ox+d)` and `y[oy..oy+d)`, k < d. Returns
   * true when every output is certainly finite in Float32 (the sum of their squares stays
   * below the square of the Float32 maximum, or, where the last stage writes the Float32
   * output itself, as the WebAssembly radix-5 one and the native kernel do, each output is
   * finite); false means "check the output".
   */
  convolve(
    x: Float32Array,
    ox: number,
    y: Float32Array,
    oy: number,
    o: Float32Array,
    oo: number,
  ): boolean {
    const d = this.d;
    const M = this.M;
    const nat = vsaNative();
    if (nat !== null) {
      const plan = this.nativePlan === undefined ? this.planNative(nat) : this.nativePlan;
      const ok =
        plan === null ? null : nat.vsaConvolve(plan.rad, plan.nf, plan.tab, x, ox, y, oy, o, oo);
      if (ok !== null) return ok;
    }
    const zr = this.zr;
    const zi = this.zi;
    const w = this.arena !== null && !vsaScalarForced() ? this.arena.simd : null;
    if (w !== null) {
      // Float32 inputs copied in and widened exactly; the transform then runs in place.
      this.x32.set(x.subarray(ox, ox + d));
      this.y32.set(y.subarray(oy, oy + d));
      w.f32to64(this.x32.byteOffset, zr.byteOffset, d);
      w.f32to64(this.y32.byteOffset, zi.byteOffset, d);
      if (M > d) {
        zr.fill(0, d, M);
        zi.fill(0, d, M);
      }
      this.full.run(zr, zi);
    } else if (M === d) this.full.runFrom32(x, ox, y, oy, zr, zi);
    else {
      for (let k = 0; k < d; k++) {
        zr[k] = x[ox + k];
        zi[k] = y[oy + k];
      }
      zr.fill(0, d, M);
      zi.fill(0, d, M);
      this.full.run(zr, zi);
    }
    // X_k = (Z_k + conj Z_-k) / 2, Y_k = (Z_k - conj Z_-k) / 2i, C_k = X_k Y_k; the 1/4 and
    // the inverse transform's 1/M are applied at the end.
    const half = this.half;
    if (half === null) {
      // Odd M: a complex inverse transform (swap re and im for the inverse), real part kept.
      const cr = this.cr;
      const ci = this.ci;
      for (let k = 0; k < M; k++) {
        const r = k === 0 ? 0 : M - k;
        const ar = zr[k];
        const ai = zi[k];
        const br = zr[r];
        const bi = zi[r];
        const xr = ar + br;
        const xi = ai - bi;
        const yr = ai + bi;
        const yi = br - ar;
        cr[k] = xr * yr - xi * yi;
        ci[k] = xr * yi + xi * yr;
      }
      this.full.run(ci, cr);
      const s = 0.25 / M;
      let q = 0;
      for (let k = 0; k < d; k++) {
        const v = (M > d && k < d - 1 ? cr[k] + cr[k + d] : cr[k]) * s;
        o[oo + k] = v;
        q += v * v;
      }
      return q <= FLOAT32_MAX_SQUARED;
    }
    // Real inverse: with c = IDFT(C) real, E = DFT of the even samples and O of the odd ones
    // (size h), C_k = E_k + W^k O_k and C_(k+h) = E_k - W^k O_k, W = exp(-2 pi i / M). So
    // E_k = (C_k + C_(k+h)) / 2, O_k = (C_k - C_(k+h)) W^-k / 2, and the inverse of E + i O
    // holds the even samples in its real part, the odd ones in its imaginary part. C_k and
    // C_(k+h) need Z at k, -k, k + h and -(k + h) = h - k.
    const h = M >>> 1;
    const hr = this.hr;
    const hi = this.hi;
    const wr = this.wr;
    const wi = this.wi;
    if (w !== null)
      w.post(
        zr.byteOffset,
        zi.byteOffset,
        hr.byteOffset,
        hi.byteOffset,
        wr.byteOffset,
        wi.byteOffset,
        M,
      );
    else
      for (let k = 0; k < h; k++) {
        const r = k === 0 ? 0 : M - k;
        let ar = zr[k];
        let ai = zi[k];
        let br = zr[r];
        let bi = zi[r];
        let xr = ar + br;
        let xi = ai - bi;
        let yr = ai + bi;
        let yi = br - ar;
        const c0r = xr * yr - xi * yi;
        const c0i = xr * yi + xi * yr;
        ar = zr[k + h];
        ai = zi[k + h];
        br = zr[h - k];
        bi = zi[h - k];
        xr = ar + br;
        xi = ai - bi;
        yr = ai + bi;
        yi = br - ar;
        const c1r = xr * yr - xi * yi;
        const c1i = xr * yi + xi * yr;
        const dr = c0r - c1r;
        const di = c0i - c1i;
        // O = (dr + i di)(wr + i wi); E + i O.
        const w0 = wr[k];
        const w1 = wi[k];
        hr[k] = c0r + c1r - (dr * w1 + di * w0);
        hi[k] = c0i + c1i + (dr * w0 - di * w1);
      }
    // 1/4 (spectra), 1/2 (E and O), 1/h (inverse transform).
    const s = 0.125 / h;
    if (M === d) return half.inverseTo32(hr, hi, o, oo, s) <= FLOAT32_MAX_SQUARED;
    // Zero-padded: the linear convolution's samples lin_j (j even in hr[j / 2], odd in
    // hi[(j - 1) / 2]), wrapped around: c_k = lin_k + lin_(k+d).
    half.run(hi, hr);
    let q = 0;
    for (let k = 0; k < d - 1; k++) {
      const j = k + d;
      const a = (k & 1) === 0 ? hr[k >>> 1] : hi[k >>> 1];
      const b = (j & 1) === 0 ? hr[j >>> 1] : hi[j >>> 1];
      const v = (a + b) * s;
      o[oo + k] = v;
      q += v * v;
    }
    const j = d - 1;
    const v = ((j & 1) === 0 ? hr[j >>> 1] : hi[j >>> 1]) * s;
    o[oo + j] = v;
    q += v * v;
    return q <= FLOAT32_MAX_SQUARED;
  }
}
