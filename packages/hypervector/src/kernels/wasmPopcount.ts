import { mayShareMemory } from './sharing.js';

/**
 * A tiny WebAssembly module, assembled here byte by byte, that computes
 * `out[i * n + j] = a * popcount(q_i XOR c_j) + b` over 64-bit words with the hardware
 * popcount (`i64.popcnt`). Four queries share each codebook word; the caller blocks items so a
 * block of the codebook stays in cache. Plain JavaScript has no popcount instruction, so this
 * is several times faster than the SWAR fallback in `hamming.ts`.
 * @internal
 */

const I32 = 0x7f;
const I64 = 0x7e;
const F64 = 0x7c;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

// Opcodes (WebAssembly core specification 1.0, section 5.4).
const BLOCK = 0x02;
const LOOP = 0x03;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const I32_CONST = 0x41;
const I64_CONST = 0x42;
const I64_LOAD = 0x29;
const F32_STORE = 0x38;
const I32_GE_U = 0x4f;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_SHL = 0x74;
const I64_POPCNT = 0x7b;
const I64_ADD = 0x7c;
const I64_XOR = 0x85;
const F64_ADD = 0xa0;
const F64_MUL = 0xa2;
const F32_DEMOTE_F64 = 0xb6;
const F64_CONVERT_I64_U = 0xba;

const I32_LT_U = 0x49;

// Parameters: q (interleaved query blocks), nq (multiple of 4), c (codebook), j0, j1 (item
// range, j1 - j0 even), rowBytes, out, stride (floats per output row), a, b.
const Q = 0;
const NQ = 1;
const C = 2;
const J0 = 3;
const J1 = 4;
const ROW = 5;
const OUT = 6;
const STRIDE = 7;
const A = 8;
const B = 9;
// i32 locals.
const I = 10;
const J = 11;
const PQ = 12;
const PC0 = 13;
const PC1 = 14;
const LIMIT = 15;
const O = 16;
// i64 locals: eight accumulators (4 queries x 2 items), two item words, one query word.
const HS = [17, 18, 19, 20, 21, 22, 23, 24];
const X0 = 25;
const X1 = 26;
const Y = 27;

function body(): number[] {
  const code: number[] = [];
  const e = (...bytes: number[]): void => {
    code.push(...bytes);
  };
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, I, GET, NQ, I32_GE_U, BR_IF, 1);
  e(GET, J0, SET, J);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, J, GET, J1, I32_GE_U, BR_IF, 1);
  for (const h of HS) e(I64_CONST, 0, SET, h);
  // The block of queries i..i+3 starts at q + i * rowBytes (4 rows, interleaved word by word).
  e(GET, Q, GET, I, GET, ROW, I32_MUL, I32_ADD, SET, PQ);
  e(GET, C, GET, J, GET, ROW, I32_MUL, I32_ADD, TEE, PC0);
  e(GET, ROW, I32_ADD, TEE, PC1);
  e(SET, LIMIT);
  e(LOOP, VOID);
  e(GET, PC0, I64_LOAD, 3, 0, SET, X0);
  e(GET, PC1, I64_LOAD, 3, 0, SET, X1);
  for (let t = 0; t < 4; t++) {
    e(GET, PQ, I64_LOAD, 3, 8 * t, SET, Y);
    e(GET, HS[t], GET, Y, GET, X0, I64_XOR, I64_POPCNT, I64_ADD, SET, HS[t]);
    e(GET, HS[t + 4], GET, Y, GET, X1, I64_XOR, I64_POPCNT, I64_ADD, SET, HS[t + 4]);
  }
  e(GET, PQ, I32_CONST, 32, I32_ADD, SET, PQ);
  e(GET, PC1, I32_CONST, 8, I32_ADD, SET, PC1);
  e(GET, PC0, I32_CONST, 8, I32_ADD, TEE, PC0);
  e(GET, LIMIT, I32_LT_U, BR_IF, 0);
  e(END);
  // out[(i + t) * stride + j + u] = a * h + b.
  e(
    GET,
    OUT,
    GET,
    I,
    GET,
    STRIDE,
    I32_MUL,
    GET,
    J,
    I32_ADD,
    I32_CONST,
    2,
    I32_SHL,
    I32_ADD,
    SET,
    O,
  );
  for (let t = 0; t < 4; t++) {
    for (let u = 0; u < 2; u++) {
      e(
        GET,
        O,
        GET,
        A,
        GET,
        HS[t + 4 * u],
        F64_CONVERT_I64_U,
        F64_MUL,
        GET,
        B,
        F64_ADD,
        F32_DEMOTE_F64,
        F32_STORE,
        2,
        4 * u,
      );
    }
    if (t < 3) e(GET, O, GET, STRIDE, I32_CONST, 2, I32_SHL, I32_ADD, SET, O);
  }
  e(GET, J, I32_CONST, 2, I32_ADD, SET, J);
  e(BR, 0, END, END);
  e(GET, I, I32_CONST, 4, I32_ADD, SET, I);
  e(BR, 0, END, END);
  e(END);
  return code;
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const type = [1, 0x60, 10, I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, 0];
  const imports = [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1];
  const funcs = [1, 0];
  const exports = [1, ...name('hamming4x2'), 0x00, 0];
  const locals = [2, 7, I32, 11, I64];
  const fn = [...locals, ...body()];
  const code = [1, ...uleb(fn.length), ...fn];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, type),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

type Hamming4 = (
  q: number,
  nq: number,
  c: number,
  j0: number,
  j1: number,
  rowBytes: number,
  out: number,
  n: number,
  a: number,
  b: number,
) => void;

let state: { memory: WebAssembly.Memory; run: Hamming4 } | null | undefined;

function instance(): { memory: WebAssembly.Memory; run: Hamming4 } | null {
  if (state !== undefined) return state;
  try {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), {
      env: { memory },
    });
    state = { memory, run: inst.exports.hamming4x2 as unknown as Hamming4 };
  } catch {
    state = null;
  }
  return state;
}

/** Largest WebAssembly memory this kernel will grow to (bytes). */
const MAX_BYTES = 1 << 30;
/** Output floats per query chunk. */
const OUT_CHUNK = 1 << 22;

/**
 * Run the WebAssembly kernel; returns false (and does nothing) when WebAssembly is unavailable,
 * the codebook is too large for its memory, or `out` may share memory with `q` or `c` (the
 * operands are copied in, so the loops' order of reads and writes would not hold), so the
 * caller can fall back to JavaScript. Same contract as `hammingKernel`.
 * @internal
 */
export function hammingWasm(
  q: Uint32Array,
  nq: number,
  c: Uint32Array,
  n: number,
  words: number,
  out: Float32Array,
  a: number,
  b: number,
): boolean {
  if (mayShareMemory(out, q) || mayShareMemory(out, c)) return false;
  const wasm = instance();
  if (wasm === null) return false;
  const words64 = (words + 1) >>> 1;
  const rowBytes = words64 * 8;
  const nPad = n + (n & 1);
  const chunk = Math.max(
    4,
    Math.min(((nq + 3) >>> 2) << 2, (Math.floor(OUT_CHUNK / nPad) >>> 2) << 2),
  );
  const cBytes = nPad * rowBytes;
  const qBytes = chunk * rowBytes;
  const need = cBytes + qBytes + chunk * nPad * 4;
  if (need > MAX_BYTES) return false;
  const have = wasm.memory.buffer.byteLength;
  if (have < need) wasm.memory.grow(Math.ceil((need - have) / 65536));
  const buf = wasm.memory.buffer;
  const mem32 = new Uint32Array(buf);
  const qBase = cBytes;
  const oBase = cBytes + qBytes;
  copyCodebook(c, n, words, mem32, words64 * 2);
  if (nPad !== n) mem32.fill(0, n * words64 * 2, nPad * words64 * 2);
  const outView = new Float32Array(buf, oBase, chunk * nPad);
  const itemBlock = Math.max(2, (Math.floor(524288 / rowBytes) >>> 1) << 1);
  for (let i0 = 0; i0 < nq; i0 += chunk) {
    const rows = Math.min(chunk, nq - i0);
    const rows4 = ((rows + 3) >>> 2) << 2;
    interleaveQueries(q, i0, rows, rows4, words, words64, mem32, qBase >>> 2);
    for (let j0 = 0; j0 < nPad; j0 += itemBlock) {
      wasm.run(qBase, rows4, 0, j0, Math.min(nPad, j0 + itemBlock), rowBytes, oBase, nPad, a, b);
    }
    if (nPad === n) out.set(outView.subarray(0, rows * n), i0 * n);
    else
      for (let r = 0; r < rows; r++)
        out.set(outView.subarray(r * nPad, r * nPad + n), (i0 + r) * n);
  }
  return true;
}

/** Codebook rows padded to whole 64-bit words. */
function copyCodebook(
  src: Uint32Array,
  rows: number,
  words: number,
  dst: Uint32Array,
  stride: number,
): void {
  if (stride === words) {
    dst.set(src.subarray(0, rows * words), 0);
    return;
  }
  for (let r = 0; r < rows; r++) {
    dst.set(src.subarray(r * words, (r + 1) * words), r * stride);
    dst[r * stride + words] = 0;
  }
}

/**
 * Queries in blocks of four, interleaved by 64-bit word: block b holds, for each word k, the
 * words k of queries 4b, 4b+1, 4b+2, 4b+3 one after another (missing queries are zero).
 */
function interleaveQueries(
  q: Uint32Array,
  i0: number,
  rows: number,
  rows4: number,
  words: number,
  words64: number,
  dst: Uint32Array,
  base: number,
): void {
  for (let blk = 0; blk < rows4; blk += 4) {
    const off = base + blk * words64 * 2;
    for (let t = 0; t < 4; t++) {
      const r = blk + t;
      const src = (i0 + r) * words;
      for (let k = 0; k < words64; k++) {
        const at = off + (k * 4 + t) * 2;
        if (r < rows) {
          dst[at] = q[src + 2 * k];
          dst[at + 1] = 2 * k + 1 < words ? q[src + 2 * k + 1] : 0;
        } else {
          dst[at] = 0;
          dst[at + 1] = 0;
        }
      }
    }
  }
}
