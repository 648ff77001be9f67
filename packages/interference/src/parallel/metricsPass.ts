import { gramTile, tileWidth, type TileKernel } from '../kernels/forEachBlock.js';

// The exact pass of featureMetrics, cut so that workers can share it with the same result:
// panels of `block` rows go to a fixed number of lanes (panel p to lane p mod lanes), each lane
// is run by one thread, panel after panel, into its own accumulators, and the lanes are summed
// in lane order. The lane count depends on n and block only, never on the number of workers.
// Nothing here depends on Node. @internal

/** Most lanes: enough to balance a few workers, few enough to keep 24 n bytes per lane small. */
export const MAX_LANES = 16;

/** Panels, their tiles and the lanes of a featureMetrics pass. @internal */
export interface MetricsPlan {
  n: number;
  d: number;
  block: number;
  /** Panels of `block` rows. */
  panels: number;
  /** Lanes (min(MAX_LANES, panels)). */
  lanes: number;
  /** Tile width (columns). */
  width: number;
  /** The product every tile uses (decided once, on the calling thread; `U` laid out for it). */
  kernel: TileKernel;
}

/** Plan the pass over n unit rows of dimension d for `kernel`. @internal */
export function planMetrics(
  n: number,
  d: number,
  block: number,
  kernel: TileKernel = 'wasm',
): MetricsPlan {
  const panels = Math.ceil(n / block);
  const lanes = Math.min(MAX_LANES, panels);
  return { n, d, block, panels, lanes, width: tileWidth(block, kernel), kernel };
}

/**
 * Per-lane accumulators, lane l at [l n, (l + 1) n): sum_j cos^2 ||W_other||^2, sum_j |cos|,
 * max_j |cos|. @internal
 */
export interface MetricsLanes {
  interference: Float64Array;
  absSum: Float64Array;
  maxAbs: Float64Array;
}

/** Zeroed lane accumulators (on SharedArrayBuffers with `alloc` for workers). @internal */
export function newLanes(
  plan: MetricsPlan,
  alloc: (length: number) => Float64Array = (length) => new Float64Array(length),
): MetricsLanes {
  const len = plan.lanes * plan.n;
  return { interference: alloc(len), absSum: alloc(len), maxAbs: alloc(len) };
}

/** Scratch for {@link runLane}. @internal */
export function metricsScratch(plan: MetricsPlan): Float32Array {
  return new Float32Array(plan.block * Math.min(plan.width, plan.n));
}

/**
 * Run lane `lane`: its panels in order, each against the columns from its first row on, in
 * tiles; cosines from `matmulNT` of unit rows `U` (`[n, d]`, laid out for `plan.kernel`), weights
 * `n2` (squared norms).
 * @internal
 */
export function runLane(
  U: Float32Array,
  n2: Float64Array,
  plan: MetricsPlan,
  lane: number,
  out: MetricsLanes,
  G: Float32Array,
): void {
  const { n, d, block, panels, lanes, width, kernel } = plan;
  const off = lane * n;
  const inter = out.interference;
  const absSum = out.absSum;
  const maxAbs = out.maxAbs;
  for (let p = lane; p < panels; p += lanes) {
    const i0 = p * block;
    const i1 = Math.min(i0 + block, n);
    for (let j0 = i0; j0 < n; j0 += width) {
      const j1 = Math.min(j0 + width, n);
      gramTile(U, n, d, i0, i1, j0, j1, G, kernel);
      const w = j1 - j0;
      for (let i = i0; i < i1; i++) {
        const ni = n2[i];
        let acc = 0;
        let mx = maxAbs[off + i];
        let sa = 0;
        for (let j = Math.max(j0, i + 1), o = (i - i0) * w - j0; j < j1; j++) {
          const c = G[o + j];
          const c2 = c * c;
          acc += c2 * n2[j];
          inter[off + j] += c2 * ni;
          const a = Math.abs(c);
          sa += a;
          absSum[off + j] += a;
          if (a > mx) mx = a;
          if (a > maxAbs[off + j]) maxAbs[off + j] = a;
        }
        inter[off + i] += acc;
        absSum[off + i] += sa;
        maxAbs[off + i] = mx;
      }
    }
  }
}

/** Sum the lanes in lane order (maxima: the largest) into `interference`, `absSum`, `maxAbs` of length n. @internal */
export function mergeLanes(
  plan: MetricsPlan,
  lanesOut: MetricsLanes,
  interference: Float64Array,
  absSum: Float64Array,
  maxAbs: Float64Array,
): void {
  const { n, lanes } = plan;
  for (let l = 0; l < lanes; l++) {
    const off = l * n;
    for (let i = 0; i < n; i++) {
      interference[i] += lanesOut.interference[off + i];
      absSum[i] += lanesOut.absSum[off + i];
      if (lanesOut.maxAbs[off + i] > maxAbs[i]) maxAbs[i] = lanesOut.maxAbs[off + i];
    }
  }
}

/** Run every lane on the calling thread. @internal */
export function runMetricsSync(
  U: Float32Array,
  n2: Float64Array,
  plan: MetricsPlan,
  out: MetricsLanes,
): void {
  const G = metricsScratch(plan);
  for (let l = 0; l < plan.lanes; l++) runLane(U, n2, plan, l, out, G);
}
