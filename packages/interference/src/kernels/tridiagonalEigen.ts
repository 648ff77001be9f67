/**
 * Eigenvalues of a symmetric matrix by Householder reduction to tridiagonal form followed by
 * the implicit QL iteration with Wilkinson shifts (Golub and Van Loan, "Matrix Computations",
 * sections 8.3 and 8.5; the eigenvalue-only variant, no vectors accumulated).
 *
 * `A` is row-major `[k, k]`, symmetric, and is overwritten. Cost: about 4/3 k^3 flops for the
 * reduction and O(k^2) for the iteration, against roughly 6 k^3 a sweep (and about ten sweeps)
 * for {@link jacobiEigenvalues}: the method for matrices of more than a few dozen rows.
 * Eigenvalues are accurate to about machine epsilon times the largest |eigenvalue| (absolute,
 * where Jacobi is relative for the small ones). Returns them sorted descending.
 * @throws Error when the QL iteration has not converged after 60 sweeps for one eigenvalue
 *   (not seen for finite input since the test is relative to the matrix norm; the tests cover
 *   the rank-deficient Grams of many features along a few directions).
 * @internal
 */
export function tridiagonalEigenvalues(A: Float64Array, k: number): Float64Array {
  const d = new Float64Array(k);
  const e = new Float64Array(k);
  // Householder: for row i (from the last), zero A[i][0..i-2] with a reflection of the first i
  // columns; only the lower triangle is read and updated.
  for (let i = k - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let j = 0; j <= l; j++) scale += Math.abs(A[i * k + j]);
      if (scale === 0) {
        e[i] = A[i * k + l];
      } else {
        for (let j = 0; j <= l; j++) {
          A[i * k + j] /= scale;
          h += A[i * k + j] * A[i * k + j];
        }
        let f = A[i * k + l];
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        A[i * k + l] = f - g;
        // p = A u / h (stored in e[0..l]), with u = A[i][0..l]
        f = 0;
        for (let j = 0; j <= l; j++) {
          g = 0;
          for (let c = 0; c <= j; c++) g += A[j * k + c] * A[i * k + c];
          for (let c = j + 1; c <= l; c++) g += A[c * k + j] * A[i * k + c];
          e[j] = g / h;
          f += e[j] * A[i * k + j];
        }
        // q = p - (u.p / 2h) u; A -= u q^T + q u^T on the lower triangle
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = A[i * k + j];
          g = e[j] - hh * f;
          e[j] = g;
          for (let c = 0; c <= j; c++) A[j * k + c] -= f * e[c] + g * A[i * k + c];
        }
      }
    } else {
      e[i] = A[i * k + l];
    }
  }
  for (let i = 0; i < k; i++) d[i] = A[i * k + i];
  // The off-diagonal of row i is e[i] (between i - 1 and i): shift it to e[i - 1].
  for (let i = 1; i < k; i++) e[i - 1] = e[i];
  if (k > 0) e[k - 1] = 0;
  // Implicit QL with Wilkinson shifts on (d, e). An off-diagonal entry is negligible against
  // the matrix's norm, not only against its two diagonal neighbours: on a rank-deficient
  // matrix both can be tiny (denormal), and a test relative to them alone never passes.
  let anorm = 0;
  for (let i = 0; i < k; i++) anorm = Math.max(anorm, Math.abs(d[i]) + Math.abs(e[i]));
  for (let l = 0; l < k; l++) {
    let iterations = 0;
    for (;;) {
      let m = l;
      for (; m < k - 1; m++) {
        const dd = Math.max(Math.abs(d[m]) + Math.abs(d[m + 1]), anorm);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iterations > 60) {
        throw new Error(`tridiagonalEigenvalues: no convergence for eigenvalue ${l} of ${k}`);
      }
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // an exact zero split the matrix: recover and sweep again
          d[i + 1] -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d.sort().reverse();
}
