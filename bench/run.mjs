#!/usr/bin/env node
// The cross-package benchmark: our code and the PyTorch peer on identical workloads, in one
// process tree, one after the other, with the hardware limits probed in the same run.
//
//   pnpm bench                      # builds the packages and the docs site, then: node bench/run.mjs
//   node bench/run.mjs --quick      # short smoke run (smaller sizes, fewer steps)
//   node bench/run.mjs --no-peer    # skip the PyTorch peer
//   node bench/run.mjs --no-browser # skip the Chromium step (pentagon example)
//
// Prints a table of medians and ratios and writes bench/results/latest.json. See README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const noPeer = args.includes('--no-peer');
const resultsDir = path.join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const log = (...xs) => process.stderr.write(xs.join(' ') + '\n');

// Sizes. The peer and our side always get the same ones.
const SIZES = quick
  ? { smallSteps: 300, largeSteps: 2, queries: 100, gramBand: 0 }
  : { smallSteps: 2000, largeSteps: 20, queries: 1000, gramBand: 64 };
const DOCUMENTED_SGEMM = 145; // GFLOP/s per core, /work/shared/PERFORMANCE.md (OpenBLAS, SkylakeX)

// ---------------------------------------------------------------- hardware probes (this run)
function medianTime(fn, runs) {
  const xs = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}

/** DRAM bandwidth, bytes/s: Float32Array.prototype.set between two 128 MiB buffers (256 MiB moved). */
function probeBandwidth() {
  const n = 32 << 20;
  const src = new Float32Array(n).fill(1);
  const dst = new Float32Array(n);
  dst.set(src);
  return (2 * n * 4) / medianTime(() => dst.set(src), quick ? 3 : 7);
}

/** Cache-resident bandwidth, bytes/s: the same copy between two 128 KiB buffers, repeated. */
const CACHE_PROBE_BYTES = 2 * (128 << 10);
function probeCacheBandwidth() {
  return probeCopyBandwidth(CACHE_PROBE_BYTES);
}

/**
 * The bandwidth of the same copy, repeated, with a working set of `bytes` (two buffers of
 * half that each): where an operation's operands live, in this machine's cache levels or its
 * memory, as measured rather than assumed.
 */
function probeCopyBandwidth(bytes) {
  const n = Math.ceil(bytes / 8);
  const src = new Float32Array(n).fill(1);
  const dst = new Float32Array(n);
  // About 64 MB moved per timed batch.
  const reps = Math.max(3, Math.round(64e6 / (8 * n)));
  dst.set(src);
  const t = medianTime(() => {
    for (let r = 0; r < reps; r++) dst.set(src);
  }, 7);
  return (reps * 2 * n * 4) / t;
}
/** probeCopyBandwidth, once per working-set size (rounded up to 4 KiB). */
const bandwidthAt = new Map();
function bandwidthFor(bytes) {
  const key = Math.ceil(bytes / 4096) * 4096;
  if (!bandwidthAt.has(key)) bandwidthAt.set(key, probeCopyBandwidth(key));
  return bandwidthAt.get(key);
}

// ---------------------------------------------------------------- children
function runJson(cmd, argv, { cwd = root, env = {}, timeout = 1_200_000 } = {}) {
  log(`$ ${cmd} ${argv.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  log(`  (${((Date.now() - t0) / 1e3).toFixed(1)} s)`);
  if (r.status !== 0) {
    log(`  failed: status ${r.status} ${r.error ?? ''}`);
    return null;
  }
  const line = r.stdout.trim().split('\n').filter(Boolean).at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

const PY = '/usr/bin/python3';
const PEER_ENV = { OPENBLAS_CORETYPE: 'SkylakeX', OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
function peerAvailable() {
  if (noPeer) return { ok: false, why: 'skipped (--no-peer)' };
  if (!existsSync(PY)) return { ok: false, why: `${PY} not found` };
  const r = spawnSync(PY, ['-c', 'import torch, numpy'], {
    encoding: 'utf8',
    env: { ...process.env, ...PEER_ENV },
  });
  if (r.status !== 0) {
    return {
      ok: false,
      why: 'PyTorch not installed (apt-get install python3-torch python3-numpy libopenblas0-pthread)',
    };
  }
  // Debian's PyTorch takes whichever BLAS the system has: without OpenBLAS that is the
  // reference BLAS, about 25 times slower at SGEMM here, and every row against the peer would be
  // flattered by that much. A 512-cube product (a few ms) tells them apart.
  const blas = spawnSync(
    PY,
    [
      '-c',
      'import time, torch\n' +
        'torch.set_num_threads(1); a = torch.randn(512, 512); a @ a\n' +
        't = time.perf_counter(); [a @ a for _ in range(4)]\n' +
        'print(4 * 2 * 512 ** 3 / (time.perf_counter() - t) / 1e9)',
    ],
    { encoding: 'utf8', env: { ...process.env, ...PEER_ENV }, timeout: 120_000 },
  );
  const gflops = Number((blas.stdout ?? '').trim().split('\n').at(-1));
  if (blas.status !== 0 || !Number.isFinite(gflops)) {
    return {
      ok: false,
      why: `PyTorch's SGEMM check failed: ${(blas.stderr ?? '').trim().split('\n').at(-1) || 'no rate printed'}`,
    };
  }
  if (gflops < DOCUMENTED_SGEMM / 6) {
    return {
      ok: false,
      why: `PyTorch's SGEMM runs at ${gflops.toFixed(1)} GFLOP/s, far below OpenBLAS's ${DOCUMENTED_SGEMM} (PERFORMANCE.md): its BLAS is not OpenBLAS (apt-get install libopenblas0-pthread)`,
    };
  }
  return { ok: true, why: '' };
}
const peerDir = path.join(root, 'bench', 'peers');
const runPeer = (script, argv) =>
  runJson(PY, [path.join(peerDir, script), ...argv], { cwd: peerDir, env: PEER_ENV });

function ours(script, argv, env = {}) {
  const tmp = path.join(resultsDir, `${path.basename(script)}.json.tmp`);
  rmSync(tmp, { force: true });
  const out = runJson(process.execPath, [script, ...argv, '--json', tmp], { env });
  // Prefer the file the script wrote (some print a report, not JSON, on stdout).
  const file = existsSync(tmp) ? JSON.parse(readFileSync(tmp, 'utf8')) : null;
  rmSync(tmp, { force: true });
  return file ?? out;
}

// ---------------------------------------------------------------- run
const started = new Date();
log(
  `bench: ${quick ? 'quick' : 'full'} run, ${os.cpus().length} cpus, load ${os.loadavg()[0].toFixed(2)}`,
);
const bandwidth = probeBandwidth();
const cacheBandwidth = probeCacheBandwidth();
log(
  `memory bandwidth ${(bandwidth / 1e9).toFixed(1)} GB/s, cache ${(cacheBandwidth / 1e9).toFixed(1)} GB/s`,
);

const peer = peerAvailable();
// The peer's probe (its SGEMM rate and its Gram band) runs twice, at the start of the run and
// at its end, and each result is the better of the two: the machine is shared, its speed
// moves in phases of seconds, and a probe taken in a slow phase would understate what the
// hardware (and the peer) can do, which would flatter every row compared with it.
const probeArgs = quick ? ['--gemm', '1024', '--gram-band', '256'] : ['--gemm', '2048'];
let probeStart = null;
let peerToyFirst = null;
let peerVsaFirst = null;
if (peer.ok) {
  probeStart = runPeer('probe.py', probeArgs);
  peerToyFirst = runPeer('toy_models.py', [
    '--small-steps',
    String(SIZES.smallSteps),
    '--large-steps',
    String(SIZES.largeSteps),
  ]);
  peerVsaFirst = runPeer('vsa.py', ['--queries', String(SIZES.queries)]);
}

const quickFlag = quick ? ['--quick'] : [];
const ourToyFirst = ours('packages/toy-models/bench/peer.bench.mjs', [
  ...quickFlag,
  '--tfjs',
  '--small-steps',
  String(SIZES.smallSteps),
  '--large-steps',
  String(SIZES.largeSteps),
]);
const ourVsaFirst = ours('packages/hypervector/bench/peer.bench.mjs', [
  '--queries',
  String(SIZES.queries),
]);
const ourGram = ours(
  'packages/interference/bench/gram.bench.mjs',
  quick ? ['--smoke'] : ['--band', String(SIZES.gramBand)],
);
// The same pass on WebAssembly tiles (what a browser runs), for reference, where the native
// kernels ran the main one.
const ourGramWasm =
  ourGram?.problem?.kernel === 'native'
    ? ours('packages/interference/bench/gram.bench.mjs', [
        ...(quick ? ['--smoke'] : ['--band', String(SIZES.gramBand)]),
        '--native',
        '0',
      ])
    : null;

const pentagon = args.includes('--no-browser') ? null : ours('bench/pentagon.mjs', []);

// A second pass of the VSA operations on both sides, in the reverse order (so the passes run
// peer, ours ... ours, peer), without the clean-up; each side's row keeps the faster of its two
// medians (ours with the floor copy timed beside it). Microsecond operations on a shared
// machine move by a factor of two between phases of a few seconds, and one pass per side
// compares whichever phases each happened to fall in.
const ourVsaSecond = ours('packages/hypervector/bench/peer.bench.mjs', ['--ops-only']);
const peerVsaSecond = peer.ok ? runPeer('vsa.py', ['--ops-only']) : null;
/** `first` with each timed row replaced by `second`'s where that ran faster. */
function fasterOf(first, second) {
  if (!first?.results || !second?.results) return first?.results ? first : second;
  const results = { ...first.results };
  for (const [key, r] of Object.entries(second.results)) {
    const f = results[key];
    if (r?.median_s != null && (f?.median_s == null || r.median_s < f.median_s)) results[key] = r;
  }
  return { ...first, results, passes: [first, second] };
}
// The same operations without the native addon (HYPERPOSITION_NATIVE=0: no C++ kernels and
// no fast calls), on the WebAssembly SIMD kernels and the JavaScript loops, as a browser or a
// machine without a compiler runs them: one pass, for reference.
const ourVsaWasm = ours('packages/hypervector/bench/peer.bench.mjs', ['--ops-only'], {
  HYPERPOSITION_NATIVE: '0',
});
const NO_ADDON =
  '  the same without the native addon (WebAssembly SIMD, as in a browser), for reference';
const ourVsa = fasterOf(ourVsaFirst, ourVsaSecond);
const peerVsa = fasterOf(peerVsaFirst, peerVsaSecond);
// The same for the small toy model (steps of a few hundred µs on our side, where a slow phase
// of the machine moved our time from 290 to 510 µs a step between runs of one day): a second
// pass of it on both sides, ours first (so peer, ours ... ours, peer), each side keeping its
// faster median.
const ourToySecond = ours('packages/toy-models/bench/peer.bench.mjs', [
  ...quickFlag,
  '--small-steps',
  String(SIZES.smallSteps),
  '--large-steps',
  '0',
]);
const peerToySecond = peer.ok
  ? runPeer('toy_models.py', ['--small-steps', String(SIZES.smallSteps), '--small-only'])
  : null;
const ourToy = fasterOf(ourToyFirst, ourToySecond);
const peerToy = fasterOf(peerToyFirst, peerToySecond);

const probeEnd = peer.ok ? runPeer('probe.py', probeArgs) : null;
/** The better of the two probes' results for `key` (higher GFLOP/s). */
function bestProbe(key) {
  const xs = [probeStart, probeEnd].map((p) => p?.results?.[key]).filter((x) => x?.gflops);
  return xs.length === 0 ? null : xs.reduce((a, b) => (b.gflops > a.gflops ? b : a));
}
const probe =
  probeStart || probeEnd
    ? {
        ...(probeStart ?? probeEnd),
        results: { sgemm: bestProbe('sgemm'), gram_band: bestProbe('gram_band') },
        runs: [probeStart, probeEnd],
      }
    : null;
const gemmRates = [probeStart, probeEnd]
  .map((p) => p?.results?.sgemm?.gflops)
  .filter((g) => g != null)
  .map((g) => g.toFixed(0));
const gemm = probe?.results?.sgemm?.gflops
  ? {
      gflops: probe.results.sgemm.gflops,
      source: `measured: the peer's SGEMM (probe.py), the better of ${gemmRates.length} probes (${gemmRates.join(' and ')} GFLOP/s) at the start and end of the run`,
    }
  : { gflops: DOCUMENTED_SGEMM, source: 'documented (PERFORMANCE.md), not measured: no peer' };

// ---------------------------------------------------------------- rows
const rows = [];
/**
 * One row. `ours` and `peer` are seconds per unit of work (lower is better); `limit` is the
 * hardware's floor for that work in seconds; `target` checks the row.
 */
function row(workload, { ours: o, peer: p, limit, limitNote, unit = 's', target, check }) {
  const speedup = o != null && p != null ? p / o : null;
  const toLimit = o != null && limit != null ? o / limit : null;
  rows.push({
    workload,
    unit,
    ours: o ?? null,
    peer: p ?? null,
    speedup,
    limit: limit ?? null,
    limitNote: limitNote ?? null,
    oursOverLimit: toLimit,
    target,
    met: check ? check({ speedup, toLimit }) : null,
  });
}
const pr = peerToy?.results;
const or = ourToy?.results;

// Small toy model: seconds per step.
{
  const flops = 10 * 1024 * 8 * 2 * 5; // encoder, decoder, two gradient products: 2 m n each
  const threads = or?.toy_small?.threads;
  row(
    `toy model 10 x (n=5, m=2), batch 1024, Adam: time per step${threads > 1 ? ` (${threads} threads)` : ''}`,
    {
      ours: or?.toy_small ? 1 / or.toy_small.steps_per_s : null,
      peer: pr?.toy_small ? 1 / pr.toy_small.steps_per_s : null,
      limit: (flops * 2) / (gemm.gflops * 1e9),
      limitNote: `${((flops * 2) / 1e6).toFixed(1)} MFLOP at the GEMM rate`,
      target: '>= 5x PyTorch steps/s',
      check: ({ speedup }) => (speedup == null ? null : speedup >= 5),
    },
  );
  if (or?.toy_small_1thread) {
    row('  the same on one thread, for reference', {
      ours: 1 / or.toy_small_1thread.steps_per_s,
      peer: pr?.toy_small ? 1 / pr.toy_small.steps_per_s : null,
      limit: (flops * 2) / (gemm.gflops * 1e9),
      target: 'none (reference)',
    });
  }
}
// For reference: the same small model on the tfjs engine (wasm backend), the library's default.
row('  the same on the tfjs engine (wasm), for reference', {
  ours: or?.toy_small_tfjs ? 1 / or.toy_small_tfjs.steps_per_s : null,
  peer: pr?.toy_small ? 1 / pr.toy_small.steps_per_s : null,
  target: 'none (reference)',
});
// Large toy model: seconds per step. The floor is the arithmetic no implementation can skip,
// at the GEMM rate, plus one Adam pass over W at the memory bandwidth (read W, g, m, v; write
// W, m, v): the dense decoder forward, the encoder and its gradient over the active inputs, and
// the two backward products over the output gradient's non-zero entries (its density ρ in the
// timed steps is measured by the bench: the ReLU passes a gradient wherever its output is on).
{
  const B = 256;
  const m = 500;
  const n = 10_000;
  const p = 0.01;
  const denseFlops = 2 * B * m * n;
  const encoderFlops = 2 * 2 * B * n * p * m;
  const adamBytes = 7 * 4 * m * n;
  const floor = (density) =>
    density == null
      ? null
      : (denseFlops * (1 + 2 * density) + encoderFlops) / (gemm.gflops * 1e9) +
        adamBytes / bandwidth;
  const pct = (density) => `${Math.round(density * 100)}%`;
  const limitNote = (density) =>
    `decoder forward + backward products over the ${pct(density)} non-zero gradient entries + encoder, at the GEMM rate; Adam over W at the memory bandwidth`;
  const threads = or?.toy_large?.threads;
  const isa = or?.toy_large?.native;
  const how = [
    isa && isa !== 'none' ? `native ${isa}` : null,
    threads > 1 ? `${threads} threads` : null,
  ].filter(Boolean);
  const first = or?.toy_large?.grad_density;
  const largeTarget = 'faster than PyTorch; within 2x of the limit';
  const largeCheck = ({ speedup, toLimit }) =>
    speedup == null ? null : speedup > 1 && toLimit != null && toLimit <= 2;
  row(
    `toy model n=10,000, m=500, batch 256, p=0.01, Adam: time per step${how.length ? ` (${how.join(', ')})` : ''}, first steps${first != null ? ` (output gradient ${pct(first)} non-zero)` : ''}`,
    {
      ours: or?.toy_large ? or.toy_large.ms_per_step / 1e3 : null,
      peer: pr?.toy_large ? pr.toy_large.ms_per_step / 1e3 : null,
      limit: floor(first),
      limitNote: first != null ? limitNote(first) : null,
      target: largeTarget,
      check: largeCheck,
    },
  );
  if (or?.toy_large_1thread) {
    row('  the same on one thread', {
      ours: or.toy_large_1thread.ms_per_step / 1e3,
      peer: pr?.toy_large ? pr.toy_large.ms_per_step / 1e3 : null,
      limit: floor(or.toy_large_1thread.grad_density ?? first),
      target: largeTarget,
      check: largeCheck,
    });
  }
  if (or?.toy_large_wasm) {
    row(
      '  the same on WebAssembly SIMD (native: false, as in a browser), 2 threads, for reference',
      {
        ours: or.toy_large_wasm.ms_per_step / 1e3,
        peer: pr?.toy_large ? pr.toy_large.ms_per_step / 1e3 : null,
        limit: floor(first),
        target: 'none (reference)',
      },
    );
  }
  const trained = or?.toy_large_trained;
  if (trained) {
    row(
      `  the same after ${trained.warmup.toLocaleString('en-US')} steps (output gradient ${pct(trained.grad_density)} non-zero; PyTorch's step costs the same at any density), 2 threads, for reference`,
      {
        ours: trained.ms_per_step / 1e3,
        peer: pr?.toy_large ? pr.toy_large.ms_per_step / 1e3 : null,
        limit: floor(trained.grad_density),
        limitNote: limitNote(trained.grad_density),
        target: 'none (reference)',
      },
    );
  }
}
// VSA operations.
const vr = ourVsa?.results;
const pv = peerVsa?.results;
// The floor: the operands' bytes (our representation) at the bandwidth a copy with that
// working set reaches, timed in alternation with the operation itself (so that a shared
// machine's drift hits both alike): from a few kB in L1 to a bundle's 4 to 8 MB of rows, which
// do not fit in a core's L2 cache, each is measured at its own size rather than assumed. HRR
// binding is three real FFTs of d points: at least 3 x 2.5 d log2 d flops, at the GEMM rate,
// whichever is longer.
const D_VSA = 10_000;
const fftFlops = 3 * 2.5 * D_VSA * Math.log2(D_VSA);
for (const model of ['MAP', 'BSC', 'HRR', 'FHRR']) {
  const vec = vr?.[`${model}.bytes`]?.vector;
  for (const [op, label, bytes] of [
    ['bind', 'bind', 3],
    ['bind.arena', 'bind, vectors in a vector arena', 3],
    ['bundle100', 'bundle of 100', 101],
    ['permute', 'permute', 2],
    ['permute.arena', 'permute, vectors in a vector arena', 2],
  ]) {
    // Arena rows only where vector arenas have a kernel of their own (HRR and FHRR binding
    // take the same path for any array).
    if (op === 'bind.arena' && (model === 'HRR' || model === 'FHRR')) continue;
    const o = vr?.[`${model}.${op}`]?.median_s;
    // The copy of the same working set timed in alternation with the operation (our script's
    // floor_s); a separate probe here for results without it.
    const paired = vr?.[`${model}.${op}`]?.floor_s;
    const bw = !vec ? null : paired ? (bytes * vec) / paired : bandwidthFor(bytes * vec);
    if (paired && vec) bandwidthAt.set(Math.ceil((bytes * vec) / 4096) * 4096, bw);
    let limit = vec ? (bytes * vec) / bw : null;
    let limitNote = vec
      ? `${((bytes * vec) / 1e3).toFixed(0)} kB at ${(bw / 1e9).toFixed(1)} GB/s, the bandwidth of a copy with that working set${paired ? ', timed in alternation with the operation' : ''}`
      : null;
    if (model === 'HRR' && op.startsWith('bind') && limit != null) {
      const alu = fftFlops / (gemm.gflops * 1e9);
      if (alu > limit) {
        limit = alu;
        limitNote = `three real FFTs of d points (3 x 2.5 d log2 d flops) at the GEMM rate`;
      }
    }
    row(`${model} ${label}, d=10,000`, {
      ours: o,
      // The peer has one way to run each operation: the arena rows compare with it too.
      peer: pv?.[`${model}.${op.replace('.arena', '')}`]?.median_s,
      limit,
      limitNote,
      target: 'within 2x of the limit; at least as fast as PyTorch',
      check: ({ speedup, toLimit }) =>
        toLimit == null ? null : toLimit <= 2 && (speedup == null || speedup >= 1),
    });
    // Without the addon (arena vectors take the same WebAssembly kernels either way), against
    // the floor copy timed beside it in that pass.
    const w = op.endsWith('.arena') ? null : ourVsaWasm?.results?.[`${model}.${op}`];
    if (w?.median_s != null) {
      const wf = w.floor_s ?? limit;
      row(NO_ADDON, {
        ours: w.median_s,
        peer: pv?.[`${model}.${op}`]?.median_s,
        limit: model === 'HRR' && op === 'bind' && limit != null ? Math.max(wf, limit) : wf,
        target: 'none (reference)',
      });
    }
  }
}
// One query against 1,000 items (a clean-up memory's lookup), for reference: the floor is
// the codebook's bytes at the bandwidth of a copy of that working set, timed beside it.
for (const model of ['MAP', 'BSC', 'HRR', 'FHRR']) {
  const vec = vr?.[`${model}.bytes`]?.vector;
  const r = vr?.[`${model}.sim1000`];
  if (!r) continue;
  const bytes = 1001 * vec;
  const limit = r.floor_s ?? (vec ? bytes / bandwidthFor(bytes) : null);
  row(`${model} similarity of one query to 1,000 items, d=10,000, for reference`, {
    ours: r.median_s,
    peer: pv?.[`${model}.sim1000`]?.median_s,
    limit,
    limitNote: vec
      ? `${(bytes / 1e6).toFixed(1)} MB at ${(bytes / limit / 1e9).toFixed(1)} GB/s, the bandwidth of a copy with that working set`
      : null,
    target: 'none (reference)',
  });
  const w = ourVsaWasm?.results?.[`${model}.sim1000`];
  if (w?.median_s != null) {
    row(NO_ADDON, {
      ours: w.median_s,
      peer: pv?.[`${model}.sim1000`]?.median_s,
      limit: w.floor_s ?? limit,
      target: 'none (reference)',
    });
  }
}
// Clean-up: seconds for the whole batch of queries; the floor is the peer's dense float
// similarity (2 Q N d flops) at the GEMM rate.
for (const model of ['MAP', 'BSC']) {
  const Q = vr?.['cleanup.queries'] ?? SIZES.queries;
  const N = vr?.['cleanup.items'] ?? 10_000;
  row(`clean-up ${Q} queries x ${N} items, d=10,000, ${model}`, {
    ours: vr?.[`cleanup.${model}`]?.median_s,
    peer: pv?.[`cleanup.${model}`]?.median_s,
    limit: (2 * Q * N * 10_000) / (gemm.gflops * 1e9),
    limitNote: 'dense float similarity (what the peer computes) at the GEMM rate',
    target: "faster than PyTorch's dense float similarity",
    check: ({ speedup }) => (speedup == null ? null : speedup > 1),
  });
}
// Gram / coherence: seconds for the full pass, extrapolated by both sides from a band of rows.
// Ours: the bench's own extrapolation (normalising once + starting the workers + every tile at
// the band's rate), for its default number of worker threads and for one thread; result files
// from before that carry only a rate, read as n^2 d flops at that rate.
{
  const g = ourGram;
  const gp = probe?.results?.gram_band;
  const n = g?.problem?.n ?? 100_000;
  const d = g?.problem?.d ?? 512;
  const fullFlops = n * n * d; // symmetric half of 2 n^2 d
  const workers = g?.measured?.workers ?? 1;
  const kernel = g?.problem?.kernel === 'native' ? 'native, ' : '';
  const gramRow = (label, seconds, reference = false) =>
    row(`Gram / coherence of ${n} features at d=${d} (full pass, from a band; ${label})`, {
      ours: seconds,
      peer: gp && !quick ? fullFlops / (gp.gflops * 1e9) : null,
      limit: fullFlops / (gemm.gflops * 1e9),
      limitNote: 'n^2 d flops at the GEMM rate',
      target: reference ? 'none (reference)' : "within 3x of the hardware's GEMM rate",
      check: reference ? undefined : ({ toLimit }) => (toLimit == null ? null : toLimit <= 3),
    });
  gramRow(
    `${kernel}${workers} worker${workers > 1 ? 's' : ''}`,
    g?.extrapolated?.fullPassSeconds ??
      (g?.measured ? fullFlops / (g.measured.gflops * 1e9) : null),
  );
  if (workers > 1 && g?.paths?.workers1) {
    gramRow(`${kernel}1 thread`, g.paths.workers1.fullPassSeconds);
  }
  const w = ourGramWasm;
  if (w?.extrapolated?.fullPassSeconds) {
    const ww = w.measured?.workers ?? 1;
    gramRow(
      `WebAssembly tiles, ${ww} worker${ww > 1 ? 's' : ''}, for reference`,
      w.extrapolated.fullPassSeconds,
      true,
    );
  }
}
row(
  `live pentagon example in headless Chromium (wasm, ${pentagon?.engine ?? 'default'} engine), 3 x 2,000 steps`,
  {
    ours: pentagon?.seconds ?? null,
    peer: null,
    target: 'trained to the pentagon in under 5 s',
    limitNote: pentagon?.skipped ?? null,
    check: () =>
      pentagon?.seconds == null ? null : pentagon.seconds < 5 && pentagon.represented === 5,
  },
);
// For reference: the same example with ?engine=tfjs (each step a chain of tfjs ops on wasm).
row('  the same example on the tfjs engine (wasm), for reference', {
  ours: pentagon?.tfjsSeconds ?? null,
  peer: null,
  target: 'none (reference)',
  limitNote: pentagon?.skipped ?? null,
});

// ---------------------------------------------------------------- output
const fmt = (s) =>
  s == null
    ? '-'
    : s >= 100
      ? `${s.toFixed(0)} s`
      : s >= 1
        ? `${s.toFixed(2)} s`
        : s >= 1e-3
          ? `${(s * 1e3).toFixed(2)} ms`
          : `${(s * 1e6).toFixed(2)} us`;
const x = (v) => (v == null ? '-' : v >= 100 ? `${v.toFixed(0)}x` : `${v.toFixed(2)}x`);
const peerLabel = peer.ok ? 'PyTorch' : 'PyTorch (n/a)';
const header = ['workload', 'ours', peerLabel, 'speedup', 'hw limit', 'ours/limit', 'target met'];
const table = rows.map((r) => [
  r.workload,
  fmt(r.ours),
  peer.ok ? fmt(r.peer) : 'not installed',
  x(r.speedup),
  fmt(r.limit),
  x(r.oursOverLimit),
  r.met == null ? '-' : r.met ? 'yes' : 'NO',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(
  `\nHyperposition vs PyTorch, medians of this run (${quick ? 'quick' : 'full'}), ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(2)}`,
);
console.log(
  `hardware: GEMM ${gemm.gflops.toFixed(1)} GFLOP/s (${gemm.source}); memory ${(bandwidth / 1e9).toFixed(1)} GB/s, cache ${(cacheBandwidth / 1e9).toFixed(1)} GB/s (Float32Array.prototype.set, measured)`,
);
if (!peer.ok) console.log(`peer: ${peer.why}`);
console.log(
  'time per unit of work; speedup = PyTorch time / our time; ours/limit = our time / hardware floor\n',
);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const t of table) console.log(line(t));

const result = {
  format: 'hyperposition-bench',
  version: 1,
  date: started.toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    loadAverage1m: os.loadavg()[0],
    node: process.version,
  },
  hardware: {
    gemm,
    bandwidth,
    cacheBandwidth,
    bandwidthAt: Object.fromEntries([...bandwidthAt].map(([k, v]) => [String(k), v])),
  },
  peer: { available: peer.ok, note: peer.why || null, meta: peerToy?.meta ?? probe?.meta ?? null },
  sizes: SIZES,
  rows,
  raw: {
    ours: {
      toy: ourToy,
      vsa: ourVsa,
      vsaWasm: ourVsaWasm,
      gram: ourGram,
      gramWasm: ourGramWasm,
      pentagon,
    },
    peer: { probe, toy: peerToy, vsa: peerVsa },
  },
};
const outPath = path.join(resultsDir, quick ? 'quick.json' : 'latest.json');
writeFileSync(outPath, JSON.stringify(result, null, 2) + '\n');
console.log(`\nwrote ${path.relative(root, outPath)}`);
