/**
 * An in-place complex FFT plan of any size n >= 1: iterative radix-2 (Cooley and Tukey 1965)
 * when n is a power of two, Bluestein's chirp-z algorithm (Bluestein 1970) otherwise, which
 * re-expresses a size-n DFT as a circular convolution of power-of-two size m >= 2n - 1.
 * Tables and work buffers are allocated once per plan; transforms allocate nothing.
 */
export interface FFTPlan {
  /** Transform size. */
  readonly n: number;
  /** In place: X_k = sum_j x_j exp(-2 pi i j k / n); `re`, `im`: Float64Array(n). */
  forward(re: Float64Array, im: Float64Array): void;
  /** In place: x_j = (1/n) sum_k X_k exp(+2 pi i j k / n); `re`, `im`: Float64Array(n). */
  inverse(re: Float64Array, im: Float64Array): void;
}

class Radix2 {
  readonly n: number;
  private readonly rev: Uint32Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(n: number) {
    this.n = n;
    const bits = Math.round(Math.log2(n));
    this.rev = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
      this.rev[i] = r >>> 0;
    }
    this.cos = new Float64Array(n >>> 1);
    this.sin = new Float64Array(n >>> 1);
    for (let k = 0; k < n >>> 1; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / n);
    }
  }

  /** Forward transform in place (sign -1 in the exponent). */
  run(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    const rev = this.rev;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        let t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    const cs = this.cos;
    const sn = this.sin;
    for (let size = 2; size <= n; size <<= 1) {
      const half = size >>> 1;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0, t = 0; k < half; k++, t += step) {
          const wr = cs[t];
          const wi = sn[t];
          const p = start + k;
          const q = p + half;
          const xr = re[q] * wr - im[q] * wi;
          const xi = re[q] * wi + im[q] * wr;
          re[q] = re[p] - xr;
          im[q] = im[p] - xi;
          re[p] += xr;
          im[p] += xi;
        }
      }
    }
  }
}

class Plan implements FFTPlan {
  readonly n: number;
  private readonly radix: Radix2 | null;
  private readonly m: number;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  private readonly kernRe: Float64Array;
  private readonly kernIm: Float64Array;
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;

  constructor(n: number) {
    this.n = n;
    const pow2 = (n & (n - 1)) === 0;
    if (pow2) {
      this.radix = n > 1 ? new Radix2(n) : null;
      this.m = n;
      this.chirpRe =
        this.chirpIm =
        this.kernRe =
        this.kernIm =
        this.workRe =
        this.workIm =
          new Float64Array(0);
      return;
    }
    let m = 1;
    while (m < 2 * n - 1) m <<= 1;
    this.m = m;
    this.radix = new Radix2(m);
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
    this.radix.run(this.kernRe, this.kernIm);
    this.workRe = new Float64Array(m);
    this.workIm = new Float64Array(m);
  }

  forward(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    if (n === 1) return;
    if (this.m === n) {
      (this.radix as Radix2).run(re, im);
      return;
    }
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
    const radix = this.radix as Radix2;
    radix.run(ar, ai);
    const br = this.kernRe;
    const bi = this.kernIm;
    // Multiply by the kernel's transform and conjugate, so the next forward pass is an inverse.
    for (let k = 0; k < m; k++) {
      const xr = ar[k] * br[k] - ai[k] * bi[k];
      const xi = ar[k] * bi[k] + ai[k] * br[k];
      ar[k] = xr;
      ai[k] = -xi;
    }
    radix.run(ar, ai);
    const s = 1 / m;
    for (let k = 0; k < n; k++) {
      const xr = ar[k] * s;
      const xi = -ai[k] * s;
      re[k] = xr * cr[k] - xi * ci[k];
      im[k] = xr * ci[k] + xi * cr[k];
    }
  }

  inverse(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    for (let k = 0; k < n; k++) im[k] = -im[k];
    this.forward(re, im);
    const s = 1 / n;
    for (let k = 0; k < n; k++) {
      re[k] *= s;
      im[k] = -im[k] * s;
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
