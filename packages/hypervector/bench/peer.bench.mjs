// The VSA workloads of bench/peers/vsa.py, run by @hyperposition/hypervector at the same
// sizes (d = 10,000), so that bench/run.mjs can set them side by side:
// bind / bundle of 100 / permute per model, and clean-up of 1,000 queries against 10,000
// items for bipolar MAP (packed signs, Hamming) and BSC, each followed by an arg-max.
//
//   pnpm --filter @hyperposition/hypervector build
//   node packages/hypervector/bench/peer.bench.mjs [--json out.json] [--quick] [--queries 1000]
//     [--ops-only]
import { writeFileSync } from 'node:fs';
import {
  createArena,
  createModel,
  createRng,
  hammingSimilarityPacked,
  packBipolar,
} from '../dist/index.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const quick = args.includes('--quick');
// Only the bind / bundle / permute rows (bench/run.mjs's second pass), no clean-up.
const opsOnly = args.includes('--ops-only');
const jsonPath = opt('json', null);
const D = 10_000;
const QUERIES = Number(opt('queries', quick ? 100 : 1000));
const ITEMS = Number(opt('items', 10_000));

/** Median seconds per call over `runs` timed batches of `inner` calls, after `warmup` batches. */
function time(fn, { runs = 7, inner = 1, warmup = 1 } = {}) {
  for (let i = 0; i < warmup * inner; i++) fn();
  const xs = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < inner; k++) fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e9 / inner);
  }
  xs.sort((a, b) => a - b);
  return { median_s: xs[xs.length >> 1], runs };
}

/**
 * The VSA rows, timed in rounds: each round takes one batch of every row in turn, each batch
 * of an operation followed by a batch of as many copies (`Float32Array.prototype.set`) between
 * two buffers that together hold `bytes`, the operation's working set. A shared machine's
 * speed drifts within a run, in phases of a second or more: taking the rows in turn spreads
 * every phase over all of them, and the copy beside each batch sees the machine at the same
 * moment as the operation. Each row gets `median_s` (its median batch, per call) and
 * `floor_s`: the copy's median time scaled to move exactly `bytes` (read half, write half).
 *
 * @param rows - `{ key, fn, bytes, inner }` (calls of `fn` per batch).
 * @param runs - rounds (batches per row).
 */
function timeRowsWithFloors(rows, runs = 21) {
  const state = rows.map(({ fn, bytes, inner }) => {
    const n = Math.max(1, Math.ceil(bytes / 8));
    const src = new Float32Array(n).fill(1);
    const dst = new Float32Array(n);
    const copy = () => dst.set(src);
    // One untimed batch of each first (compilation, caches).
    for (let i = 0; i < inner; i++) {
      fn();
      copy();
    }
    return { copy, n, xs: [], ys: [] };
  });
  for (let r = 0; r < runs; r++) {
    rows.forEach(({ fn, inner }, i) => {
      const st = state[i];
      let t0 = process.hrtime.bigint();
      for (let k = 0; k < inner; k++) fn();
      st.xs.push(Number(process.hrtime.bigint() - t0) / 1e9 / inner);
      t0 = process.hrtime.bigint();
      for (let k = 0; k < inner; k++) st.copy();
      st.ys.push(Number(process.hrtime.bigint() - t0) / 1e9 / inner);
    });
  }
  const out = {};
  rows.forEach(({ key, bytes }, i) => {
    const { xs, ys, n } = state[i];
    xs.sort((a, b) => a - b);
    ys.sort((a, b) => a - b);
    const moved = 8 * n;
    out[key] = { median_s: xs[runs >> 1], runs, floor_s: (ys[runs >> 1] * bytes) / moved, bytes };
  });
  return out;
}

const results = {};
const rng = createRng('peer-bench');
// The VSA rows of every model, timed together below (see timeRowsWithFloors).
const vsaRows = [];
// The peer's names: MAP is bipolar MAP (ours: MAP-B), BSC, HRR, FHRR.
for (const [peerName, name] of [
  ['MAP', 'MAP-B'],
  ['BSC', 'BSC'],
  ['HRR', 'HRR'],
  ['FHRR', 'FHRR'],
]) {
  const m = createModel(name, { dim: D });
  const pair = m.random(2, { rng });
  const a = m.row(pair, 0);
  const b = m.row(pair, 1);
  const out = m.alloc(1);
  const rows = m.random(100, { rng });
  const bopts = { out, rng: createRng(1) };
  const fast = name === 'HRR' ? 200 : 2000;
  const vec = m.length * globalThis[m.arrayType].BYTES_PER_ELEMENT;
  // 21 rounds (as the peer's vsa.py takes 21 batches): the median of microsecond operations
  // on a shared machine needs more than a handful. Working sets: bind 3 vectors (a, b, out),
  // bundle of 100 101, permute 2. Batches of about 1 ms or more for every model's bundle.
  const bundles = name === 'BSC' ? 500 : name === 'MAP-B' ? 100 : 50;
  vsaRows.push(
    { key: `${peerName}.bind`, fn: () => m.bind(a, b, out), bytes: 3 * vec, inner: fast },
    {
      key: `${peerName}.bundle100`,
      fn: () => m.bundle(rows, bopts),
      bytes: 101 * vec,
      inner: bundles,
    },
    { key: `${peerName}.permute`, fn: () => m.permute(a, 1, out), bytes: 2 * vec, inner: 2000 },
  );
  // The same binding (where arenas have a kernel of their own) and permutation on vectors kept
  // in a vector arena (WebAssembly memory).
  const arena = createArena({ bytes: 1 << 20 });
  const A = arena.from(m, a);
  const B = arena.from(m, b);
  const O = arena.alloc(m);
  if (name !== 'HRR' && name !== 'FHRR')
    vsaRows.push({
      key: `${peerName}.bind.arena`,
      fn: () => m.bind(A, B, O),
      bytes: 3 * vec,
      inner: fast,
    });
  vsaRows.push({
    key: `${peerName}.permute.arena`,
    fn: () => m.permute(A, 1, O),
    bytes: 2 * vec,
    inner: 2000,
  });
  // Similarity of one query to 1,000 items (a clean-up memory's lookup): the models' own
  // similarity (cosine; BSC: Hamming), the codebook read once.
  const items = m.random(1000, { rng });
  const sims = new Float32Array(1000);
  vsaRows.push({
    key: `${peerName}.sim1000`,
    fn: () => m.similarity(a, items, sims),
    bytes: 1001 * vec,
    inner: name === 'BSC' ? 200 : 4,
  });
  results[`${peerName}.bytes`] = { vector: vec };
}
Object.assign(results, timeRowsWithFloors(vsaRows));

function argmaxRows(sims, nq, n, best) {
  for (let q = 0; q < nq; q++) {
    let bi = 0;
    let bv = -Infinity;
    const o = q * n;
    for (let j = 0; j < n; j++) {
      const v = sims[o + j];
      if (v > bv) {
        bv = v;
        bi = j;
      }
    }
    best[q] = bi;
  }
}

// Clean-up. The item memory is stored packed (32 signs per word) once; each query batch is
// packed inside the timed call, then compared with every item and reduced by arg-max.
if (!opsOnly) {
  const map = createModel('MAP-B', { dim: D });
  const items = map.random(ITEMS, { rng });
  const queries = map.random(QUERIES, { rng });
  const packedItems = packBipolar(items, D);
  const sims = new Float32Array(QUERIES * ITEMS);
  const best = new Int32Array(QUERIES);
  results['cleanup.MAP'] = time(
    () => {
      const q = packBipolar(queries, D);
      hammingSimilarityPacked(q, packedItems, D, sims);
      argmaxRows(sims, QUERIES, ITEMS, best);
    },
    { runs: 3 },
  );
  const bsc = createModel('BSC', { dim: D });
  const bItems = bsc.random(ITEMS, { rng });
  const bQueries = bsc.random(QUERIES, { rng });
  results['cleanup.BSC'] = time(
    () => {
      bsc.similarity(bQueries, bItems, sims);
      argmaxRows(sims, QUERIES, ITEMS, best);
    },
    { runs: 3 },
  );
  results['cleanup.queries'] = QUERIES;
  results['cleanup.items'] = ITEMS;
}

const out = { node: process.version, dim: D, results };
console.log(JSON.stringify(out));
if (jsonPath) writeFileSync(jsonPath, JSON.stringify(out, null, 2) + '\n');
