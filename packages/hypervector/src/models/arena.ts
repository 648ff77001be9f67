import { checkInteger, checkKeys, fail } from '../errors.js';
import type { HVArray, VSAModel } from '../types.js';
import { overlaps } from '../kernels/sharing.js';
import { arenaInstance, type ArenaKernels } from '../wasm/vsa.js';

// Vector arenas: hypervectors kept in a WebAssembly memory of fixed size, so that the
// element-wise operations on them call the WebAssembly kernels on byte offsets, without the
// copies in and out that other arrays need (MAP-B products still take the native kernel
// where it is loaded: it is faster). The memory never grows, so every view handed out stays
// valid for the arena's lifetime.

const PAGE = 65536;
/** Largest arena: 2 GiB (32,768 pages), within every engine's WebAssembly memory limit. */
const MAX_BYTES = 32768 * PAGE;
/** Each vector or batch starts on a 64-byte boundary (a cache line). */
const ALIGN = 64;

/**
 * Where an array handed out by an accelerated arena lies: its kernels and its byte range. It
 * is attached to the array itself (a symbol-keyed, non-enumerable property), because reading
 * `buffer`, `byteOffset` and `byteLength` costs tens of nanoseconds each in V8, as much as a
 * whole kernel call on a small vector, and an array from elsewhere is told apart by one
 * property miss. Subarrays (rows of a batch) carry no slot and take the ordinary paths.
 */
/** @internal */
export interface Slot {
  readonly k: ArenaKernels;
  readonly at: number;
  readonly end: number;
}
/** The property that holds an arena array's {@link Slot}. @internal */
export const SLOT: unique symbol = Symbol('hyperposition.arenaSlot');
/** A typed array that may carry a {@link Slot}. @internal */
export type Slotted = HVArray & { readonly [SLOT]?: Slot };

/** Where `x` lies in an accelerated arena, when an arena handed it out. */
function slotOf(x: HVArray): Slot | undefined {
  return (x as Slotted)[SLOT];
}

/** Whether two ranges overlap without being the same range (in-place use is safe). */
function partlyOverlap(p: Slot, q: Slot): boolean {
  if (p.at === q.at && p.end === q.end) return false;
  return p.at < q.end && q.at < p.end;
}

type Ctor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => HVArray;
const CTORS: Record<VSAModel['arrayType'], Ctor> = {
  Int8Array,
  Int32Array,
  Float32Array,
  Uint32Array,
  Uint16Array,
};

/** Options of {@link createArena}. */
export interface ArenaOptions {
  /** Capacity in bytes (an integer from 1 to 2^31). */
  bytes: number;
}

/**
 * A region of memory that hands out hypervectors (ordinary typed arrays of a model's type)
 * which every operation accepts like any other. Where all the arrays of an operation live in
 * the same arena, `bind`/`unbind` of BSC (XOR) and MAP-B (byte products, where the native
 * kernels are not loaded) and `permute` of every model (bit rotations for BSC) run WebAssembly
 * kernels on them in place: one call of a few tens of nanoseconds plus the work, instead of copies or a
 * native call. Results are the same as on other arrays, bit for bit. Only the arrays that
 * `alloc` and `from` return take these paths: a row of an arena batch (`model.row`, or any
 * `subarray`) is an ordinary array to the operations. There is no `free`: the memory comes
 * back when neither the arena nor any array it handed out is referenced.
 */
export interface VectorArena {
  /** Capacity in bytes. */
  readonly capacity: number;
  /** Bytes up to the end of the last allocation (each allocation starts on a 64-byte boundary). */
  readonly used: number;
  /**
   * Whether WebAssembly kernels serve the arena (false where the engine has no WebAssembly
   * SIMD: the arrays are then plain typed arrays, and operations take their usual paths).
   */
  readonly accelerated: boolean;
  /**
   * `n` zeroed vectors of `model` (`n * model.length` elements of its array type), in the
   * arena.
   * @throws TypeError for a non-model; RangeError for a bad `n` or when the arena is full.
   */
  alloc<V extends HVArray>(model: VSAModel<V>, n?: number): V;
  /**
   * A copy of the vectors `x` (a batch of `model`) in the arena.
   * @throws as `model.count(x)` and {@link VectorArena.alloc}.
   */
  from<V extends HVArray>(model: VSAModel<V>, x: V): V;
  /** Whether `x` lies in this arena's memory. */
  holds(x: ArrayBufferView): boolean;
}

class Arena implements VectorArena {
  readonly capacity: number;
  readonly accelerated: boolean;
  private readonly buffer: ArrayBuffer;
  private readonly kernels: ArenaKernels | null;
  private top = 0;

  constructor(bytes: number) {
    this.capacity = bytes;
    const k = arenaInstance(Math.ceil(bytes / PAGE));
    if (k === 'refused') {
      fail(
        'createArena',
        'options.bytes',
        'a size this engine can reserve as WebAssembly memory (it refused to grow one to it)',
        bytes,
      );
    }
    this.kernels = k;
    this.accelerated = k !== null;
    if (k !== null) {
      this.buffer = k.memory.buffer as ArrayBuffer;
    } else {
      try {
        this.buffer = new ArrayBuffer(bytes);
      } catch {
        fail('createArena', 'options.bytes', 'a size this engine can allocate', bytes);
      }
    }
  }

  get used(): number {
    return this.top;
  }

  alloc<V extends HVArray>(model: VSAModel<V>, n = 1): V {
    const fn = 'VectorArena.alloc';
    checkModel(fn, model);
    checkInteger(fn, 'n', n, 1);
    return this.take(model, n, fn, 'n', n);
  }

  /** `n` vectors of `model` from the next 64-byte boundary; the error names `fn` and `arg`. */
  private take<V extends HVArray>(
    model: VSAModel<V>,
    n: number,
    fn: string,
    arg: string,
    got: unknown,
  ): V {
    const ctor = CTORS[model.arrayType];
    const elements = n * model.length;
    const size =
      model.length * (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const bytes = n * size;
    const at = Math.ceil(this.top / ALIGN) * ALIGN;
    if (at + bytes > this.capacity) {
      const free = Math.max(0, this.capacity - at);
      fail(
        fn,
        arg,
        `at most ${Math.floor(free / size)} ${model.name} vectors of ${size} bytes (${free} of the arena's ${this.capacity} bytes are free from the next 64-byte boundary)`,
        got,
      );
    }
    this.top = at + bytes;
    // The memory is zero where nothing was handed out yet.
    const x = new ctor(this.buffer, at, elements) as V;
    if (this.kernels !== null) {
      const slot: Slot = { k: this.kernels, at, end: at + bytes };
      Object.defineProperty(x, SLOT, { value: slot });
    }
    return x;
  }

  from<V extends HVArray>(model: VSAModel<V>, x: V): V {
    const fn = 'VectorArena.from';
    checkModel(fn, model);
    const n = model.count(x, fn, 'x');
    const o = this.take(model, n, fn, 'x', `${n} vectors`);
    (o as unknown as { set(a: ArrayLike<number>): void }).set(x);
    return o;
  }

  holds(x: ArrayBufferView): boolean {
    return x !== null && typeof x === 'object' && x.buffer === this.buffer;
  }
}

function checkModel(fn: string, model: unknown): void {
  const m = model as VSAModel;
  if (
    typeof m !== 'object' ||
    m === null ||
    typeof m.count !== 'function' ||
    !Number.isSafeInteger(m.length) ||
    !(m.arrayType in CTORS)
  ) {
    fail(fn, 'model', 'a VSA model (from createModel or a model factory)', model, 'type');
  }
}

/**
 * A vector arena of `options.bytes` bytes: hypervectors allocated in it live in a WebAssembly
 * memory of that size (it never grows), so operations whose arrays all live in one arena run
 * their WebAssembly kernels on them in place (see {@link VectorArena}). Memory is handed out
 * in order and comes back when the arena is no longer referenced; make one arena per working
 * set (a codebook and its scratch vectors, say).
 *
 * @param options - `{ bytes }`: capacity, an integer from 1 to 2^31.
 * @returns the arena.
 * @throws TypeError when `options` is not an object; RangeError for a bad `bytes`.
 * @example
 * ```ts
 * const bsc = BSC({ dim: 10_000 });
 * const arena = createArena({ bytes: 1 << 20 });
 * const [a, b] = [arena.from(bsc, bsc.random(1, { rng: createRng(1) })), arena.alloc(bsc)];
 * const out = arena.alloc(bsc);
 * bsc.bind(a, b, out); // XOR in WebAssembly, in place; b is all zeros, so out equals a
 * arena.used; // 3,812 bytes: vectors of 1,252 bytes at offsets 0, 1,280 and 2,560
 * ```
 */
export function createArena(options: ArenaOptions): VectorArena {
  if (typeof options !== 'object' || options === null)
    fail('createArena', 'options', '{ bytes }', options, 'type');
  checkKeys('createArena', 'options', options, ['bytes']);
  checkInteger('createArena', 'options.bytes', options.bytes, 1, MAX_BYTES);
  return new Arena(options.bytes);
}

/**
 * The arena kernel `kernel` (`k[kernel](pa, pb, po, bytes)`) over `total` elements of `size`
 * bytes where `a` (`la` elements), `b` (`lb`) and `o` were all handed out by one accelerated
 * arena and `o` does not partly overlap `a` or `b` (each of `a`, `b` is `total` elements or one
 * row broadcast over the other's rows, as the models' binary operations allow); or, there,
 * `direct(a, b, o)` instead when given (a native kernel that is faster still, spared the
 * overlap checks on the arrays' properties; the arena kernel where it returns false). False,
 * with nothing done, otherwise.
 * @internal
 */
export function arenaBinary<T extends HVArray>(
  a: T,
  la: number,
  b: T,
  lb: number,
  o: T,
  total: number,
  size: number,
  kernel: 'mulI8' | 'xorU32',
  direct?: (a: T, b: T, o: T) => boolean,
): boolean {
  const so = slotOf(o);
  if (so === undefined) return false;
  const sa = slotOf(a);
  const sb = slotOf(b);
  if (sa === undefined || sb === undefined) return false;
  const k = binaryKernels(sa, sb, so);
  if (k === undefined) return false;
  if (direct !== undefined && direct(a, b, o)) return true;
  if (la === total && lb === total) {
    k[kernel](sa.at, sb.at, so.at, total * size);
    return true;
  }
  const row = Math.min(la, lb) * size;
  for (let off = 0; off < total * size; off += row)
    k[kernel](
      la === total ? sa.at + off : sa.at,
      lb === total ? sb.at + off : sb.at,
      so.at + off,
      row,
    );
  return true;
}

/**
 * The slots of `a` and `o` where an arena handed out both, they share its kernels and do not
 * overlap at all (a permutation reads its input while it writes); else undefined.
 */
function disjointPair(a: HVArray, o: HVArray): [Slot, Slot] | undefined {
  const so = slotOf(o);
  if (so === undefined) return undefined;
  const sa = slotOf(a);
  return sa === undefined || disjointKernels(sa, so) === undefined ? undefined : [sa, so];
}

/**
 * The kernels of the arena that handed out the binary operation's three arrays (slots `sa`,
 * `sb`, `so`), where the output does not partly overlap an input (in place is safe);
 * else undefined. It reads only the slots (objects of one shape), so
 * the models' own fast paths can read their arrays' slots themselves, where V8 sees one array
 * type at each property read. @internal
 */
export function binaryKernels(sa: Slot, sb: Slot, so: Slot): ArenaKernels | undefined {
  if (sa.k !== so.k || sb.k !== so.k) return undefined;
  if (partlyOverlap(so, sa) || partlyOverlap(so, sb)) return undefined;
  return so.k;
}

/**
 * The kernels of the arena that handed out both arrays of a permutation (slots `sa`, `so`),
 * where they do not overlap at all (it reads its input while it writes); else undefined.
 * @internal
 */
export function disjointKernels(sa: Slot, so: Slot): ArenaKernels | undefined {
  if (sa.k !== so.k || (sa.at < so.end && so.at < sa.end)) return undefined;
  return so.k;
}

/**
 * Rotate each of the `n` rows of `a` (`row` bytes each) right by `sh` bytes into `o`, where
 * both live in one accelerated arena and do not overlap; false, with nothing done, otherwise.
 * @internal
 */
export function arenaRotate(a: HVArray, o: HVArray, n: number, row: number, sh: number): boolean {
  const pair = disjointPair(a, o);
  if (pair === undefined) return false;
  pair[1].k.rotate(pair[0].at, pair[1].at, row, sh, n);
  return true;
}

/**
 * Rotate each of the `n` packed rows of `a` (`d` bits in ceil(d / 32) words) by `s` bits in
 * [0, d) into `o` (output bit (j + s) mod d = input bit j; padding bits ignored and written as
 * 0), where both live in one accelerated arena and do not overlap; false, with nothing done,
 * otherwise.
 * @internal
 */
export function arenaRotateBits(a: HVArray, o: HVArray, n: number, d: number, s: number): boolean {
  const pair = disjointPair(a, o);
  if (pair === undefined) return false;
  pair[1].k.rotateBits(pair[0].at, pair[1].at, d, s, n);
  return true;
}

/**
 * Whether `o` and `a` start at the same byte of the same memory (the permutations' check that
 * the output is not the input), from the arrays' slots when an arena handed out both (no
 * property reads), else from their properties.
 * @internal
 */
export function sameStart(o: HVArray, a: HVArray): boolean {
  const so = slotOf(o);
  const sa = slotOf(a);
  if (so !== undefined && sa !== undefined) return so.k === sa.k && so.at === sa.at;
  return o.buffer === a.buffer && o.byteOffset === a.byteOffset;
}

/**
 * Whether `o` shares memory with `x` without being the same view (a partial overlap), from
 * the arrays' slots when an arena handed out both (no property reads), else from their
 * properties. @internal
 */
export function overlapPartly(o: HVArray, x: HVArray): boolean {
  const so = slotOf(o);
  const sx = slotOf(x);
  if (so !== undefined && sx !== undefined) return so.k === sx.k && partlyOverlap(so, sx);
  return overlaps(o, x, true);
}

/**
 * Whether `o` shares any memory with `x`, from the arrays' slots when an arena handed out both,
 * else from their properties. @internal
 */
export function shareMemory(o: HVArray, x: HVArray): boolean {
  const so = slotOf(o);
  const sx = slotOf(x);
  if (so !== undefined && sx !== undefined)
    return so.k === sx.k && so.at < sx.end && sx.at < so.end;
  return overlaps(o, x, false);
}
