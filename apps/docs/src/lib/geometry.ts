// Small readouts of a trained W that the live examples show and the browser tests read.

/** A row-major matrix view (`W: [nHidden, nFeatures]`, column j is feature j's direction). */
export interface Matrix {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

/** The norm ‖W_j‖ of each feature direction (each column of W). */
export function columnNorms(W: Matrix): number[] {
  const norms: number[] = [];
  for (let j = 0; j < W.cols; j++) {
    let s = 0;
    for (let i = 0; i < W.rows; i++) s += W.data[i * W.cols + j] ** 2;
    norms.push(Math.sqrt(s));
  }
  return norms;
}

/** Threshold on ‖W_j‖ above which a feature counts as represented (as in Elhage et al. 2022's n = 20 figures). */
export const representedThreshold = 0.5;

/**
 * For a two-dimensional hidden layer (`W: [2, nFeatures]`): the represented features and the
 * angles between neighbouring directions, in degrees, going round the circle (they sum to 360).
 * A regular pentagon gives five gaps of 72; two antipodal pairs at right angles give four of 90.
 */
export function planarGeometry(W: Matrix): {
  norms: number[];
  represented: number;
  gaps: number[];
} {
  if (W.rows !== 2)
    throw new RangeError(`planarGeometry: W expected 2 rows (nHidden = 2), got ${W.rows}`);
  const norms = columnNorms(W);
  const angles: number[] = [];
  for (let j = 0; j < W.cols; j++) {
    if (norms[j] > representedThreshold)
      angles.push((Math.atan2(W.data[W.cols + j], W.data[j]) * 180) / Math.PI);
  }
  angles.sort((a, b) => a - b);
  const gaps = angles.map((a, i) => (i + 1 < angles.length ? angles[i + 1] : angles[0] + 360) - a);
  return { norms, represented: angles.length, gaps: angles.length > 1 ? gaps : [] };
}
