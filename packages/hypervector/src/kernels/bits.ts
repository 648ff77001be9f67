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
  for (let w = 0; w < words; w++) {
    const start = w << 5;
    const count = d - start < 32 ? d - start : 32;
    let src = start - s;
    if (src < 0) src += d;
    let v: number;
    if (src + count <= d) {
      // The common case, inlined: 32 bits from one or two source words.
      const sw = off + (src >>> 5);
      const sb = src & 31;
      v = sb === 0 ? a[sw] : (a[sw] >>> sb) | (sb + count > 32 ? a[sw + 1] << (32 - sb) : 0);
      if (count < 32) v &= (1 << count) - 1;
    } else {
      const first = d - src;
      v = readBits(a, off, src, first) | (readBits(a, off, 0, count - first) << first);
    }
    o[off + w] = v >>> 0;
  }
}

/**
 * Pack the signs of `rows` rows of length d into `out` (`ceil(d / 32)` words per row, bit
 * set where x < 0). With `strict`, returns false as soon as an element is neither +1 nor -1.
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
      }
      out[dst + w] = v >>> 0;
    }
  }
  return true;
}
