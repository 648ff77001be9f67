import { gramTile, tileWidth, type TileKernel } from '../kernels/forEachBlock.js';

// The exact |cos| pass over the upper triangle of the Gram matrix, cut into a fixed list of
// tiles so that it can run on one thread or be shared between workers with the same result:
// each tile's Float64 sums start from zero and are merged in tile order; counts are exact
// integers; the maximum breaks ties towards the smallest (i, j); stored values land at fixed
// offsets. Nothing here depends on Node. @internal

/** Bins of the fine histogram that exact quantiles of large sets are read from. */
export const FINE_BINS = 65536;

/** A fixed list of tiles: rows [i0, i1) x columns [j0, j1), four Int32 per tile, in pass order. @internal */
export interface PassPlan {
  /** Rows of U (live features). */
  L: number;
  /** Dimension. */
  d: number;
  /** Block edge (rows of a tile). */
  block: number;
  /** Band of rows [rowStart, rowEnd) of U. */
  rowStart: number;
  rowEnd: number;
  /** i0, i1, j0, j1 of tile t at 4t ... 4t + 3. */
  tiles: Int32Array;
  /** Number of tiles. */
  count: number;
  /** 2 d per computed entry (diagonal tiles counted whole). */
  flops: number;
  /** Pairs i < j with i in the band. */
  pairs: number;
  /** The product every tile uses (decided once, on the calling thread; `U` laid out for it). */
  kernel: TileKernel;
}

/** What each visited pair feeds. @internal */
export interface PassConfig {
  /** Bins of the coarse histogram over [0, bins / scale]. */
  bins: number;
  /** bins / histogramMax. */
  scale: number;
  /** Keep the 65536-bin histogram (for quantiles of large sets). */
  fine: boolean;
  /** Only the maximum and its pair (coherence): no sums, no histograms, nothing stored. */
  maxOnly?: boolean;
}

/** The order-independent part of a pass: exact counts and the maximum. @internal */
export interface PassAccumulator {
  counts: Float64Array;
  overflow: number;
  fine: Float64Array | null;
  /** Largest |cos| (-1 before any pair), ties to the smallest (i, j). */
  max: number;
  mi: number;
  mj: number;
}

/** Merged result of a pass. @internal */
export interface PassResult extends PassAccumulator {
  sum: number;
  sumSq: number;
}

/** Pairs (i', j') with i' < i < j' in the upper triangle of L rows. @internal */
export function pairOffset(L: number, i: number): number {
  return i * L - (i * (i + 1)) / 2;
}

/** Cut the band [rowStart, rowEnd) of the upper triangle of L rows into tiles for `kernel`. @internal */
export function planPass(
  L: number,
  d: number,
  block: number,
  rowStart: number,
  rowEnd: number,
  kernel: TileKernel = 'wasm',
): PassPlan {
  const tw = tileWidth(block, kernel);
  const list: number[] = [];
  let flops = 0;
  for (let i0 = rowStart; i0 < rowEnd; i0 += block) {
    const i1 = Math.min(i0 + block, rowEnd);
    for (let j0 = i0; j0 < L; j0 += tw) {
      const j1 = Math.min(j0 + tw, L);
      list.push(i0, i1, j0, j1);
      flops += 2 * d * (i1 - i0) * (j1 - j0);
    }
  }
  return {
    L,
    d,
    block,
    rowStart,
    rowEnd,
    tiles: Int32Array.from(list),
    count: list.length / 4,
    flops,
    pairs: pairOffset(L, rowEnd) - pairOffset(L, rowStart),
    kernel,
  };
}

/** Fresh accumulator. @internal */
export function newAccumulator(cfg: PassConfig): PassAccumulator {
  return {
    counts: new Float64Array(cfg.bins),
    overflow: 0,
    fine: cfg.fine ? new Float64Array(FINE_BINS) : null,
    max: -1,
    mi: -1,
    mj: -1,
  };
}

/** Scratch for {@link runTiles}: one tile of Float32 products. @internal */
export function tileScratch(plan: PassPlan): Float32Array {
  return new Float32Array(plan.block * Math.min(tileWidth(plan.block, plan.kernel), plan.L));
}

/**
 * Compute tiles [t0, t1) of `plan`: counts and maximum into `acc`, |cos| values into `stored`
 * (at pairOffset(i) - pairOffset(rowStart) + j - i - 1) when given, and each tile's
 * (sum |cos|, sum cos^2), started from zero, into `sums[2 (t - t0)]`, `sums[2 (t - t0) + 1]`.
 * @internal
 */
export function runTiles(
  U: Float32Array,
  plan: PassPlan,
  cfg: PassConfig,
  t0: number,
  t1: number,
  acc: PassAccumulator,
  stored: Float64Array | null,
  G: Float32Array,
  sums: Float64Array,
): void {
  const { L, d, tiles, kernel } = plan;
  const st: TileState = {
    s: 0,
    s2: 0,
    overflow: acc.overflow,
    max: acc.max,
    mi: acc.mi,
    mj: acc.mj,
  };
  const base = pairOffset(L, plan.rowStart);
  for (let t = t0; t < t1; t++) {
    const i0 = tiles[4 * t];
    const i1 = tiles[4 * t + 1];
    const j0 = tiles[4 * t + 2];
    const j1 = tiles[4 * t + 3];
    gramTile(U, L, d, i0, i1, j0, j1, G, kernel);
    st.s = 0;
    st.s2 = 0;
    for (let i = i0; i < i1; i++) {
      const jStart = Math.max(j0, i + 1);
      if (jStart >= j1) continue;
      const o = (i - i0) * (j1 - j0) - j0;
      if (cfg.maxOnly === true) {
        rowMax(G, o, i, jStart, j1, st);
      } else if (stored !== null) {
        rowStored(
          G,
          o,
          i,
          jStart,
          j1,
          cfg,
          acc.counts,
          st,
          stored,
          pairOffset(L, i) - base - i - 1,
        );
      } else if (acc.fine !== null) {
        rowFine(G, o, i, jStart, j1, cfg, acc.counts, st, acc.fine);
      } else {
        rowPlain(G, o, i, jStart, j1, cfg, acc.counts, st);
      }
    }
    sums[2 * (t - t0)] = st.s;
    sums[2 * (t - t0) + 1] = st.s2;
  }
  acc.overflow = st.overflow;
  acc.max = st.max;
  acc.mi = st.mi;
  acc.mj = st.mj;
}

/** Running state of a tile: its sums, and the accumulator's overflow and maximum. */
interface TileState {
  s: number;
  s2: number;
  overflow: number;
  max: number;
  mi: number;
  mj: number;
}

// One row of a tile, j in [jStart, j1): three copies of one loop, so that each stays
// branch-free in what it does not need (the fine histogram, the stored values).

function rowMax(
  G: Float32Array,
  o: number,
  i: number,
  jStart: number,
  j1: number,
  st: TileState,
): void {
  let max = -1;
  let mj = -1;
  for (let j = jStart; j < j1; j++) {
    const a = Math.abs(G[o + j]);
    if (a > max) {
      max = a;
      mj = j;
    }
  }
  finishRow(st, 0, 0, st.overflow, max, i, mj);
}

function rowPlain(
  G: Float32Array,
  o: number,
  i: number,
  jStart: number,
  j1: number,
  cfg: PassConfig,
  counts: Float64Array,
  st: TileState,
): void {
  const { bins, scale } = cfg;
  let s = 0;
  let s2 = 0;
  let overflow = st.overflow;
  let max = -1;
  let mj = -1;
  for (let j = jStart; j < j1; j++) {
    const a = Math.abs(G[o + j]);
    s += a;
    s2 += a * a;
    if (a > max) {
      max = a;
      mj = j;
    }
    const x = a * scale; // floor(x) < bins exactly when x < bins; then x | 0 = floor(x)
    if (x < bins) counts[x | 0]++;
    else overflow++;
  }
  finishRow(st, s, s2, overflow, max, i, mj);
}

function rowFine(
  G: Float32Array,
  o: number,
  i: number,
  jStart: number,
  j1: number,
  cfg: PassConfig,
  counts: Float64Array,
  st: TileState,
  fine: Float64Array,
): void {
  const { bins, scale } = cfg;
  let s = 0;
  let s2 = 0;
  let overflow = st.overflow;
  let max = -1;
  let mj = -1;
  for (let j = jStart; j < j1; j++) {
    const a = Math.abs(G[o + j]);
    s += a;
    s2 += a * a;
    if (a > max) {
      max = a;
      mj = j;
    }
    fine[a < 1 ? (a * FINE_BINS) | 0 : FINE_BINS - 1]++;
    const x = a * scale; // floor(x) < bins exactly when x < bins; then x | 0 = floor(x)
    if (x < bins) counts[x | 0]++;
    else overflow++;
  }
  finishRow(st, s, s2, overflow, max, i, mj);
}

function rowStored(
  G: Float32Array,
  o: number,
  i: number,
  jStart: number,
  j1: number,
  cfg: PassConfig,
  counts: Float64Array,
  st: TileState,
  stored: Float64Array,
  so: number,
): void {
  const { bins, scale } = cfg;
  let s = 0;
  let s2 = 0;
  let overflow = st.overflow;
  let max = -1;
  let mj = -1;
  for (let j = jStart; j < j1; j++) {
    const a = Math.abs(G[o + j]);
    s += a;
    s2 += a * a;
    if (a > max) {
      max = a;
      mj = j;
    }
    stored[so + j] = a;
    const x = a * scale; // floor(x) < bins exactly when x < bins; then x | 0 = floor(x)
    if (x < bins) counts[x | 0]++;
    else overflow++;
  }
  finishRow(st, s, s2, overflow, max, i, mj);
}

/**
 * Fold a row into the tile state. Within the row the first (smallest j) of equal maxima was
 * kept; against the running maximum, ties go to the smaller (i, j), so the maximum's pair does
 * not depend on the order in which rows and tiles are visited.
 */
function finishRow(
  st: TileState,
  s: number,
  s2: number,
  overflow: number,
  max: number,
  i: number,
  mj: number,
): void {
  st.s += s;
  st.s2 += s2;
  st.overflow = overflow;
  if (mj >= 0 && (max > st.max || (max === st.max && (i < st.mi || (i === st.mi && mj < st.mj))))) {
    st.max = max;
    st.mi = i;
    st.mj = mj;
  }
}

/** Merge accumulators (any order: counts are exact, the maximum ties to the smallest (i, j)) and the tile sums in tile order. @internal */
export function mergePass(
  accs: PassAccumulator[],
  sums: Float64Array,
  cfg: PassConfig,
): PassResult {
  const out = newAccumulator(cfg);
  for (const a of accs) {
    for (let b = 0; b < cfg.bins; b++) out.counts[b] += a.counts[b];
    out.overflow += a.overflow;
    if (out.fine !== null && a.fine !== null) {
      for (let b = 0; b < FINE_BINS; b++) out.fine[b] += a.fine[b];
    }
    if (
      a.mi >= 0 &&
      (a.max > out.max ||
        (a.max === out.max && (a.mi < out.mi || (a.mi === out.mi && a.mj < out.mj))))
    ) {
      out.max = a.max;
      out.mi = a.mi;
      out.mj = a.mj;
    }
  }
  let sum = 0;
  let sumSq = 0;
  for (let t = 0; t < sums.length; t += 2) {
    sum += sums[t];
    sumSq += sums[t + 1];
  }
  return { ...out, sum, sumSq };
}

/** The whole pass on the calling thread. @internal */
export function runPassSync(
  U: Float32Array,
  plan: PassPlan,
  cfg: PassConfig,
  stored: Float64Array | null,
): PassResult {
  const acc = newAccumulator(cfg);
  const sums = new Float64Array(2 * plan.count);
  runTiles(U, plan, cfg, 0, plan.count, acc, stored, tileScratch(plan), sums);
  return mergePass([acc], sums, cfg);
}

/** Something that runs ranges of tiles (the calling thread, or a worker) and keeps its own accumulator. @internal */
export interface PassExecutor {
  /** Tile sums of tiles [t0, t1), 2 per tile. */
  run(t0: number, t1: number): Promise<Float64Array>;
  /** This executor's accumulator, after its last run. */
  finish(): Promise<PassAccumulator>;
  /** Release resources (idempotent). */
  close(): void;
}

/** An executor on the calling thread (for tests of the scheduling and merging). @internal */
export function inlineExecutor(
  U: Float32Array,
  plan: PassPlan,
  cfg: PassConfig,
  stored: Float64Array | null,
): PassExecutor {
  const acc = newAccumulator(cfg);
  const G = tileScratch(plan);
  return {
    run: async (t0, t1) => {
      const sums = new Float64Array(2 * (t1 - t0));
      runTiles(U, plan, cfg, t0, t1, acc, stored, G, sums);
      return sums;
    },
    finish: async () => acc,
    close: () => {},
  };
}

/** Tiles per task when `executors` share a plan of `count` tiles: small enough to balance, large enough to amortise a message. @internal */
export function tilesPerTask(count: number, executors: number): number {
  return Math.max(1, Math.min(32, Math.ceil(count / (8 * executors))));
}

/**
 * Share the tiles between executors: each takes the next range of tiles when it is done with
 * its last, so the split depends on timing, but the merged result does not.
 * @internal
 */
export async function runPassWith(
  executors: PassExecutor[],
  plan: PassPlan,
  cfg: PassConfig,
): Promise<PassResult> {
  const sums = new Float64Array(2 * plan.count);
  const step = tilesPerTask(plan.count, executors.length);
  let next = 0;
  const loop = async (ex: PassExecutor): Promise<void> => {
    while (next < plan.count) {
      const t0 = next;
      const t1 = Math.min(plan.count, t0 + step);
      next = t1;
      sums.set(await ex.run(t0, t1), 2 * t0);
    }
  };
  await Promise.all(executors.map(loop));
  const accs = await Promise.all(executors.map((ex) => ex.finish()));
  return mergePass(accs, sums, cfg);
}
