/**
 * Number of set bits of a 32-bit word (SWAR bit-twiddling: Warren, "Hacker's Delight", 5-1).
 * @internal
 */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
