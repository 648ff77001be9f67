import { dimensionsPerFeature, featureMetrics } from '@hyperposition/interference';

/** A regular pentagon: five unit features in two dimensions, W row-major [2, 5]. */
export function pentagon(): { data: Float64Array; rows: number; cols: number } {
  const W = { data: new Float64Array(10), rows: 2, cols: 5 };
  for (let i = 0; i < 5; i++) {
    W.data[i] = Math.cos((2 * Math.PI * i) / 5); // row 0: x components
    W.data[5 + i] = Math.sin((2 * Math.PI * i) / 5); // row 1: y components
  }
  return W;
}

/** The paper's metrics of the pentagon: every feature has dimensionality 2/5. */
export function runFeatureMetrics() {
  const m = featureMetrics(pentagon());
  return {
    dimensionality: Array.from(m.dimensionality), // [0.4, 0.4, 0.4, 0.4, 0.4]
    interference: Array.from(m.interference), // sum_{j != i} (W_i_hat . W_j)^2 = 1.5
    maxAbsCos: Array.from(m.maxAbsCos), // |cos 144°| = 0.809
    dimensionsPerFeature: dimensionsPerFeature(pentagon()), // m / ||W||_F^2 = 2 / 5
  };
}
