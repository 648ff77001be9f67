import { checkFinite, checkInteger, checkKeys, fail } from '../errors.js';
import type {
  BundleNormalization,
  BundleOptions,
  ModelName,
  RandomOptions,
  VSAModel,
} from '../types.js';
import { packSigns } from '../kernels/bits.js';
import { drawSignsAt, setXoshiroWords, xoshiroWords } from '../random/rng.js';
import { arenaBinary, binaryKernels, disjointKernels, SLOT, type Slotted } from './arena.js';
import { hammingPacked } from '../kernels/hammingPacked.js';
import { sumRowsInt8Exact } from '../kernels/sum.js';
import { multiplyFloat32, multiplyInt32, multiplyInt8 } from '../kernels/product.js';
import { BaseModel, nativeShiftRow } from './base.js';
import { wasmSignOfSumInt8 } from '../wasm/vsa.js';
import { MAX_DIM, NATIVE_MIN, NATIVE_MIN_BUNDLE } from './base.js';
import { NORMALIZE, vsaNative, weightsF64 } from '../native/vsa.js';

/** Work (q · n · d) above which MAP-B similarity packs signs and counts bits. */
const PACK_THRESHOLD = 1 << 24;

/** The three MAP variants: bipolar with sign bundling, integer sums, real values with clipping. */
export type MAPVariant = 'B' | 'I' | 'C';

/** Options of {@link MAP}. */
export interface MAPOptions<T extends MAPVariant = MAPVariant> {
  /** Dimension d (an integer from 1 to 2^26 = 67,108,864). */
  dim: number;
  /** `'B'` (Int8Array, sign bundle), `'I'` (Int32Array, integer sum; default) or `'C'` (Float32Array, clipped sum). */
  variant?: T;
}

/** The array type of each MAP variant. */
export interface MAPArrays {
  B: Int8Array;
  I: Int32Array;
  C: Float32Array;
}

type MAPArray = Int8Array | Int32Array | Float32Array;

class MAPModel<V extends MAPArray> extends BaseModel<V> {
  readonly name: ModelName;
  readonly variant: MAPVariant;
  protected readonly normalizations: readonly BundleNormalization[];
  private packedQ = new Uint32Array(0);
  private packedC = new Uint32Array(0);
  private sums = new Int32Array(0);
  private ties = new Int32Array(0);
  private readonly words = new Int32Array(4);

  /** Scratch for up to d tied positions. */
  private tieList(d: number): Int32Array {
    if (this.ties.length < d) this.ties = new Int32Array(d);
    return this.ties;
  }

  constructor(dim: number, variant: MAPVariant) {
    const ctor = variant === 'B' ? Int8Array : variant === 'I' ? Int32Array : Float32Array;
    const def: BundleNormalization = variant === 'B' ? 'sign' : variant === 'I' ? 'none' : 'clip';
    super(dim, dim, dim, 1, ctor as unknown as { new (n: number): V; readonly name: string }, def);
    this.name = `MAP-${variant}` as ModelName;
    this.variant = variant;
    this.normalizations =
      variant === 'B' ? ['sign'] : variant === 'I' ? ['none', 'sign'] : ['clip', 'none'];
  }

  random(n: number, options: RandomOptions): V {
    const rng = this.randomArgs(n, options);
    const out = this.alloc(n);
    if (this.variant === 'C') {
      for (let i = 0; i < out.length; i++) out[i] = 2 * rng.nextFloat() - 1;
    } else {
      let bits = 0;
      for (let i = 0; i < out.length; i++) {
        if ((i & 31) === 0) bits = rng.nextUint32();
        out[i] = ((bits >>> (i & 31)) & 1) === 1 ? 1 : -1;
      }
    }
    return out;
  }

  identity(): V {
    return this.alloc(1).fill(1) as V;
  }

  bind(a: V, b: V, out?: V): V {
    if (out !== undefined && this.variant === 'B' && this.multiplyOne(a, b, out)) return out;
    return this.multiply(`${this.name}.bind`, a, b, 'a', 'b', out);
  }

  unbind(bound: V, a: V, out?: V): V {
    if (out !== undefined && this.variant === 'B' && this.multiplyOne(bound, a, out)) return out;
    return this.multiply(`${this.name}.unbind`, bound, a, 'bound', 'a', out);
  }

  override permute(a: V, k: number, out?: V): V {
    if (out !== undefined && this.variant === 'B' && this.rotateOne(a, k, out)) return out;
    return super.permute(a, k, out);
  }

  // MAP-B's fast paths of one vector into a given output, as BSC's (bsc.ts says why): the
  // general path's kernel after its checks, with the arrays' properties read here, where V8
  // sees only Int8Arrays. False, with nothing done, for anything else.

  /** `o = a * b` for one vector each: the native product, or the arena's. */
  private multiplyOne(a: V, b: V, o: V): boolean {
    const L = this.length;
    if (!(a instanceof Int8Array && b instanceof Int8Array && o instanceof Int8Array)) return false;
    if (a.length !== L || b.length !== L || o.length !== L) return false;
    const nat = L >= NATIVE_MIN ? vsaNative() : null;
    const so = (o as Slotted)[SLOT];
    if (so !== undefined) {
      const sa = (a as Slotted)[SLOT];
      const sb = (b as Slotted)[SLOT];
      if (sa === undefined || sb === undefined) return false;
      const k = binaryKernels(sa, sb, so);
      if (k === undefined) return false;
      if (nat === null || !nat.vsaMulI8(a, b, o)) k.mulI8(sa.at, sb.at, so.at, L);
      return true;
    }
    // False from the native product where o partly overlaps a or b.
    return nat !== null && nat.vsaMulI8(a, b, o);
  }

  /** `o = permute(a, k)` for one vector: the arena's rotation, or the native one. */
  private rotateOne(a: V, k: number, o: V): boolean {
    const L = this.length;
    if (!(a instanceof Int8Array && o instanceof Int8Array) || a.length !== L) return false;
    if (o.length !== L || typeof k !== 'number' || !Number.isSafeInteger(k)) return false;
    const s = ((k % L) + L) % L;
    const so = (o as Slotted)[SLOT];
    if (so !== undefined) {
      const sa = (a as Slotted)[SLOT];
      if (sa === undefined) return false;
      const kernels = disjointKernels(sa, so);
      if (kernels === undefined) return false;
      kernels.rotate(sa.at, so.at, L, s, 1);
      return true;
    }
    // False from the native rotation where a and o share memory.
    const nat = nativeShiftRow(L) ? vsaNative() : null;
    return nat !== null && nat.vsaShift(a, o, L, s);
  }

  private multiply(fn: string, a: V, b: V, argA: string, argB: string, out?: V): V {
    const n = this.pair(fn, a, b, argA, argB);
    const o = this.output(fn, out, n, a, argA, b, argB);
    const total = n * this.length;
    const la = a.length;
    const lb = b.length;
    // One monomorphic kernel per element type (a shared loop over three array kinds is slow),
    // natively where loaded: in place, no copies, the same results. `output` has refused an
    // output that partly overlaps an operand; a native kernel still refuses one whose memory it
    // sees shared another way (two SharedArrayBuffer objects; false, or null for MAP-C), and
    // the loop runs.
    const nat = total >= NATIVE_MIN ? vsaNative() : null;
    if (this.variant === 'B') {
      // Arrays in one vector arena: the native kernel as well where it is loaded, else the
      // WebAssembly kernel on them in place.
      const direct = nat?.vsaMulI8 as ((a: V, b: V, o: V) => boolean) | undefined;
      if (arenaBinary(a, la, b, lb, o, total, 1, 'mulI8', direct)) return o;
      if (nat === null || !nat.vsaMulI8(a as Int8Array, b as Int8Array, o as Int8Array))
        multiplyInt8(a as Int8Array, la, b as Int8Array, lb, o as Int8Array, total);
    } else if (this.variant === 'I') {
      if (nat === null || !nat.vsaMulI32(a as Int32Array, b as Int32Array, o as Int32Array))
        multiplyInt32(a as Int32Array, la, b as Int32Array, lb, o as Int32Array, total);
    } else {
      // MAP-C: the products' finiteness checked natively in the same pass.
      const finite =
        nat === null
          ? null
          : nat.vsaMulF32(a as Float32Array, b as Float32Array, o as Float32Array);
      if (finite === null)
        multiplyFloat32(a as Float32Array, la, b as Float32Array, lb, o as Float32Array, total);
      if (finite !== true)
        this.checkFiniteResult(fn, o, [
          [argA, a],
          [argB, b],
        ]);
    }
    return o;
  }

  inverse(a: V, out?: V): V {
    const fn = `${this.name}.inverse`;
    const n = this.count(a, fn, 'a');
    const o = this.output(fn, out, n, a);
    if (o !== a) o.set(a);
    return o;
  }

  bundle(rows: V, options?: BundleOptions<V>): V {
    const { n, normalize, weights, rng, out } = this.bundleArgs(rows, options);
    const fn = `${this.name}.bundle`;
    const d = this.dim;
    if (normalize === 'sign' && weights === undefined && rows instanceof Int8Array && n < 1 << 24) {
      // MAP-B: exact Int32 sums (four bytes per word), then a branch-free sign; only ties
      // (a zero sum) draw from the generator, in increasing position order. Natively and on
      // WebAssembly SIMD the sums and signs come with the list of tied positions.
      // The native kernel says -1, with nothing written, where out shares memory with the
      // rows (it writes each strip before reading the next; the loops below sum first).
      const nat = rows.length >= NATIVE_MIN_BUNDLE ? vsaNative() : null;
      if (nat !== null) {
        const ties = this.tieList(d);
        // The package's generator is advanced natively (the same draws); any other is called.
        if (xoshiroWords(rng, this.words)) {
          if (nat.vsaSignSumI8(rows as Int8Array, d, out as Int8Array, ties, this.words) >= 0) {
            setXoshiroWords(rng, this.words);
            return out;
          }
        } else {
          const count = nat.vsaSignSumI8(rows as Int8Array, d, out as Int8Array, ties);
          if (count >= 0) {
            drawSignsAt(rng, out, ties, count);
            return out;
          }
        }
      }
      const simd = wasmSignOfSumInt8(rows, n, d, out as Int8Array);
      if (simd !== null) {
        const ties = simd.slice();
        drawSignsAt(rng, out, ties, ties.length);
        return out;
      }
      if (this.sums.length < d) this.sums = new Int32Array(d);
      const sums = this.sums;
      sumRowsInt8Exact(rows, n, d, sums);
      let count = 0;
      const ties = this.tieList(d);
      for (let j = 0; j < d; j++) {
        const s = sums[j];
        const v = (s >> 31) | (-s >>> 31);
        out[j] = v;
        if (v === 0) ties[count++] = j;
      }
      drawSignsAt(rng, out, ties, count);
      return out;
    }
    const nat = rows.length >= NATIVE_MIN_BUNDLE ? vsaNative() : null;
    if (nat !== null && this.variant === 'C' && normalize !== 'sign') {
      // MAP-C: the Float64 sums and the Float32 outputs (clipped) in one native call, which
      // says whether an output is not finite; a clipped infinite sum is finite, so the sums
      // (left in the scratch) are scanned for it.
      const acc = this.f64(d);
      const bad = nat.vsaBundleF32(
        rows as Float32Array,
        d,
        weightsF64(weights),
        acc,
        out as Float32Array,
        NORMALIZE[normalize as 'clip' | 'none'],
      );
      if (bad !== 0) this.checkFiniteResult(fn, out, [['rows', rows]]);
      if (normalize === 'clip') finiteRowsOfClip(fn, acc, d, rows);
      return out;
    }
    const acc = this.sumRows(rows, n, weights);
    if (normalize === 'clip') finiteRowsOfClip(fn, acc, d, rows);
    if (normalize === 'sign') {
      // Zero sums are ties, broken as MAP-B's are (one draw per 32 positions with a tie).
      let count = 0;
      const ties = this.tieList(d);
      for (let j = 0; j < d; j++) {
        const s = acc[j];
        out[j] = s > 0 ? 1 : s < 0 ? -1 : 0;
        if (!(s > 0 || s < 0)) ties[count++] = j;
      }
      drawSignsAt(rng, out, ties, count);
    } else if (normalize === 'clip') {
      for (let j = 0; j < d; j++) {
        const s = acc[j];
        out[j] = s > 1 ? 1 : s < -1 ? -1 : s;
      }
    } else {
      if (this.variant === 'I') {
        for (let j = 0; j < d; j++) {
          const s = acc[j];
          if (!Number.isInteger(s) || Math.abs(s) > 2147483647) {
            // Unweighted sums of Int32 rows are integers: only their size can be wrong.
            if (weights === undefined)
              fail(
                fn,
                'rows',
                'values whose sums fit in Int32 (MAP-I "none"; "sign" has no limit)',
                `a sum of ${s} at index ${j}`,
              );
            fail(
              fn,
              'options.weights',
              'integers keeping the sum within Int32 (MAP-I "none")',
              `a sum of ${s}`,
            );
          }
        }
      }
      for (let j = 0; j < d; j++) out[j] = acc[j];
    }
    if (this.variant === 'C') this.checkFiniteResult(fn, out, [['rows', rows]]);
    return out;
  }

  similarity(query: V, codebook: V, out?: Float32Array): Float32Array {
    if (this.variant === 'B') {
      const args = this.simArgs(query, codebook, out);
      // Large bipolar batches: pack signs and count differing bits (cosine = 1 - 2 H / d),
      // unless a vector holds a 0 (e.g. `empty()`), which has no sign bit. Packing reads the
      // codebook once, so it pays off only when several queries share it.
      if (args.nq >= 8 && args.nq * args.n * this.dim >= PACK_THRESHOLD) {
        const words = (this.dim + 31) >>> 5;
        if (this.packedQ.length < args.nq * words) this.packedQ = new Uint32Array(args.nq * words);
        if (this.packedC.length < args.n * words) this.packedC = new Uint32Array(args.n * words);
        const pq = this.packedQ.subarray(0, args.nq * words);
        const pc = this.packedC.subarray(0, args.n * words);
        if (
          packSigns(query, args.nq, this.dim, pq, true) &&
          packSigns(codebook, args.n, this.dim, pc, true)
        ) {
          hammingPacked(pq, args.nq, pc, args.n, words, args.out, -2 / this.dim, 1);
          return args.out;
        }
      }
    }
    return this.cosineSimilarity(query, codebook, out);
  }
}

/**
 * MAP-C's clipped bundle: a sum that is not finite clips to +-1 without a trace, so where one
 * is, a non-finite entry of the rows is a RangeError naming it (as `bind` names one). An
 * infinite sum of finite rows (weights near the Float64 limit) clips as the sum's sign says.
 */
function finiteRowsOfClip(fn: string, acc: Float64Array, d: number, rows: ArrayLike<number>): void {
  for (let j = 0; j < d; j++) {
    const v = acc[j];
    if (v - v !== 0) {
      checkFinite(fn, 'rows', rows);
      return;
    }
  }
}

/**
 * Multiply-Add-Permute (Gayler 1998; variants as in Schlegel, Neubert and Protzel 2021 and
 * torchhd): bind and unbind are the element-wise product, bundling is the element-wise sum,
 * similarity is the cosine. Vectors are `Int8Array(d)` (B), `Int32Array(d)` (I) or
 * `Float32Array(d)` (C); batches are row-major `[n, d]`.
 *
 * - `'B'` bipolar atoms, bundle = sign of the sum, ties broken by a seeded coin
 *   (`options.rng`, default a fixed seed: one 32-bit draw per group of 32 positions with a
 *   tie, bit j & 31 for position j); normalisation `'sign'` only. Unbinding is exact.
 * - `'I'` bipolar atoms, bundle = integer sum (`'none'`, default) or `'sign'`. Binding
 *   distributes over the sum exactly; unbinding of bipolar vectors is exact. A sum outside
 *   Int32 is a RangeError naming `rows` (`options.weights` when weights are given).
 * - `'C'` atoms uniform on [-1, 1], bundle = sum clipped to [-1, 1] (`'clip'`, default) or
 *   `'none'`. Unbinding is approximate (x·x != 1): cosine about sqrt(5)/3 = 0.745 to the truth.
 *   `bind`, `unbind`, `bundle` (its clip included, which would otherwise turn an Infinity
 *   into 1) and `similarity` reject a NaN or an infinite entry with a RangeError naming the
 *   argument.
 *
 * `inverse(a)` returns a copy of `a` (exact for bipolar vectors). Identity: all ones.
 * Empty: all zeros (the neutral element of the sum).
 *
 * @param options - `{ dim, variant }`.
 * @returns the model.
 * @example
 * ```ts
 * const vsa = MAP({ dim: 10_000, variant: 'B' });
 * const [a, b] = [vsa.random(1, { rng: createRng(1) }), vsa.random(1, { rng: createRng(2) })];
 * const ab = vsa.bind(a, b);
 * vsa.similarity(vsa.unbind(ab, a), b)[0]; // returns 1
 * ```
 */
export function MAP<T extends MAPVariant = 'I'>(
  options: MAPOptions<T>,
): VSAModel<MAPArrays[T]> & { readonly variant: T } {
  if (typeof options !== 'object' || options === null)
    fail('MAP', 'options', '{ dim, variant }', options, 'type');
  checkKeys('MAP', 'options', options, ['dim', 'variant']);
  checkInteger('MAP', 'options.dim', options.dim, 1, MAX_DIM);
  const variant = options.variant ?? 'I';
  if (variant !== 'B' && variant !== 'I' && variant !== 'C')
    fail('MAP', 'options.variant', '"B", "I" or "C"', variant);
  return new MAPModel<MAPArrays[T]>(options.dim, variant) as unknown as VSAModel<MAPArrays[T]> & {
    readonly variant: T;
  };
}
