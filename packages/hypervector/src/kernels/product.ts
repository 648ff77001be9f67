// Element-wise products, one monomorphic loop per element type. Each takes the operands'
// lengths so that one operand may be a single vector broadcast over the rows of the other.

/** Whether the platform stores the low byte of a word first (every JS engine in practice). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Each byte of a bipolar word is 0x01 (+1) or 0xff (-1). */
const ONES = 0x01010101;
/** Bits 2..7 of each byte. */
const HIGH_BITS = 0xfcfcfcfc | 0;

/** Whether an Int8 view can be read as 32-bit words. */
function aligned(x: Int8Array): boolean {
  return (x.byteOffset & 3) === 0;
}

/** Whether two views of `total` bytes share memory at different offsets. */
function shifted(a: Int8Array, o: Int8Array, total: number): boolean {
  return (
    a.buffer === o.buffer &&
    a.byteOffset !== o.byteOffset &&
    a.byteOffset < o.byteOffset + total &&
    o.byteOffset < a.byteOffset + total
  );
}

/** Words per block of the bipolar path: checked as a whole, redone byte-wise if not bipolar. */
const BLOCK = 256;
const scratch = new Int32Array(BLOCK);

/**
 * Bipolar products of words [w0, w1) into `O[oo..]`: returns a nonzero value when some byte
 * of `A` or `B` there is not +-1 (then those words of `O` hold garbage). Bipolar bytes have
 * bits 1..7 equal (no change between neighbouring bits) and bit 0 set.
 */
function bipolarWords(
  A: Int32Array,
  B: Int32Array,
  w0: number,
  w1: number,
  O: Int32Array,
  oo: number,
): number {
  let change = 0;
  let low = -1;
  let w = w0;
  let k = oo;
  for (; w + 2 <= w1; w += 2, k += 2) {
    const x = A[w];
    const y = B[w];
    const x1 = A[w + 1];
    const y1 = B[w + 1];
    change |= (x ^ (x << 1)) | (y ^ (y << 1)) | (x1 ^ (x1 << 1)) | (y1 ^ (y1 << 1));
    low &= x & y & x1 & y1;
    O[k] = (x ^ y) | ONES;
    O[k + 1] = (x1 ^ y1) | ONES;
  }
  for (; w < w1; w++, k++) {
    const x = A[w];
    const y = B[w];
    change |= (x ^ (x << 1)) | (y ^ (y << 1));
    low &= x & y;
    O[k] = (x ^ y) | ONES;
  }
  return (change & HIGH_BITS) | (~low & ONES);
}

/** Byte products `o[i] = a[i] * b[i]` for i in [i0, i1). */
function bytes(a: Int8Array, b: Int8Array, o: Int8Array, i0: number, i1: number): void {
  for (let i = i0; i < i1; i++) o[i] = a[i] * b[i];
}

/**
 * `o[i] = a[i] * b[i]` (Int8 wrap-around) for `total` elements, with `a` of length `la` and
 * `b` of length `lb`, each `total` or a single row repeated (`i mod la`).
 *
 * Bipolar operands (every element +1 or -1, the MAP-B case) take a word-level path: four
 * elements per 32-bit operation, the product of +-1 bytes being `(a XOR b) | 0x01` per byte.
 * Blocks of words are checked as they go; a block holding any other value is redone with the
 * byte products, so the result equals the plain loop for all inputs, `o` aliasing an operand
 * included.
 * @internal
 */
export function multiplyInt8(
  a: Int8Array,
  la: number,
  b: Int8Array,
  lb: number,
  o: Int8Array,
  total: number,
): void {
  if (la !== total || lb !== total) {
    for (let i = 0; i < total; i++) o[i] = a[i % la] * b[i % lb];
    return;
  }
  if (
    (total & 3) !== 0 ||
    !LITTLE_ENDIAN ||
    !aligned(a) ||
    !aligned(b) ||
    !aligned(o) ||
    shifted(a, o, total) ||
    shifted(b, o, total)
  ) {
    // Also when `o` overlaps an operand at another offset: the plain loop's order then matters.
    bytes(a, b, o, 0, total);
    return;
  }
  const W = total >>> 2;
  const A = new Int32Array(a.buffer, a.byteOffset, W);
  const B = new Int32Array(b.buffer, b.byteOffset, W);
  const O = new Int32Array(o.buffer, o.byteOffset, W);
  // In place (`o` is `a` or `b`), a block must be checked before it is written: products go
  // to a scratch first.
  const inPlace =
    (a.buffer === o.buffer && a.byteOffset === o.byteOffset) ||
    (b.buffer === o.buffer && b.byteOffset === o.byteOffset);
  for (let w0 = 0; w0 < W; w0 += BLOCK) {
    const w1 = Math.min(W, w0 + BLOCK);
    if (inPlace) {
      if (bipolarWords(A, B, w0, w1, scratch, 0) !== 0) bytes(a, b, o, w0 << 2, w1 << 2);
      else O.set(scratch.subarray(0, w1 - w0), w0);
    } else if (bipolarWords(A, B, w0, w1, O, w0) !== 0) {
      bytes(a, b, o, w0 << 2, w1 << 2);
    }
  }
}

/** `o[i] = imul(a[i], b[i])` over Int32 (wrap-around), broadcasting as {@link multiplyInt8}. @internal */
export function multiplyInt32(
  a: Int32Array,
  la: number,
  b: Int32Array,
  lb: number,
  o: Int32Array,
  total: number,
): void {
  if (la === total && lb === total) {
    for (let i = 0; i < total; i++) o[i] = Math.imul(a[i], b[i]);
  } else {
    for (let i = 0; i < total; i++) o[i] = Math.imul(a[i % la], b[i % lb]);
  }
}

/** `o[i] = a[i] * b[i]` over Float32, broadcasting as {@link multiplyInt8}. @internal */
export function multiplyFloat32(
  a: Float32Array,
  la: number,
  b: Float32Array,
  lb: number,
  o: Float32Array,
  total: number,
): void {
  if (la === total && lb === total) {
    for (let i = 0; i < total; i++) o[i] = a[i] * b[i];
  } else {
    for (let i = 0; i < total; i++) o[i] = a[i % la] * b[i % lb];
  }
}
