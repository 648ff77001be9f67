/**
 * Read `count` (1..32) bits starting at bit `pos` of a packed bit string (no wrap-around:
 * `pos + count` must not pass the end of the valid bits). Bit j lives in word j >>> 5 at
 * position j & 31.
 * @internal
 */
export function readBits(src: Uint32Array, off: number, pos: number, count: number): number {
  const w = pos >>> 5;
  const b = pos & 31;
  let v = src[off + w] >>> b;
  if (b !== 0 && b + count > 32) v |= src[off + w + 1] << (32 - b);
  return count === 32 ? v >>> 0 : (v & ((1 << count) - 1)) >>> 0;
}

/**
 * Cyclic shift of a `d`-bit string by `s` in [0, d): output bit (j + s) mod d = input bit j.
 * Writes `words = ceil(d / 32)` words at `o[off..]`; padding bits above d stay zero.
 * Output words whose 32 source bits do not wrap around read them at one fixed bit offset
 * (two source words, shifted), so the bulk of the row is a straight word-level loop.
 * @internal
 */
export function rotateBits(
  a: Uint32Array,
  off: number,
  d: number,
  s: number,
  o: Uint32Array,
): void {
  const words = (d + 31) >>> 5;
  const full = d >>> 5;
  // Words [0, bEnd) read source bits d - s + 32 w (no wrap); words [aStart, aEnd) read
  // 32 w - s (no wrap); the few words between and after take the general path.
  const bEnd = Math.min(s >>> 5, full);
  const aStart = Math.max(bEnd, (s + 31) >>> 5);
  const aEnd = Math.max(aStart, Math.min(full, (d + s) >>> 5));
  shiftWords(a, off, d - s, o, off, bEnd);
  rotateWords(a, off, d, s, o, bEnd, aStart);
  shiftWords(a, off, 32 * aStart - s, o, off + aStart, aEnd - aStart);
  rotateWords(a, off, d, s, o, aEnd, words);
}

/** `o[oo + i]` = the 32 bits of `a` starting at bit `srcBit` of the row at `off` plus 32 i. */
function shiftWords(
  a: Uint32Array,
  off: number,
  srcBit: number,
  o: Uint32Array,
  oo: number,
  count: number,
): void {
  if (count <= 0) return;
  const sw = off + (srcBit >>> 5);
  const sb = srcBit & 31;
  if (sb === 0) {
    for (let i = 0; i < count; i++) o[oo + i] = a[sw + i];
    return;
  }
  const back = 32 - sb;
  let lo = a[sw];
  for (let i = 0; i < count; i++) {
    const hi = a[sw + i + 1];
    o[oo + i] = (lo >>> sb) | (hi << back);
    lo = hi;
  }
}

/** The general path of {@link rotateBits} for output words [w0, w1). */
function rotateWords(
  a: Uint32Array,
  off: number,
  d: number,
  s: number,
  o: Uint32Array,
  w0: number,
  w1: number,
): void {
  for (let w = w0; w < w1; w++) {
    const start = w << 5;
    const count = d - start < 32 ? d - start : 32;
    let src = start - s;
    if (src < 0) src += d;
    let v: number;
    if (src + count <= d) {
      v = readBits(a, off, src, count);
    } else {
      const first = d - src;
      v = readBits(a, off, src, first) | (readBits(a, off, 0, count - first) << first);
    }
    o[off + w] = v >>> 0;
  }
}

/**
 * Pack the signs of `rows` rows of length d into `out` (`ceil(d / 32)` words per row, bit
 * set where x < 0). Returns false as soon as an element is NaN (it has no sign), and with
 * `strict` as soon as one is neither +1 nor -1; `out` is then partly written.
 * @internal
 */
export function packSigns(
  x: ArrayLike<number>,
  rows: number,
  d: number,
  out: Uint32Array,
  strict: boolean,
): boolean {
  const words = (d + 31) >>> 5;
  for (let r = 0; r < rows; r++) {
    const src = r * d;
    const dst = r * words;
    for (let w = 0; w < words; w++) {
      const base = src + (w << 5);
      const end = Math.min(32, d - (w << 5));
      let v = 0;
      for (let b = 0; b < end; b++) {
        const e = x[base + b];
        if (strict && e !== 1 && e !== -1) return false;
        if (e < 0) v |= 1 << b;
        else if (e !== e) return false; // NaN: only on the non-negative branch, one compare
      }
      out[dst + w] = v >>> 0;
    }
  }
  return true;
}
