// Benchmarks of the VSA operations at d = 10,000, each set against a hardware limit probed in
// the same run: the time to move the operation's bytes at the measured memory bandwidth.
//
//   pnpm --filter @hyperposition/hypervector build
//   node packages/hypervector/bench/ops.bench.mjs [--json out.json] [--quick]
//
// A plain Node script over the built package (../dist/index.js), with its own harness:
// warm-up runs, then N timed runs, median via process.hrtime.bigint.
import { writeFileSync } from 'node:fs';
import {
  MODEL_NAMES,
  createModel,
  createRng,
  hammingSimilarityPacked,
  packBipolar,
} from '../dist/index.js';

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonPath = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const quick = args.includes('--quick');

const D = 10_000;
const ITEMS = quick ? 1000 : 10_000;
const BUNDLE = 100;

/**
 * Median wall time in seconds of one call: `runs` samples after `warmup` calls, each sample
 * timing `inner` back-to-back calls (so a microsecond operation is not lost in timer noise).
 */
function time(fn, { warmup = 3, runs = 15, inner = 1 } = {}) {
  for (let i = 0; i < warmup * inner; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < inner; k++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e9 / inner);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

/** Memory bandwidth (bytes/s): Float32Array.prototype.set between two buffers larger than cache. */
function probeBandwidth() {
  const n = 16 << 20; // 64 MiB per buffer
  const src = new Float32Array(n).fill(1);
  const dst = new Float32Array(n);
  const t = time(() => dst.set(src), { warmup: 2, runs: 9 });
  return (2 * n * 4) / t; // read + write
}

/** Cache-resident bandwidth (bytes/s): the same copy on 256 KiB buffers, repeated. */
function probeCacheBandwidth() {
  const n = 1 << 16;
  const src = new Float32Array(n).fill(1);
  const dst = new Float32Array(n);
  const reps = 200;
  const t = time(
    () => {
      for (let r = 0; r < reps; r++) dst.set(src);
    },
    { warmup: 3, runs: 9 },
  );
  return (reps * 2 * n * 4) / t;
}

const bandwidth = probeBandwidth();
const cacheBandwidth = probeCacheBandwidth();
const results = [];

function record(model, op, seconds, bytes, limitBandwidth = bandwidth) {
  const limit = bytes / limitBandwidth;
  results.push({ model, op, seconds, bytes, limitSeconds: limit, ratio: seconds / limit });
}

const rng = createRng('bench');
for (const name of MODEL_NAMES) {
  const m = createModel(name, { dim: D, blockSize: 100 });
  const bpe = globalThis[m.arrayType].BYTES_PER_ELEMENT;
  const vec = m.length * bpe;
  const pair = m.random(2, { rng });
  const a = m.row(pair, 0);
  const b = m.row(pair, 1);
  const out = m.alloc(1);
  // Small vectors stay in cache: compare with the cache-resident bandwidth.
  record(
    name,
    'bind',
    time(() => m.bind(a, b, out), { warmup: 5, runs: 21, inner: name === 'HRR' ? 1 : 200 }),
    3 * vec,
    cacheBandwidth,
  );
  record(
    name,
    'permute',
    time(() => m.permute(a, 17, out), { warmup: 5, runs: 21, inner: 200 }),
    2 * vec,
    cacheBandwidth,
  );
  const rows = m.random(BUNDLE, { rng });
  const opts = { out, rng: createRng(1) };
  record(
    name,
    `bundle ${BUNDLE}`,
    time(() => m.bundle(rows, opts), { warmup: 3, runs: 15 }),
    (BUNDLE + 1) * vec,
  );
  let items = m.random(ITEMS, { rng });
  const sims = new Float32Array(ITEMS);
  record(
    name,
    `similarity 1 x ${ITEMS}`,
    time(() => m.similarity(a, items, sims), { warmup: 2, runs: 7 }),
    ITEMS * vec,
  );
  if (name === 'MAP-B') {
    const packedItems = packBipolar(items, D);
    const packedQuery = packBipolar(a, D);
    const pbytes = packedItems.length * 4;
    record(
      'MAP-B packed',
      `similarity 1 x ${ITEMS}`,
      time(() => hammingSimilarityPacked(packedQuery, packedItems, D, sims), {
        warmup: 3,
        runs: 15,
      }),
      pbytes,
    );
    const nq = quick ? 100 : 1000;
    const queries = packBipolar(m.random(nq, { rng }), D);
    const many = new Float32Array(nq * ITEMS);
    const t = time(() => hammingSimilarityPacked(queries, packedItems, D, many), {
      warmup: 1,
      runs: 3,
    });
    // Streaming the packed codebook once per query is the memory-bound floor of this op.
    record('MAP-B packed', `similarity ${nq} x ${ITEMS}`, t, nq * pbytes + many.length * 4);
  }
  items = undefined;
}

const fmt = (s) =>
  s >= 1
    ? `${s.toFixed(2)} s`
    : s >= 1e-3
      ? `${(s * 1e3).toFixed(2)} ms`
      : `${(s * 1e6).toFixed(1)} us`;
console.log(
  `memory bandwidth ${(bandwidth / 1e9).toFixed(1)} GB/s, cache-resident ${(cacheBandwidth / 1e9).toFixed(1)} GB/s (Float32Array.prototype.set)`,
);
console.log(`d = ${D}; ratio = median time / (bytes moved / bandwidth)`);
console.log(
  [
    'model'.padEnd(14),
    'op'.padEnd(26),
    'median'.padStart(10),
    'limit'.padStart(10),
    'ratio'.padStart(8),
  ].join(' '),
);
for (const r of results) {
  console.log(
    [
      r.model.padEnd(14),
      r.op.padEnd(26),
      fmt(r.seconds).padStart(10),
      fmt(r.limitSeconds).padStart(10),
      r.ratio.toFixed(1).padStart(8),
    ].join(' '),
  );
}
if (jsonPath) {
  writeFileSync(
    jsonPath,
    JSON.stringify(
      { node: process.version, dim: D, items: ITEMS, bandwidth, cacheBandwidth, results },
      null,
      2,
    ) + '\n',
  );
  console.log(`wrote ${jsonPath}`);
}
