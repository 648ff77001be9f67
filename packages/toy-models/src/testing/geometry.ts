/** Norm of column f of a row-major [2, n] matrix. @internal */
export function columnNorm2d(W: ArrayLike<number>, n: number, f: number): number {
  return Math.hypot(W[f], W[n + f]);
}

/** Sorted angular gaps (degrees) between the columns of a row-major [2, n] matrix. @internal */
export function angularGaps2d(W: ArrayLike<number>, n: number): number[] {
  const angles = Array.from(
    { length: n },
    (_, f) => (Math.atan2(W[n + f], W[f]) * 180) / Math.PI,
  ).sort((a, b) => a - b);
  return angles.map((a, i) => (i === n - 1 ? angles[0] + 360 - a : angles[i + 1] - a));
}
