import { checkKeys, fail } from '../errors.js';
import { popcount32 } from '../kernels/popcount.js';
import type { Rng } from '../random/rng.js';
import type { HVArray, VSAModel } from '../types.js';
import { checkInteger, checkModel, checkNumber, checkRngArg, checkVector } from './check.js';

/** Options of {@link SparseDistributedMemory}. */
export interface SparseDistributedMemoryOptions {
  /** Number of hard locations M (positive integer). */
  locations: number;
  /** Activation radius in Hamming distance (bits); give this or `activation`. */
  radius?: number;
  /**
   * Target probability that a random address activates a given location (default 0.01 when
   * `radius` is absent): the radius becomes the smallest r with P(Binomial(d, 1/2) <= r) >= p.
   */
  activation?: number;
  /** Seeded generator for the hard-location addresses. */
  rng: Rng;
}

/** Result of {@link SparseDistributedMemory.read}. */
export interface SparseDistributedMemoryRead<V extends HVArray> {
  /** The read-out vector (the sign of the summed counters; ties read as +1 / bit 0). */
  vector: V;
  /** Number of hard locations inside the activation radius. */
  activated: number;
}

/**
 * Radius r such that a random d-bit address falls within Hamming distance r of a location
 * with probability at least p: the smallest r with P(Binomial(d, 1/2) <= r) >= p.
 * @internal
 */
export function radiusForActivation(d: number, p: number): number {
  // log C(d, k) - d log 2, accumulated term by term in log space.
  let logTerm = -d * Math.LN2;
  let cdf = Math.exp(logTerm);
  let r = 0;
  while (cdf < p && r < d) {
    logTerm += Math.log((d - r) / (r + 1));
    r++;
    cdf += Math.exp(logTerm);
  }
  return r;
}

/**
 * Kanerva's sparse distributed memory (Kanerva 1988, "Sparse Distributed Memory", MIT Press;
 * Kanerva 2009, Cognitive Computation 1:139-159) over binary or bipolar hypervectors:
 * M hard locations with random d-bit addresses and d counters each. Writing `data` at
 * `address` adds the bipolar form of `data` (+1 for bit 0 / +1, -1 for bit 1 / -1) to the
 * counters of every location within Hamming distance `radius` of `address`; reading sums
 * the counters of the activated locations and takes the sign. Auto-associative use writes
 * a pattern at its own address; reads from a noisy address then return the pattern while
 * the number of stored patterns stays well below capacity.
 *
 * Models: MAP-B and BSC, and MAP-I holding bipolar vectors; other models have no Hamming
 * address space and throw. Storage: addresses packed `Uint32Array[M, ceil(d/32)]`,
 * counters `Int32Array[M, d]`.
 *
 * @example
 * ```ts
 * const bsc = BSC({ dim: 256 });
 * const sdm = new SparseDistributedMemory(bsc, { locations: 2000, activation: 0.02, rng: createRng(1) });
 * const x = bsc.random(1, { rng: createRng(2) });
 * sdm.write(x);
 * bsc.similarity(sdm.read(x).vector, x)[0]; // returns 1
 * ```
 */
export class SparseDistributedMemory<V extends HVArray = HVArray> {
  /** The model of the addresses and data. */
  readonly model: VSAModel<V>;
  /** Number of hard locations M. */
  readonly locations: number;
  /** Activation radius in bits. */
  readonly radius: number;
  /** Number of writes so far. */
  writes = 0;
  private readonly words: number;
  private readonly addresses: Uint32Array;
  private readonly counters: Int32Array;
  private readonly active: Int32Array;

  /**
   * @param model - MAP-B, MAP-I (bipolar vectors) or BSC.
   * @param options - `{ locations, radius | activation, rng }`.
   */
  constructor(model: VSAModel<V>, options: SparseDistributedMemoryOptions) {
    const fn = 'SparseDistributedMemory';
    checkModel(fn, 'model', model);
    if (model.name !== 'MAP-B' && model.name !== 'MAP-I' && model.name !== 'BSC') {
      fail(
        fn,
        'model',
        'a binary or bipolar model (MAP-B, MAP-I or BSC) with a Hamming address space',
        model.name,
        'type',
      );
    }
    if (typeof options !== 'object' || options === null)
      fail(fn, 'options', '{ locations, radius, rng }', options, 'type');
    checkKeys(fn, 'options', options, ['locations', 'radius', 'activation', 'rng']);
    const d = model.dim;
    this.model = model;
    // The counters are one Int32Array [M, d]: at most 2^31 - 1 elements.
    const maxLocations = Math.floor((2 ** 31 - 1) / d);
    this.locations = checkInteger(fn, 'options.locations', options.locations, 1);
    if (this.locations > maxLocations)
      fail(
        fn,
        'options.locations',
        `at most ${maxLocations} locations (locations * dim = ${this.locations} * ${d} counters must be <= 2147483647, one Int32Array)`,
        this.locations,
      );
    const rng = checkRngArg(fn, 'options.rng', options.rng);
    if (options.radius !== undefined && options.activation !== undefined) {
      fail(fn, 'options', 'either radius or activation, not both', 'both');
    }
    this.radius =
      options.radius !== undefined
        ? checkInteger(fn, 'options.radius', options.radius, 0, d)
        : radiusForActivation(
            d,
            checkNumber(fn, 'options.activation', options.activation ?? 0.01, Number.MIN_VALUE, 1),
          );
    this.words = (d + 31) >>> 5;
    const M = this.locations;
    this.addresses = new Uint32Array(M * this.words);
    const r = d & 31;
    const lastMask = r === 0 ? 0xffffffff : (1 << r) - 1;
    for (let m = 0; m < M; m++) {
      for (let w = 0; w < this.words; w++) this.addresses[m * this.words + w] = rng.nextUint32();
      this.addresses[m * this.words + this.words - 1] &= lastMask;
    }
    this.counters = new Int32Array(M * d);
    this.active = new Int32Array(M);
  }

  /**
   * Write `data` at `address` (auto-associative when `data` is omitted).
   *
   * @param address - one vector `[model.length]`.
   * @param data - one vector `[model.length]` (default: `address`).
   * @returns the number of activated hard locations.
   */
  write(address: V, data: V = address): number {
    const fn = 'SparseDistributedMemory.write';
    const a = this.pack(fn, 'address', address);
    const x = this.pack(fn, 'data', data);
    const count = this.activate(a);
    const d = this.model.dim;
    for (let i = 0; i < count; i++) {
      const off = this.active[i] * d;
      for (let j = 0; j < d; j++)
        this.counters[off + j] += ((x[j >>> 5] >>> (j & 31)) & 1) === 1 ? -1 : 1;
    }
    this.writes++;
    return count;
  }

  /**
   * Read at `address`: the sign of the summed counters of the activated locations.
   *
   * @param address - one vector `[model.length]`.
   * @returns `{ vector, activated }`; with no activated location the vector is all +1 (bit 0).
   */
  read(address: V): SparseDistributedMemoryRead<V> {
    const fn = 'SparseDistributedMemory.read';
    const a = this.pack(fn, 'address', address);
    const count = this.activate(a);
    const d = this.model.dim;
    const sum = new Float64Array(d);
    for (let i = 0; i < count; i++) {
      const off = this.active[i] * d;
      for (let j = 0; j < d; j++) sum[j] += this.counters[off + j];
    }
    const out = this.model.alloc(1);
    if (this.model.name === 'BSC') {
      for (let j = 0; j < d; j++) if (sum[j] < 0) out[j >>> 5] |= 1 << (j & 31);
    } else {
      for (let j = 0; j < d; j++) out[j] = sum[j] < 0 ? -1 : 1;
    }
    return { vector: out, activated: count };
  }

  /**
   * Iterated auto-associative read: read at the address, then at the result, until the
   * result stops changing (Kanerva 1988, ch. 7: convergence to a stored pattern).
   *
   * @param address - one vector `[model.length]`.
   * @param maxIterations - iteration limit (default 10).
   * @returns `{ vector, activated, iterations, converged }`.
   */
  readIterative(
    address: V,
    maxIterations = 10,
  ): SparseDistributedMemoryRead<V> & { iterations: number; converged: boolean } {
    const fn = 'SparseDistributedMemory.readIterative';
    checkVector(fn, 'address', this.model, address);
    checkInteger(fn, 'maxIterations', maxIterations, 1);
    let current = address;
    let it = 0;
    while (true) {
      const r = this.read(current);
      it++;
      let same = true;
      for (let k = 0; k < current.length; k++) {
        if (r.vector[k] !== current[k]) {
          same = false;
          break;
        }
      }
      if (same || it === maxIterations) return { ...r, iterations: it, converged: same };
      current = r.vector;
    }
  }

  /** Fill `this.active` with the locations within the radius; returns their count. */
  private activate(a: Uint32Array): number {
    const W = this.words;
    const A = this.addresses;
    const r = this.radius;
    let count = 0;
    for (let m = 0; m < this.locations; m++) {
      const off = m * W;
      let h = 0;
      for (let w = 0; w < W && h <= r; w++) h += popcount32(A[off + w] ^ a[w]);
      if (h <= r) this.active[count++] = m;
    }
    return count;
  }

  /** The packed bits of a vector (bit 1 for BSC bit 1 or a negative MAP component). */
  private pack(fn: string, arg: string, v: V): Uint32Array {
    checkVector(fn, arg, this.model, v);
    if (this.model.name === 'BSC') {
      // Bits above d in the last word are padding: masked so they never count as distance.
      const r = this.model.dim & 31;
      const last = this.words - 1;
      if (r === 0 || (v[last] & ~((1 << r) - 1)) === 0) return v as Uint32Array;
      const bits = Uint32Array.from(v as Uint32Array);
      bits[last] &= (1 << r) - 1;
      return bits;
    }
    const d = this.model.dim;
    const bits = new Uint32Array(this.words);
    for (let j = 0; j < d; j++) {
      const x = v[j];
      if (x !== 1 && x !== -1)
        fail(fn, arg, `a bipolar vector (+1/-1 components)`, `${x} at index ${j}`);
      if (x < 0) bits[j >>> 5] |= 1 << (j & 31);
    }
    return bits;
  }
}
