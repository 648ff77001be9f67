#!/usr/bin/env node
// Blocked Gram throughput of @hyperposition/interference on the "at scale" problem:
// n = 100,000 feature directions in d = 512 dimensions (a codebook, features as rows).
//
// A full exact pass over the upper block triangle is about 5.1e12 flops (2.6e12 multiply-adds;
// flops here count a multiply and an add as two), far too long for plain JavaScript, so this benchmark times a representative band of block rows (every block
// (I, J >= I) of the first `--band` rows: the same kernel, the same memory traffic per block as
// the rest of the pass) and EXTRAPOLATES the full-pass time from the measured rate.
//
// It compares the rate with (1) the hardware's SGEMM rate from /work/shared/PERFORMANCE.md
// (about 145 GFLOP/s per core, OpenBLAS with the right kernel), (2) a same-run probe of plain
// JavaScript's scalar multiply-add ceiling (register-only loop, no memory), and (3) when
// /usr/bin/python3 has numpy, a same-run single-thread SGEMM probe (OPENBLAS_CORETYPE=SkylakeX).
//
// Usage (build first: pnpm --filter @hyperposition/interference build):
//   node packages/interference/bench/gram.bench.mjs [--band 256] [--block 64] [--json out.json] [--smoke]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRng } from '@hyperposition/hypervector';
import { gramBlocks } from '../dist/index.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const smoke = args.includes('--smoke');
const n = smoke ? 2000 : 100_000;
const d = smoke ? 64 : 512;
const block = Number(opt('block', 64));
const band = Number(opt('band', smoke ? 64 : 256));
const jsonPath = opt('json', null);
const SGEMM_REFERENCE = 145; // GFLOP/s per core, PERFORMANCE.md

function log(...xs) {
  process.stderr.write(xs.join(' ') + '\n');
}

// --- data: seeded Gaussian codebook [n, d]
log(`generating ${n} x ${d} Gaussian directions (seed 1)...`);
const rng = createRng(1);
const data = new Float32Array(n * d);
for (let t = 0; t < data.length; t++) data[t] = rng.nextNormal();
const W = { data, rows: n, cols: d };

// --- warm-up on a small slice so the kernel is optimised before timing
const warmRows = Math.min(2048, n);
const warm = { data: data.subarray(0, warmRows * d), rows: warmRows, cols: d };
gramBlocks(warm, { features: 'rows', block }, () => {});

// --- timed band; the visitor reads one value per block so nothing is optimised away
let sink = 0;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const res = gramBlocks(W, { features: 'rows', block, rowStart: 0, rowEnd: band }, (b) => {
  sink += b.values[0];
});
const t1 = process.hrtime.bigint();
const cpu1 = process.cpuUsage(cpu0);
const seconds = Number(t1 - t0) / 1e9;
// CPU seconds of this process: on a shared, oversubscribed machine the wall-clock rate
// understates the kernel; the CPU-time rate says what it does while it runs.
const cpuSeconds = (cpu1.user + cpu1.system) / 1e6;
// gramBlocks' time includes normalising all n rows once (O(nd), a few tens of ms); report it
// inside the band time, which slightly understates the kernel rate.
const gflops = res.flops / seconds / 1e9;

// full pass: every block row, the kernel's own count (diagonal blocks computed whole)
let fullFlops = 0;
for (let i0 = 0; i0 < n; i0 += block) {
  const bi = Math.min(block, n - i0);
  fullFlops += 2 * d * bi * (n - i0);
}
const fullSeconds = fullFlops / (gflops * 1e9);

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

const result = {
  benchmark: 'interference blocked Gram (cosine), upper block triangle',
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
  },
  problem: { n, d, block, bandRows: band, smoke },
  measured: {
    blocks: res.blocks,
    flops: res.flops,
    seconds,
    gflops,
    cpuSeconds,
    gflopsPerCpuSecond: res.flops / cpuSeconds / 1e9,
    loadAverage1m: os.loadavg()[0],
  },
  extrapolated: {
    note: 'full-pass time extrapolated from the measured band rate, not measured',
    fullPassFlops: fullFlops,
    fullPassSeconds: fullSeconds,
  },
  references: {
    sgemmReferenceGflops: SGEMM_REFERENCE,
    jsScalarProbeGflops: jsGflops,
    sgemmProbeGflops: sgemmGflops,
  },
  ratios: {
    toSgemmReference: gflops / SGEMM_REFERENCE,
    toJsScalarProbe: gflops / jsGflops,
    toSgemmProbe: sgemmGflops ? gflops / sgemmGflops : null,
  },
  sink,
};

const f = (x, p = 2) => (x === null ? 'n/a' : x.toFixed(p));
console.log(
  `blocked Gram, n = ${n}, d = ${d}, block ${block}, band of ${band} rows (${res.blocks} blocks)`,
);
console.log(
  `  measured:     ${f(res.flops / 1e9, 1)} GFLOP in ${f(seconds, 2)} s = ${f(gflops)} GFLOP/s`,
);
console.log(
  `  CPU time:     ${f(cpuSeconds, 2)} s = ${f(res.flops / cpuSeconds / 1e9)} GFLOP per CPU-second (load average ${f(os.loadavg()[0], 1)})`,
);
console.log(
  `  extrapolated: full pass ${f(fullFlops / 1e12, 2)} TFLOP -> ${f(fullSeconds / 60, 1)} min (not measured)`,
);
console.log(
  `  vs SGEMM reference ${SGEMM_REFERENCE} GFLOP/s/core: ${f(100 * result.ratios.toSgemmReference, 2)} %`,
);
console.log(
  `  vs same-run JS scalar probe ${f(jsGflops)} GFLOP/s: ${f(100 * result.ratios.toJsScalarProbe, 1)} %`,
);
console.log(
  `  vs same-run SGEMM probe ${f(sgemmGflops)} GFLOP/s: ${sgemmGflops ? f(100 * result.ratios.toSgemmProbe, 2) + ' %' : 'n/a (no numpy)'}`,
);
if (jsonPath) writeFileSync(jsonPath, JSON.stringify(result, null, 2) + '\n');
