import { checkInteger, checkKeys, fail } from '../errors.js';
import { hammingPacked, withoutPadding } from '../kernels/hammingPacked.js';
import { rotateBits } from '../kernels/bits.js';
import { majorityPacked } from '../kernels/majority.js';
import { drawBitsAt, type Rng, setXoshiroWords, xoshiroWords } from '../random/rng.js';
import {
  arenaBinary,
  arenaRotateBits,
  binaryKernels,
  disjointKernels,
  SLOT,
  type Slotted,
} from './arena.js';
import type {
  BundleNormalization,
  BundleOptions,
  ModelName,
  RandomOptions,
  VSAModel,
} from '../types.js';
import {
  BaseModel,
  MAX_DIM,
  NATIVE_MIN_BUNDLE,
  NATIVE_MIN_MAJORITY,
  NATIVE_MIN_WORDS,
} from './base.js';
import { type VsaNative, vsaNative, weightsF64 } from '../native/vsa.js';
import { wasmMajority } from '../wasm/vsa.js';

/** Options of {@link BSC}. */
export interface BSCOptions {
  /** Dimension d in bits (an integer from 1 to 2^26 = 67,108,864; need not be a multiple of 32). */
  dim: number;
}

class BSCModel extends BaseModel<Uint32Array> {
  readonly name: ModelName = 'BSC';
  protected readonly normalizations: readonly BundleNormalization[] = ['majority'];
  /** Mask of the valid bits of the last word. */
  private readonly lastMask: number;
  /** Tied bits of a native majority, word by word. */
  private tieWords = new Uint32Array(0);
  private readonly words = new Int32Array(4);

  constructor(dim: number) {
    super(dim, Math.ceil(dim / 32), dim, 1, Uint32Array, 'majority');
    const r = dim & 31;
    this.lastMask = r === 0 ? 0xffffffff : (1 << r) - 1;
  }

  random(n: number, options: RandomOptions): Uint32Array {
    const rng = this.randomArgs(n, options);
    const out = this.alloc(n);
    const L = this.length;
    for (let i = 0; i < out.length; i++) out[i] = rng.nextUint32();
    for (let r = 0; r < n; r++) out[r * L + L - 1] &= this.lastMask;
    return out;
  }

  identity(): Uint32Array {
    return this.alloc(1);
  }

  bind(a: Uint32Array, b: Uint32Array, out?: Uint32Array): Uint32Array {
    if (out !== undefined && this.xorOne(a, b, out)) return out;
    return this.xor('BSC.bind', a, b, 'a', 'b', out);
  }

  unbind(bound: Uint32Array, a: Uint32Array, out?: Uint32Array): Uint32Array {
    if (out !== undefined && this.xorOne(bound, a, out)) return out;
    return this.xor('BSC.unbind', bound, a, 'bound', 'a', out);
  }

  override permute(a: Uint32Array, k: number, out?: Uint32Array): Uint32Array {
    if (out !== undefined && this.rotateOne(a, k, out)) return out;
    return super.permute(a, k, out);
  }

  // The fast paths of one vector into a given output. They run the general path's kernel
  // after its checks, but read the arrays' properties here, where V8 sees only this model's
  // Uint32Arrays: the shared checks see every model's arrays, and in a process that uses
  // several models their reads turn megamorphic, which about doubles the cost of a call on
  // one vector. False, with nothing done, for anything they do not cover (batches, an output
  // that partly overlaps an operand, bad arguments), which the general path then handles (or
  // refuses: a partial overlap is a RangeError there).

  /**
   * `o = a XOR b` for one vector each: the native XOR's fast API call where this Node has it
   * (from optimised code it costs less than the WebAssembly call, arena or not), else the
   * arena's XOR, or the native Node-API one.
   */
  private xorOne(a: Uint32Array, b: Uint32Array, o: Uint32Array): boolean {
    const L = this.length;
    if (!(a instanceof Uint32Array && b instanceof Uint32Array && o instanceof Uint32Array))
      return false;
    if (a.length !== L || b.length !== L || o.length !== L) return false;
    // The fast call says false for what it does not cover (an output that partly overlaps an
    // operand); the native Node-API XOR says false where o partly overlaps a or b.
    const nat = L >= NATIVE_MIN_WORDS ? vsaNative() : null;
    const fast = nat === null ? undefined : nat.vsaFastXorU32;
    if (fast !== undefined && fast(a, b, o)) return true;
    const so = (o as Slotted)[SLOT];
    if (so !== undefined) {
      const sa = (a as Slotted)[SLOT];
      const sb = (b as Slotted)[SLOT];
      if (sa === undefined || sb === undefined) return false;
      const k = binaryKernels(sa, sb, so);
      if (k === undefined) return false;
      k.xorU32(sa.at, sb.at, so.at, 4 * L);
      return true;
    }
    return nat !== null && nat.vsaXorU32(a, b, o);
  }

  /**
   * `o = permute(a, k)` for one vector: the native rotation's fast API call where this Node
   * has it, else the arena's bit rotation, or the native Node-API one.
   */
  private rotateOne(a: Uint32Array, k: number, o: Uint32Array): boolean {
    const L = this.length;
    if (!(a instanceof Uint32Array && o instanceof Uint32Array) || a.length !== L) return false;
    if (o.length !== L || typeof k !== 'number' || !Number.isSafeInteger(k)) return false;
    const d = this.dim;
    const s = ((k % d) + d) % d;
    // False from the fast call and from the Node-API one where a and o share memory.
    const nat = L >= NATIVE_MIN_WORDS ? vsaNative() : null;
    const fast = nat === null ? undefined : nat.vsaFastRotateBits;
    if (fast !== undefined && fast(a, d, s, o)) return true;
    const so = (o as Slotted)[SLOT];
    if (so !== undefined) {
      const sa = (a as Slotted)[SLOT];
      if (sa === undefined) return false;
      const kernels = disjointKernels(sa, so);
      if (kernels === undefined) return false;
      kernels.rotateBits(sa.at, so.at, d, s, 1);
      return true;
    }
    return nat !== null && nat.vsaRotateBits(a, d, s, o);
  }

  private xor(
    fn: string,
    a: Uint32Array,
    b: Uint32Array,
    argA: string,
    argB: string,
    out?: Uint32Array,
  ): Uint32Array {
    const n = this.pair(fn, a, b, argA, argB);
    const o = this.output(fn, out, n, a, argA, b, argB);
    const total = n * this.length;
    const la = a.length;
    const lb = b.length;
    // Arrays in one vector arena: the WebAssembly XOR on them in place (a call costs less
    // than a native one); else the native kernel (false where o partly overlaps a or b), or
    // the loops.
    if (arenaBinary(a, la, b, lb, o, total, 4, 'xorU32')) return o;
    const nat = total >= NATIVE_MIN_WORDS ? vsaNative() : null;
    if (nat !== null && nat.vsaXorU32(a, b, o)) return o;
    if (la === total && lb === total) {
      for (let i = 0; i < total; i++) o[i] = a[i] ^ b[i];
    } else {
      for (let i = 0; i < total; i++) o[i] = a[i % la] ^ b[i % lb];
    }
    return o;
  }

  inverse(a: Uint32Array, out?: Uint32Array): Uint32Array {
    const n = this.count(a, 'BSC.inverse', 'a');
    const o = this.output('BSC.inverse', out, n, a);
    if (o !== a) o.set(a);
    return o;
  }

  bundle(rows: Uint32Array, options?: BundleOptions<Uint32Array>): Uint32Array {
    const { n, weights, rng, out } = this.bundleArgs(rows, options);
    const d = this.dim;
    const L = this.length;
    const nat =
      rows.length >= (weights === undefined ? NATIVE_MIN_MAJORITY : NATIVE_MIN_BUNDLE / 32)
        ? vsaNative()
        : null;
    if (weights === undefined && nat !== null && this.majorityNative(nat, rows, out, rng)) {
      // Done natively.
    } else if (weights === undefined) {
      if (this.tieWords.length < L) this.tieWords = new Uint32Array(L);
      const tied = this.tieWords;
      // The counters on WebAssembly SIMD (copied in, so not where out may share memory with
      // the rows), the ties broken here with the same draws; else the loops below.
      if (wasmMajority(rows, n, L, this.lastMask, out, tied)) {
        drawBitsAt(rng, out, tied, L);
      } else {
        // Bit-sliced counters: 32 positions per word operation; one draw per word with a tie.
        majorityPacked(rows, n, L, this.lastMask, out, () => rng.nextUint32());
      }
    } else {
      const acc = this.f64(d);
      if (nat !== null) {
        nat.vsaSumBits(rows, d, weightsF64(weights), acc);
      } else {
        acc.fill(0, 0, d);
        for (let r = 0; r < n; r++) {
          const off = r * L;
          const w = weights[r];
          for (let j = 0; j < d; j++)
            acc[j] += ((rows[off + (j >>> 5)] >>> (j & 31)) & 1) === 1 ? w : -w;
        }
      }
      // Positive sums set their bit; zero sums are ties, broken as the unweighted bundle
      // breaks them (one draw per word with a tie).
      for (let w = 0; w < L; w++) {
        let bits = 0;
        let ties = 0;
        const end = Math.min(32, d - 32 * w);
        for (let b = 0; b < end; b++) {
          const s = acc[32 * w + b];
          if (s > 0) bits |= 1 << b;
          else if (!(s < 0)) ties |= 1 << b;
        }
        if (ties !== 0) bits |= ties & rng.nextUint32();
        out[w] = bits >>> 0;
      }
    }
    return out;
  }

  /**
   * The native bit-sliced counters: the majority bits, and the tied bits for the generator,
   * one draw per word with a tie, as majorityPacked draws them. False, with nothing written and
   * no draw, where out shares memory with the rows (the native kernel says so: it writes blocks
   * of words before reading later columns, where the loops go one word at a time).
   */
  private majorityNative(nat: VsaNative, rows: Uint32Array, out: Uint32Array, rng: Rng): boolean {
    const L = this.length;
    if (this.tieWords.length < L) this.tieWords = new Uint32Array(L);
    const tied = this.tieWords;
    // The package's generator is advanced natively (the same draws); any other is called.
    if (xoshiroWords(rng, this.words)) {
      if (nat.vsaMajority(rows, L, this.lastMask, out, tied, this.words) === null) return false;
      setXoshiroWords(rng, this.words);
      return true;
    }
    const tiedAny = nat.vsaMajority(rows, L, this.lastMask, out, tied);
    if (tiedAny === null) return false;
    if (tiedAny) drawBitsAt(rng, out, tied, L);
    return true;
  }

  protected override shift(a: Uint32Array, n: number, k: number, o: Uint32Array): void {
    const d = this.dim;
    const s = ((k % d) + d) % d;
    if (arenaRotateBits(a, o, n, d, s)) return;
    // The native rotation: false, with nothing written, where a and o share memory.
    const nat = n * this.length >= NATIVE_MIN_WORDS ? vsaNative() : null;
    if (nat !== null && nat.vsaRotateBits(a, d, s, o)) return;
    for (let r = 0; r < n; r++) rotateBits(a, r * this.length, d, s, o);
  }

  protected override gather(a: Uint32Array, n: number, index: Uint32Array, o: Uint32Array): void {
    const L = this.length;
    const d = this.dim;
    for (let r = 0; r < n; r++) {
      const off = r * L;
      for (let w = 0; w < L; w++) o[off + w] = 0;
      for (let i = 0; i < d; i++) {
        const src = index[i];
        if (((a[off + (src >>> 5)] >>> (src & 31)) & 1) === 1) o[off + (i >>> 5)] |= 1 << (i & 31);
      }
    }
  }

  similarity(query: Uint32Array, codebook: Uint32Array, out?: Float32Array): Float32Array {
    const args = this.simArgs(query, codebook, out);
    const L = this.length;
    const d = this.dim;
    const q = withoutPadding(query, args.nq, L, d);
    const c = withoutPadding(codebook, args.n, L, d);
    hammingPacked(q, args.nq, c, args.n, L, args.out, -1 / d, 1);
    return args.out;
  }
}

/**
 * Binary Spatter Codes (Kanerva 1996): atoms are Bernoulli(1/2) bits packed 32 per word in a
 * `Uint32Array(ceil(d / 32))` (bit j in word j >>> 5 at position j & 31). The padding bits
 * above d in the last word are not part of the vector: `random`, `bundle` and the permutations
 * write them as zero, `bind`, `unbind` and `inverse` pass them on word by word, and
 * `similarity` ignores them (it counts the d bits only, so a vector whose padding bits are
 * set, such as the bitwise NOT `~w >>> 0` of each word, still has similarity in [0, 1]: 0 with
 * its complement). Bind and unbind are XOR (exact, self-inverse); bundling is the
 * bitwise majority, ties of an even count broken by a seeded random bit per position (one
 * 32-bit draw per word that holds a tie; the same as adding a random tie-break vector);
 * similarity is 1 - Hamming/d, computed with popcount on packed words (random atoms: mean
 * 1/2, variance 1/(4d)). Identity: all zeros. Empty:
 * all zeros too (majority has no neutral element; this is a convention).
 *
 * @param options - `{ dim }`.
 * @returns the model; batches are `Uint32Array(n * ceil(d / 32))`.
 * @example
 * ```ts
 * const bsc = BSC({ dim: 10_000 });
 * const x = bsc.random(3, { rng: createRng(7) });
 * const m = bsc.bundle(x); // majority of 3
 * bsc.similarity(m, x); // each about 0.75
 * ```
 */
export function BSC(options: BSCOptions): VSAModel<Uint32Array> {
  if (typeof options !== 'object' || options === null)
    fail('BSC', 'options', '{ dim }', options, 'type');
  checkKeys('BSC', 'options', options, ['dim']);
  checkInteger('BSC', 'options.dim', options.dim, 1, MAX_DIM);
  return new BSCModel(options.dim);
}
