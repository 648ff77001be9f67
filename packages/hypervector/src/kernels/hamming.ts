import { popcount32 } from './popcount.js';

/**
 * Hamming distances between packed bit rows: `out[i * n + j] = a * popcount(q_i XOR c_j) + b`
 * summed over `words` 32-bit words per row. Four queries share each codebook word.
 * Unchecked: callers validate shapes.
 * @internal
 */
export function hammingKernel(
  q: Uint32Array,
  nq: number,
  c: Uint32Array,
  n: number,
  words: number,
  out: Float32Array,
  a: number,
  b: number,
): void {
  const block = Math.max(1, Math.floor(16384 / words));
  for (let j0 = 0; j0 < n; j0 += block) {
    const j1 = Math.min(n, j0 + block);
    let i = 0;
    for (; i + 4 <= nq; i += 4) {
      const o0 = i * words;
      const o1 = o0 + words;
      const o2 = o1 + words;
      const o3 = o2 + words;
      for (let j = j0; j < j1; j++) {
        const oc = j * words;
        let h0 = 0;
        let h1 = 0;
        let h2 = 0;
        let h3 = 0;
        for (let w = 0; w < words; w++) {
          const x = c[oc + w];
          h0 += popcount32(q[o0 + w] ^ x);
          h1 += popcount32(q[o1 + w] ^ x);
          h2 += popcount32(q[o2 + w] ^ x);
          h3 += popcount32(q[o3 + w] ^ x);
        }
        out[i * n + j] = a * h0 + b;
        out[(i + 1) * n + j] = a * h1 + b;
        out[(i + 2) * n + j] = a * h2 + b;
        out[(i + 3) * n + j] = a * h3 + b;
      }
    }
    for (; i < nq; i++) {
      const o0 = i * words;
      for (let j = j0; j < j1; j++) {
        const oc = j * words;
        let h = 0;
        for (let w = 0; w < words; w++) h += popcount32(q[o0 + w] ^ c[oc + w]);
        out[i * n + j] = a * h + b;
      }
    }
  }
}

/**
 * Overlap of index codes: `out[i * n + j] = (number of segments where q_i and c_j agree) * scale`.
 * @internal
 */
export function overlapKernel(
  q: Uint16Array,
  nq: number,
  c: Uint16Array,
  n: number,
  s: number,
  out: Float32Array,
  scale: number,
): void {
  for (let i = 0; i < nq; i++) {
    const oq = i * s;
    for (let j = 0; j < n; j++) {
      const oc = j * s;
      let m = 0;
      for (let k = 0; k < s; k++) if (q[oq + k] === c[oc + k]) m++;
      out[i * n + j] = m * scale;
    }
  }
}
