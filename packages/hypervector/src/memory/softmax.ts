/**
 * `out[i] = exp(beta * (s[i] - max s)) / sum_j exp(beta * (s[j] - max s))`, in float64.
 * `beta = Infinity` gives the limit: equal weights on the maximisers, zero elsewhere.
 * Unchecked. @internal
 */
export function softmaxInto(s: ArrayLike<number>, beta: number, out: Float64Array): Float64Array {
  const n = s.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (s[i] > max) max = s[i];
  if (beta === Infinity) {
    let ties = 0;
    for (let i = 0; i < n; i++) if (s[i] === max) ties++;
    for (let i = 0; i < n; i++) out[i] = s[i] === max ? 1 / ties : 0;
    return out;
  }
  let z = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(beta * (s[i] - max));
    out[i] = e;
    z += e;
  }
  for (let i = 0; i < n; i++) out[i] /= z;
  return out;
}
