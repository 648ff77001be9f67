/**
 * The weights of a {@link ToyModel} at one step, copied off the device as plain typed arrays.
 *
 * Shapes: `W` and `Wdec` row-major [nInstances, nHidden, nFeatures]; `b` row-major
 * [nInstances, nFeatures]. `Wdec` is null for tied models.
 */
export interface ToyModelSnapshot {
  step: number;
  nInstances: number;
  nHidden: number;
  nFeatures: number;
  W: Float32Array;
  b: Float32Array;
  Wdec: Float32Array | null;
}

/** A row-major matrix view, the shape the interference metrics take. */
export interface MatrixView {
  data: Float32Array;
  rows: number;
  cols: number;
}

/**
 * One instance's weights from a snapshot, as row-major matrix views (no copy).
 *
 * @param snapshot - a {@link ToyModelSnapshot}.
 * @param instance - instance index in [0, nInstances).
 * @returns `W`: [nHidden, nFeatures] view; `Wdec` likewise or null; `b`: nFeatures numbers.
 * @example
 * ```ts
 * const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 3 });
 * const { W } = instanceWeights(model.snapshot(), 0);
 * [W.rows, W.cols]; // returns [2, 5]
 * ```
 */
export function instanceWeights(
  snapshot: ToyModelSnapshot,
  instance: number,
): { W: MatrixView; Wdec: MatrixView | null; b: Float32Array } {
  // a live model (whose W is a tensor) or anything else is not a snapshot
  if (
    snapshot === null ||
    typeof snapshot !== 'object' ||
    !(snapshot.W instanceof Float32Array) ||
    !(snapshot.b instanceof Float32Array)
  ) {
    throw new TypeError(
      `instanceWeights: snapshot expected a ToyModelSnapshot (model.snapshot(): W and b as Float32Array), got ${snapshot === null ? 'null' : typeof snapshot !== 'object' ? typeof snapshot : 'an object without Float32Array W and b'}`,
    );
  }
  const { nInstances, nHidden: m, nFeatures: n } = snapshot;
  if (!Number.isInteger(instance) || instance < 0 || instance >= nInstances) {
    throw new RangeError(
      `instanceWeights: instance expected an integer in [0, ${nInstances}), got ${String(instance)}`,
    );
  }
  const size = m * n;
  const view = (a: Float32Array): MatrixView => ({
    data: a.subarray(instance * size, (instance + 1) * size),
    rows: m,
    cols: n,
  });
  return {
    W: view(snapshot.W),
    Wdec: snapshot.Wdec ? view(snapshot.Wdec) : null,
    b: snapshot.b.subarray(instance * n, (instance + 1) * n),
  };
}
