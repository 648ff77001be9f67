#!/usr/bin/env node
// Blocked Gram throughput of @hyperposition/interference on the "at scale" problem:
// n = 100,000 feature directions in d = 512 dimensions (a codebook, features as rows).
//
// A full exact pass over the upper triangle is about 5.1e12 flops (n^2 d; flops count a
// multiply and an add as two), so this benchmark times a representative band of rows (every
// tile (I, J >= I) of the first `--band` rows: the same kernel, the same memory traffic per tile
// as the rest of the pass) and EXTRAPOLATES the full-pass time from the measured rate:
//   full pass (w workers) = setup (normalising the n rows once) + starting the workers
//                           + flops of all tiles / measured band rate with w workers.
//
// Paths, all in this run on the same data:
//   before       the previous scalar kernel (4 x 4 register-blocked JavaScript, Float64
//                accumulators; still in dist/kernels/gramBlock.js) over a band of `--old-band` rows
//   gramBlocks   the public visitor API, one thread (matmulNT tiles, block-sized Float64 copies)
//   |cos| stats  the pass of absCosDistribution / compareToRandom (matmulNT tiles; sums,
//                histograms, maximum) on the calling thread, and on `--workers` worker threads
//                (absCosDistributionAsync, gramStatsParallel)
//   coherence    the pass of coherence / coherenceAsync (matmulNT tiles; maximum and its pair
//                only), on the calling thread and on `--workers` worker threads: the Gram /
//                coherence row of bench/run.mjs
//
// Tiles are computed by the native matmulNT of @hyperposition/hypervector (nativeKernels(): C++,
// AVX-512/AVX2, four accumulated chunk products per tile) when it loads, as the library does by
// default, else by the WebAssembly matmulNT; `--native 0` forces WebAssembly (the browser's
// path; HYPERPOSITION_NATIVE=0 does the same). `--block` defaults to the library's default for
// the kernel (128 WebAssembly, 480 native), and the band is rounded up to whole blocks.
//
// It compares the rates with (1) the hardware's SGEMM rate from /work/shared/PERFORMANCE.md
// (about 145 GFLOP/s per core, OpenBLAS with the right kernel), (2) a same-run probe of plain
// JavaScript's scalar multiply-add ceiling (register-only loop, no memory), and (3) when
// /usr/bin/python3 has numpy, a same-run single-thread SGEMM probe (OPENBLAS_CORETYPE=SkylakeX).
//
// Usage (build first: pnpm --filter @hyperposition/hypervector --filter @hyperposition/interference build):
//   node packages/interference/bench/gram.bench.mjs [--band 256] [--old-band 64] [--block 128] [--visit-block 64]
//        [--reps 3] [--workers 2] [--native 0|1] [--json out.json] [--smoke]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRng, nativeKernels } from '@hyperposition/hypervector';
import { featureMatrix, gramBlocks, gramStatsParallel } from '../dist/index.js';
import { liveUnitRows, squaredNorms } from '../dist/core/normalize.js';
import { gramBlock } from '../dist/kernels/gramBlock.js';
import { defaultBlock } from '../dist/kernels/forEachBlock.js';
import { planPass, runPassSync, runPassWith } from '../dist/parallel/absCosPass.js';
import { float32, startWorkers } from '../dist/parallel/pool.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const smoke = args.includes('--smoke');
const n = smoke ? 2000 : 100_000;
const d = smoke ? 64 : 512;
const kernel = opt('native', '1') !== '0' && nativeKernels() !== null ? 'native' : 'wasm';
const native = kernel === 'native';
const block = Number(opt('block', defaultBlock(kernel))); // rows of a tile of the |cos| pass (its default)
const visitBlock = Number(opt('visit-block', 64)); // gramBlocks' block and the old kernel's (their default)
// whole tiles of rows (at least one), so that the band runs the tiles the full pass runs
const band = Math.min(n, block * Math.ceil(Number(opt('band', smoke ? 64 : 256)) / block));
const oldBand = Math.min(band, Number(opt('old-band', 64)));
const reps = Number(opt('reps', smoke ? 2 : 3));
const maxWorkers = Number(opt('workers', 2));
const jsonPath = opt('json', null);
const SGEMM_REFERENCE = 145; // GFLOP/s per core, PERFORMANCE.md

function log(...xs) {
  process.stderr.write(xs.join(' ') + '\n');
}
const now = () => Number(process.hrtime.bigint()) / 1e9;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// --- data: seeded Gaussian codebook [n, d]
log(`generating ${n} x ${d} Gaussian directions (seed 1)...`);
const rng = createRng(1);
const data = new Float32Array(n * d);
for (let t = 0; t < data.length; t++) data[t] = rng.nextNormal();
const W = { data, rows: n, cols: d };

// --- setup, timed: validate, norms in Float64, unit rows in Float32 on a SharedArrayBuffer
let t0 = now();
const F = featureMatrix(W, { features: 'rows' });
const { U } = liveUnitRows(F, squaredNorms(F), (len) => float32(len, true), kernel);
// the scalar kernel of `before` reads row-major rows
const Urows = native ? liveUnitRows(F, squaredNorms(F)).U : U;
const setupSeconds = now() - t0;
log(`setup (validate + normalise ${n} rows): ${setupSeconds.toFixed(2)} s`);

let sink = 0;
const cfg = {
  bins: 64,
  scale: 64 / Math.min(1, Math.ceil((8 / Math.sqrt(d)) * 100) / 100),
  fine: true,
};
const plan = planPass(n, d, block, 0, band, kernel);
const fullPlan = planPass(n, d, block, 0, n, kernel);
const fullFlops = fullPlan.flops; // all tiles, those on the diagonal counted whole
const floorFlops = n * n * d; // the symmetric half of 2 n^2 d
const floorSeconds = floorFlops / (SGEMM_REFERENCE * 1e9);

// --- before: the previous scalar kernel over a band of oldBand rows (Float64 block, reused)
function scalarBand(rows) {
  const G = new Float64Array(visitBlock * visitBlock);
  let flops = 0;
  for (let i0 = 0; i0 < rows; i0 += visitBlock) {
    const i1 = Math.min(i0 + visitBlock, rows);
    for (let j0 = i0; j0 < n; j0 += visitBlock) {
      const j1 = Math.min(j0 + visitBlock, n);
      gramBlock(Urows, d, i0, i1, j0, j1, G);
      sink += G[0];
      flops += 2 * d * (i1 - i0) * (j1 - j0);
    }
  }
  return flops;
}
{
  // JIT warm-up on a small slice
  const G = new Float64Array(visitBlock * visitBlock);
  for (let j0 = 0; j0 < Math.min(n, 2048); j0 += visitBlock)
    gramBlock(Urows, d, 0, visitBlock, j0, j0 + visitBlock, G);
}
log(`before: scalar kernel, band of ${oldBand} rows...`);
t0 = now();
const beforeCpu0 = process.cpuUsage();
const beforeFlops = scalarBand(oldBand);
const beforeCpu = process.cpuUsage(beforeCpu0);
const beforeSeconds = now() - t0;
const beforeGflops = beforeFlops / beforeSeconds / 1e9;
const beforePerCpu = beforeFlops / ((beforeCpu.user + beforeCpu.system) / 1e6) / 1e9;

// --- gramBlocks, the public visitor API (one thread). Each call normalises all n rows first, so
// its rate is read from the difference between a band of `band` rows and one of `visitBlock`
// rows (same normalisation, fewer tiles), each the best of two calls; the band here is at least
// 8 visit blocks.
const warm = { data: data.subarray(0, Math.min(2048, n) * d), rows: Math.min(2048, n), cols: d };
gramBlocks(warm, { features: 'rows', block: visitBlock, native }, () => {});
log(`gramBlocks: band of ${band} rows...`);
const timeGramBlocks = (rows) => {
  const s0 = now();
  const r = gramBlocks(
    W,
    { features: 'rows', block: visitBlock, rowStart: 0, rowEnd: rows, native },
    (b) => {
      sink += b.values[0];
    },
  );
  return { flops: r.flops, seconds: now() - s0 };
};
const best = (rows) => {
  const a = timeGramBlocks(rows);
  const b = timeGramBlocks(rows);
  return a.seconds < b.seconds ? a : b;
};
const gbOne = best(Math.min(visitBlock, band));
const gbAll = best(Math.min(n, Math.max(band, 8 * visitBlock))); // at least 8 block rows
const gb = { flops: gbAll.flops - gbOne.flops };
const gbSeconds = Math.max(1e-9, gbAll.seconds - gbOne.seconds);
const gbGflops = gb.flops / gbSeconds / 1e9;

// --- the passes on 1 thread and on maxWorkers workers
const smallPlan = planPass(n, d, block, 0, Math.min(block, band), kernel);
// The pass of absCosDistribution (sums, histograms, maximum) and the coherence pass (maximum
// only), each on one thread and on maxWorkers workers, alternating run by run so that both
// see the same load.
const KINDS = {
  stats: cfg,
  coherence: { bins: 1, scale: 1, fine: false, maxOnly: true },
};
const paths = {};
for (const [kind, kcfg] of Object.entries(KINDS)) {
  runPassSync(U, smallPlan, kcfg, null); // warm-up
  t0 = now();
  const executors =
    maxWorkers > 1 ? await startWorkers(maxWorkers, { U, plan, cfg: kcfg, stored: null }) : null;
  const startSeconds = now() - t0;
  if (maxWorkers > 1 && executors === null)
    log(`${maxWorkers} workers: could not start (is dist built?)`);
  try {
    const runs = { 1: [], [maxWorkers]: [] };
    const cpus = { 1: 0, [maxWorkers]: 0 };
    const cpuSeconds = (u) => (u.user + u.system) / 1e6;
    for (let r = 0; r < reps; r++) {
      let c0 = process.cpuUsage();
      t0 = now();
      sink += runPassSync(U, plan, kcfg, null).max;
      runs[1].push(now() - t0);
      cpus[1] += cpuSeconds(process.cpuUsage(c0));
      if (executors === null) continue;
      c0 = process.cpuUsage(); // all threads of this process, the workers included
      t0 = now();
      sink += (await runPassWith(executors, plan, kcfg)).max;
      runs[maxWorkers].push(now() - t0);
      cpus[maxWorkers] += cpuSeconds(process.cpuUsage(c0));
    }
    for (const w of Object.keys(runs).map(Number)) {
      const xs = runs[w];
      if (xs.length === 0) continue;
      const seconds = median(xs);
      paths[`${kind}${w}`] = {
        kind,
        workers: w,
        seconds,
        runs: xs,
        gflops: plan.flops / seconds / 1e9,
        bestGflops: plan.flops / Math.min(...xs) / 1e9,
        gflopsPerCpuSecond: (xs.length * plan.flops) / cpus[w] / 1e9,
        startSeconds: w > 1 ? startSeconds : 0,
      };
    }
  } finally {
    for (const e of executors ?? []) e.close();
  }
}
for (const p of Object.values(paths)) {
  p.fullPassSeconds = setupSeconds + p.startSeconds + fullFlops / (p.gflops * 1e9);
  p.toFloor = p.fullPassSeconds / floorSeconds;
}

// --- end to end through the public API: gramStatsParallel over the band (setup + start included)
t0 = now();
const e2e = await gramStatsParallel(W, {
  features: 'rows',
  block,
  rowStart: 0,
  rowEnd: band,
  workers: maxWorkers,
  native,
});
const e2eSeconds = now() - t0;
sink += e2e.sum;

// --- same-run probe 1: plain JS scalar multiply-add ceiling (8 independent chains)
function jsProbe() {
  const iters = smoke ? 2e6 : 5e7;
  let a0 = 1,
    a1 = 1.1,
    a2 = 1.2,
    a3 = 1.3,
    a4 = 1.4,
    a5 = 1.5,
    a6 = 1.6,
    a7 = 1.7;
  const m = 0.9999999,
    c = 1e-7;
  const s = process.hrtime.bigint();
  for (let i = 0; i < iters; i++) {
    a0 = a0 * m + c;
    a1 = a1 * m + c;
    a2 = a2 * m + c;
    a3 = a3 * m + c;
    a4 = a4 * m + c;
    a5 = a5 * m + c;
    a6 = a6 * m + c;
    a7 = a7 * m + c;
  }
  const e = Number(process.hrtime.bigint() - s) / 1e9;
  sink += a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
  return (iters * 16) / e / 1e9;
}
jsProbe();
const jsGflops = jsProbe();

// --- same-run probe 2: single-thread SGEMM through numpy/OpenBLAS, if available
let sgemmGflops = null;
const py = spawnSync(
  '/usr/bin/python3',
  [
    '-c',
    `import numpy as np, time
a = np.random.default_rng(0).standard_normal((2048, 2048)).astype(np.float32)
b = a.T.copy(); a @ b
t = time.perf_counter(); r = 5
for _ in range(r): a @ b
print(2 * 2048**3 * r / (time.perf_counter() - t) / 1e9)`,
  ],
  {
    env: {
      ...process.env,
      OPENBLAS_CORETYPE: 'SkylakeX',
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: '1',
    },
    timeout: 120_000,
    encoding: 'utf8',
  },
);
if (py.status === 0) sgemmGflops = Number(py.stdout.trim());

const main = paths[`coherence${maxWorkers}`] ?? paths.coherence1;
const before = {
  bandRows: oldBand,
  flops: beforeFlops,
  seconds: beforeSeconds,
  gflops: beforeGflops,
  gflopsPerCpuSecond: beforePerCpu,
  fullPassSeconds: setupSeconds + fullFlops / (beforeGflops * 1e9),
};
before.toFloor = before.fullPassSeconds / floorSeconds;
const result = {
  benchmark: `interference blocked Gram (cosine), upper triangle, ${native ? 'native' : 'WebAssembly'} matmulNT tiles`,
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    loadAverage1m: os.loadavg()[0],
  },
  problem: { n, d, block, visitBlock, bandRows: band, tiles: plan.count, reps, smoke, kernel },
  // the default path (the coherence pass on maxWorkers workers): what run.mjs reports
  measured: {
    workers: main.workers,
    flops: plan.flops,
    seconds: main.seconds,
    gflops: main.gflops,
    setupSeconds,
    startSeconds: main.startSeconds,
  },
  extrapolated: {
    note: 'full-pass time = setup + worker start + all tiles at the measured band rate; not measured',
    fullPassFlops: fullFlops,
    floorFlops,
    floorSeconds,
    fullPassSeconds: main.fullPassSeconds,
    toFloor: main.toFloor,
  },
  paths: {
    before,
    gramBlocks: { flops: gb.flops, seconds: gbSeconds, gflops: gbGflops },
    ...paths,
    workers1: paths.coherence1, // the one-thread row of run.mjs
    endToEnd: { workers: e2e.workers, seconds: e2eSeconds, flops: e2e.flops },
  },
  references: {
    sgemmReferenceGflops: SGEMM_REFERENCE,
    jsScalarProbeGflops: jsGflops,
    sgemmProbeGflops: sgemmGflops,
  },
  ratios: {
    toSgemmReference: main.gflops / SGEMM_REFERENCE,
    toJsScalarProbe: main.gflops / jsGflops,
    toSgemmProbe: sgemmGflops ? main.gflops / sgemmGflops : null,
    speedupOverBefore: main.gflops / beforeGflops,
  },
  sink,
};

const f = (x, p = 2) => (x === null || x === undefined ? 'n/a' : x.toFixed(p));
const mins = (s) => (s >= 600 ? `${f(s / 60, 1)} min` : `${f(s, 1)} s`);
console.log(
  `blocked Gram, ${kernel} matmulNT tiles${native ? ` (${nativeKernels().isa})` : ''}, n = ${n}, d = ${d}, block ${block}, band of ${band} rows (${plan.count} tiles), load ${f(os.loadavg()[0], 1)}`,
);
console.log(
  `  floor: n^2 d = ${f(floorFlops / 1e12, 2)} TFLOP at ${SGEMM_REFERENCE} GFLOP/s = ${f(floorSeconds, 1)} s; target (3x) ${f(3 * floorSeconds, 0)} s`,
);
console.log(`  setup (validate + normalise, once): ${f(setupSeconds, 2)} s`);
const line = (name, gflops, full, toFloor, extra = '') =>
  console.log(
    `  ${name.padEnd(24)} ${f(gflops).padStart(6)} GFLOP/s  full pass ${mins(full).padStart(9)}  ${f(toFloor, 2)}x floor${extra}`,
  );
line(
  `before (scalar, ${oldBand} rows)`,
  beforeGflops,
  before.fullPassSeconds,
  before.toFloor,
  `  (${f(beforePerCpu)} GFLOP per CPU-second)`,
);
line(
  'gramBlocks (1 thread)',
  gbGflops,
  setupSeconds + fullFlops / (gbGflops * 1e9),
  (setupSeconds + fullFlops / (gbGflops * 1e9)) / floorSeconds,
);
for (const p of Object.values(paths)) {
  line(
    `${p.kind === 'stats' ? '|cos| stats' : 'coherence'}, ${p.workers} thread${p.workers > 1 ? 's' : ''}`,
    p.gflops,
    p.fullPassSeconds,
    p.toFloor,
    `  (best of ${reps} ${f(p.bestGflops)} GFLOP/s; ${f(p.gflopsPerCpuSecond)} GFLOP per CPU-second${p.workers > 1 ? `, start ${f(p.startSeconds * 1e3, 0)} ms` : ''})`,
  );
}
for (const p of Object.values(paths)) {
  p.projectedIdleSeconds =
    setupSeconds + p.startSeconds + fullFlops / (p.workers * p.gflopsPerCpuSecond * 1e9);
}
console.log(
  `  projection for an idle machine (each thread a whole core at its measured GFLOP per CPU-second): ${Object.values(
    paths,
  )
    .map(
      (p) =>
        `${p.kind} x${p.workers} ${mins(p.projectedIdleSeconds)} (${f(p.projectedIdleSeconds / floorSeconds, 2)}x floor)`,
    )
    .join(', ')}`,
);
console.log(
  `  gramStatsParallel end to end (band, ${e2e.workers} workers, setup + start included): ${f(e2eSeconds, 2)} s`,
);
console.log(
  `  vs same-run JS scalar probe ${f(jsGflops)} GFLOP/s; vs same-run SGEMM probe ${f(sgemmGflops)} GFLOP/s: ${sgemmGflops ? f(100 * result.ratios.toSgemmProbe, 1) + ' %' : 'n/a (no numpy)'}`,
);
if (jsonPath) writeFileSync(jsonPath, JSON.stringify(result, null, 2) + '\n');
