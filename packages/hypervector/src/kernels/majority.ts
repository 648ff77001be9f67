// Bitwise majority of packed bit rows with bit-sliced counters: each bit position's count is
// held across several words (ones, twos, fours, ...), so one 32-bit operation advances 32
// counters at once. Rows are summed 16 at a time by a carry-save adder tree (Harley and Seal),
// whose sixteens then ripple into the higher counter planes.

/** Scratch planes of weight 16, 32, ... (enough for any row count below 2^32). */
const HIGH = new Int32Array(28);

/**
 * Bitwise majority of `n` packed rows of `L` words each (`rows[r * L + w]`): output bit j is 1
 * when more than half the rows have bit j set, 0 when fewer than half do, and bit j & 31 of a
 * draw `tie()` when exactly half do (even n only). `tie` is called once per word that holds a
 * tied bit (in increasing word order), and its 32 bits break that word's ties. Bits outside
 * `lastMask` in the last word are ignored and written as 0.
 *
 * @param rows - `Uint32Array(n * L)`, row-major.
 * @param n - number of rows (>= 1).
 * @param L - words per row.
 * @param lastMask - valid bits of the last word of a row.
 * @param out - `Uint32Array(L)` for the result.
 * @param tie - draws 32 random bits (a uint32) for the tied positions of one word.
 * @internal
 */
export function majorityPacked(
  rows: Uint32Array,
  n: number,
  L: number,
  lastMask: number,
  out: Uint32Array,
  tie: () => number,
): void {
  const high = HIGH;
  // Counts are compared with K = floor(n / 2): count > K is a majority; count = K a tie when n is even.
  const K = n >>> 1;
  const even = (n & 1) === 0;
  // Number of high planes needed: counts reach n, so bits 4.. of n.
  let nh = 0;
  while (n >>> (4 + nh) !== 0) nh++;
  for (let w = 0; w < L; w++) {
    let ones = 0;
    let twos = 0;
    let fours = 0;
    let eights = 0;
    for (let k = 0; k < nh; k++) high[k] = 0;
    let r = 0;
    let o = w;
    for (; r + 16 <= n; r += 16) {
      // Carry-save adder tree over 16 rows: CSA(a, b, c) -> (carry, sum) with
      // u = a ^ b, carry = (a & b) | (u & c), sum = u ^ c.
      let a = rows[o];
      let b = rows[o + L];
      let u = ones ^ a;
      let twosA = (ones & a) | (u & b);
      ones = u ^ b;
      a = rows[o + 2 * L];
      b = rows[o + 3 * L];
      u = ones ^ a;
      let twosB = (ones & a) | (u & b);
      ones = u ^ b;
      u = twos ^ twosA;
      let foursA = (twos & twosA) | (u & twosB);
      twos = u ^ twosB;
      a = rows[o + 4 * L];
      b = rows[o + 5 * L];
      u = ones ^ a;
      twosA = (ones & a) | (u & b);
      ones = u ^ b;
      a = rows[o + 6 * L];
      b = rows[o + 7 * L];
      u = ones ^ a;
      twosB = (ones & a) | (u & b);
      ones = u ^ b;
      u = twos ^ twosA;
      let foursB = (twos & twosA) | (u & twosB);
      twos = u ^ twosB;
      u = fours ^ foursA;
      const eightsA = (fours & foursA) | (u & foursB);
      fours = u ^ foursB;
      a = rows[o + 8 * L];
      b = rows[o + 9 * L];
      u = ones ^ a;
      twosA = (ones & a) | (u & b);
      ones = u ^ b;
      a = rows[o + 10 * L];
      b = rows[o + 11 * L];
      u = ones ^ a;
      twosB = (ones & a) | (u & b);
      ones = u ^ b;
      u = twos ^ twosA;
      foursA = (twos & twosA) | (u & twosB);
      twos = u ^ twosB;
      a = rows[o + 12 * L];
      b = rows[o + 13 * L];
      u = ones ^ a;
      twosA = (ones & a) | (u & b);
      ones = u ^ b;
      a = rows[o + 14 * L];
      b = rows[o + 15 * L];
      u = ones ^ a;
      twosB = (ones & a) | (u & b);
      ones = u ^ b;
      u = twos ^ twosA;
      foursB = (twos & twosA) | (u & twosB);
      twos = u ^ twosB;
      u = fours ^ foursA;
      const eightsB = (fours & foursA) | (u & foursB);
      fours = u ^ foursB;
      u = eights ^ eightsA;
      let carry = (eights & eightsA) | (u & eightsB);
      eights = u ^ eightsB;
      // Ripple the sixteens into the high planes.
      for (let k = 0; carry !== 0; k++) {
        const t = high[k] & carry;
        high[k] ^= carry;
        carry = t;
      }
      o += 16 * L;
    }
    // The remaining rows (fewer than 16), one ripple-carry add each.
    for (; r < n; r++, o += L) {
      let carry = rows[o];
      let t = ones & carry;
      ones ^= carry;
      carry = t;
      if (carry === 0) continue;
      t = twos & carry;
      twos ^= carry;
      carry = t;
      if (carry === 0) continue;
      t = fours & carry;
      fours ^= carry;
      carry = t;
      if (carry === 0) continue;
      t = eights & carry;
      eights ^= carry;
      carry = t;
      for (let k = 0; carry !== 0; k++) {
        t = high[k] & carry;
        high[k] ^= carry;
        carry = t;
      }
    }
    // Compare the counts with K, most significant plane first.
    let gt = 0;
    let eq = -1;
    for (let k = nh - 1; k >= 0; k--) {
      const c = high[k];
      const kb = -((K >>> (4 + k)) & 1);
      gt |= eq & c & ~kb;
      eq &= ~(c ^ kb);
    }
    let kb = -((K >>> 3) & 1);
    gt |= eq & eights & ~kb;
    eq &= ~(eights ^ kb);
    kb = -((K >>> 2) & 1);
    gt |= eq & fours & ~kb;
    eq &= ~(fours ^ kb);
    kb = -((K >>> 1) & 1);
    gt |= eq & twos & ~kb;
    eq &= ~(twos ^ kb);
    kb = -(K & 1);
    gt |= eq & ones & ~kb;
    eq &= ~(ones ^ kb);
    const mask = w === L - 1 ? lastMask : -1;
    let bits = gt & mask;
    if (even) {
      const ties = eq & mask;
      if (ties !== 0) bits |= ties & tie();
    }
    out[w] = bits >>> 0;
  }
}
