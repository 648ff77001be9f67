/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method (Golub and Van Loan,
 * "Matrix Computations", section 8.5): rotate away each off-diagonal entry in turn until the
 * off-diagonal mass is below `tol` times the Frobenius norm. Accurate to working precision
 * for small eigenvalues too, which the effective rank needs.
 *
 * `A` is row-major `[k, k]`, symmetric, and is overwritten. Cost: about 6 k^3 flops a sweep,
 * usually under 10 sweeps; O(1) extra memory. Returns the eigenvalues sorted descending.
 * @internal
 */
export function jacobiEigenvalues(
  A: Float64Array,
  k: number,
  tol: number = 1e-14,
  maxSweeps: number = 60,
): Float64Array {
  let fro = 0;
  for (let t = 0; t < k * k; t++) fro += A[t] * A[t];
  const target = tol * tol * fro;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++)
      for (let q = p + 1; q < k; q++) off += 2 * A[p * k + q] * A[p * k + q];
    if (off <= target) break;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = A[p * k + q];
        if (apq === 0) continue;
        const app = A[p * k + p];
        const aqq = A[q * k + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = A[r * k + p];
          const arq = A[r * k + q];
          A[r * k + p] = c * arp - s * arq;
          A[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = A[p * k + r];
          const aqr = A[q * k + r];
          A[p * k + r] = c * apr - s * aqr;
          A[q * k + r] = s * apr + c * aqr;
        }
        A[p * k + q] = 0;
        A[q * k + p] = 0;
      }
    }
  }
  const ev = new Float64Array(k);
  for (let i = 0; i < k; i++) ev[i] = A[i * k + i];
  return ev.sort().reverse();
}
