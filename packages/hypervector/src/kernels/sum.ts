// Row sums into a Float64 accumulator, one copy per element type: a loop that reads a single
// typed-array kind stays monomorphic in V8 and runs several times faster than a shared one.

/** `acc[j] = sum_r w_r x[r*L + j]` over Int8 rows. @internal */
export function sumRowsInt8(
  x: Int8Array,
  n: number,
  L: number,
  w: ArrayLike<number> | undefined,
  acc: Float64Array,
): void {
  acc.fill(0, 0, L);
  let r = 0;
  if (w === undefined) {
    // Four rows per pass: a quarter of the accumulator loads and stores.
    for (; r + 4 <= n; r += 4) {
      const o0 = r * L;
      const o1 = o0 + L;
      const o2 = o1 + L;
      const o3 = o2 + L;
      for (let j = 0; j < L; j++) acc[j] += x[o0 + j] + x[o1 + j] + (x[o2 + j] + x[o3 + j]);
    }
  }
  for (; r < n; r++) {
    const off = r * L;
    if (w === undefined) for (let j = 0; j < L; j++) acc[j] += x[off + j];
    else {
      const s = w[r];
      for (let j = 0; j < L; j++) acc[j] += s * x[off + j];
    }
  }
}

/** `acc[j] = sum_r w_r x[r*L + j]` over Int32 rows. @internal */
export function sumRowsInt32(
  x: Int32Array,
  n: number,
  L: number,
  w: ArrayLike<number> | undefined,
  acc: Float64Array,
): void {
  acc.fill(0, 0, L);
  let r = 0;
  if (w === undefined) {
    // Four rows per pass: a quarter of the accumulator loads and stores.
    for (; r + 4 <= n; r += 4) {
      const o0 = r * L;
      const o1 = o0 + L;
      const o2 = o1 + L;
      const o3 = o2 + L;
      for (let j = 0; j < L; j++) acc[j] += x[o0 + j] + x[o1 + j] + (x[o2 + j] + x[o3 + j]);
    }
  }
  for (; r < n; r++) {
    const off = r * L;
    if (w === undefined) for (let j = 0; j < L; j++) acc[j] += x[off + j];
    else {
      const s = w[r];
      for (let j = 0; j < L; j++) acc[j] += s * x[off + j];
    }
  }
}

/** `acc[j] = sum_r w_r x[r*L + j]` over Float32 rows. @internal */
export function sumRowsFloat32(
  x: Float32Array,
  n: number,
  L: number,
  w: ArrayLike<number> | undefined,
  acc: Float64Array,
): void {
  acc.fill(0, 0, L);
  let r = 0;
  if (w === undefined) {
    // Four rows per pass: a quarter of the accumulator loads and stores.
    for (; r + 4 <= n; r += 4) {
      const o0 = r * L;
      const o1 = o0 + L;
      const o2 = o1 + L;
      const o3 = o2 + L;
      for (let j = 0; j < L; j++) acc[j] += x[o0 + j] + x[o1 + j] + (x[o2 + j] + x[o3 + j]);
    }
  }
  for (; r < n; r++) {
    const off = r * L;
    if (w === undefined) for (let j = 0; j < L; j++) acc[j] += x[off + j];
    else {
      const s = w[r];
      for (let j = 0; j < L; j++) acc[j] += s * x[off + j];
    }
  }
}
